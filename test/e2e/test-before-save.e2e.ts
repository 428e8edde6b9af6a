/**
 * Issue 31, done-when: a Huawei key that the fake refuses on DCS for permission is tested before
 * saving and the form names the missing action; keys the provider refuses make Save ask first.
 * And the popup of someone with accounts but no task yet says what happens next.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';
import { createFakeCloud } from '../fake-cloud/index';
import { createHuaweiFake, DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS } from '../fake-cloud/dnspod';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const send = (page: Page, req: unknown): Promise<any> => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);
const storedAccounts = async (): Promise<unknown[]> => ((await session!.storageLocal()).accounts as unknown[] | undefined) ?? [];

async function fillHuawei(options: Page, secret: string): Promise<void> {
  await options.getByLabel('Provider').selectOption('huawei');
  await options.getByLabel('Account name').fill('Production');
  await options.getByLabel('Access key ID').fill(DEMO_HUAWEI_KEYS.accessKeyId);
  await options.getByLabel('Secret access key').fill(secret);
}

describe('Test connection before saving', () => {
  it('a Huawei key refused on DCS for permission: tested before saving, the form names the missing action, and Save keeps it with the warning', async () => {
    const cloud = demoCloud();
    // The fake answers a refused IAM permission as Huawei's DCS does: 403 with its body shape (huawei.ts `deny`).
    cloud.huawei.deny.push('ListDcsTasks');
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    const form = options.locator('section[aria-labelledby="account-form-heading"]');
    await fillHuawei(options, DEMO_HUAWEI_KEYS.secretAccessKey);
    await form.getByRole('button', { name: 'Test connection' }).click();

    await form.getByRole('listitem').filter({ hasText: 'DCS tasks in cn-north-4: missing permission dcs:task:list.' }).waitFor();
    await form.getByRole('listitem').filter({ hasText: 'DNS tasks: works.' }).waitFor();
    await form.getByText('Nothing is stored until you save.', { exact: false }).waitFor();
    // The calls were the signed ones polling makes, and nothing was kept.
    const tried = cloud.records.filter((r) => r.provider === 'huawei');
    expect(tried.map((r) => r.operation)).toEqual(expect.arrayContaining(['ListBatchOperationTasks', 'ListDcsTasks']));
    expect(tried.every((r) => r.signatureValid)).toBe(true);
    expect(await storedAccounts()).toEqual([]);
    expect(JSON.stringify(await session.storageLocal())).not.toContain(DEMO_HUAWEI_KEYS.secretAccessKey);

    // A warning does not stop Save.
    await form.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Account saved').waitFor();
    expect(await options.getByRole('dialog').count()).toBe(0);
    await eventually(storedAccounts, (a) => a.length === 1, 'the account is saved');
  });

  it('refused keys: the form says so, and Save asks first; Cancel keeps nothing, "Save anyway" saves', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    const form = options.locator('section[aria-labelledby="account-form-heading"]');
    await fillHuawei(options, 'WrongSecretKeyWrongSecretKey0000');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.getByText('Keys refused: Huawei Cloud rejected the access key.', { exact: false }).waitFor();

    await form.getByRole('button', { name: 'Save account' }).click();
    const dialog = options.getByRole('dialog', { name: 'Save keys that were refused?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await options.getByText('No accounts yet.', { exact: false }).waitFor();
    expect(await storedAccounts()).toEqual([]);

    await form.getByRole('button', { name: 'Save account' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Save anyway' }).click();
    await options.getByText('Account saved').waitFor();
    await eventually(storedAccounts, (a) => a.length === 1, 'the account is saved after the question');
  });
});

describe('the popup with accounts but no task yet', () => {
  it('says what happens next for each provider, not "add an account"; typed keys cannot be sent from it', async () => {
    const huawei = createHuaweiFake({ ...DEMO_HUAWEI_KEYS, dnsTasks: [], dcsTasks: [] });
    const dnspod = createDnspodFake({ ...defaultDnspodScenario(), jobs: [] });
    const cloud = createFakeCloud([huawei, dnspod]);
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    expect(await send(options, { type: 'saveAccount', provider: 'huawei', name: 'Empty Huawei', settings: {}, secrets: { ...DEMO_HUAWEI_KEYS } })).toMatchObject({ ok: true });
    expect(await send(options, { type: 'saveAccount', provider: 'dnspod', name: 'Empty DNSPod', settings: {}, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } })).toMatchObject({ ok: true });

    const popup = await session.openPage('popup.html');
    await popup.getByText('Huawei Cloud (Empty Huawei): tasks appear here once they are submitted. Batchwatch checks for new ones every 5 minutes', { exact: false }).waitFor();
    await popup.getByText('(Empty DNSPod) has no list of batch jobs', { exact: false }).waitFor();
    await popup.getByText('that page tracks the job by itself', { exact: false }).waitFor();
    await popup.getByRole('heading', { name: 'Track a task' }).waitFor();
    await popup.getByRole('button', { name: 'Add an account' }).waitFor({ state: 'detached' });
    expect(await popup.getByText('No batch tasks yet — add an account').count()).toBe(0);

    // Only the options page may send keys to test: the popup is refused.
    expect(await send(popup, { type: 'testKeys', provider: 'huawei', settings: {}, secrets: { ...DEMO_HUAWEI_KEYS } })).toEqual({ ok: false, error: 'Sender not allowed' });
  });
});
