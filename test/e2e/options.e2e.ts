/**
 * Accounts managed as a user would: add, test the connection, edit (secrets stay write-only),
 * remove with a confirmation that Escape cancels. And the engine's promises end to end: the
 * request count equals the theoretical minimum, and one notification for a task that ends
 * with failures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, launchExtension, nothingPending, storedTasks, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS } from './scenario';
import { DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('options page', () => {
  it('adds, tests, edits and removes an account; secrets are never shown again', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('huawei');
    await options.getByLabel('Account name').fill('Production');
    await options.getByLabel('Access key ID').fill(DEMO_HUAWEI_KEYS.accessKeyId);
    await options.getByLabel('Secret access key').fill(DEMO_HUAWEI_KEYS.secretAccessKey);
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Account saved').waitFor();
    expect(await options.content()).not.toContain(DEMO_HUAWEI_KEYS.secretAccessKey);
    await options.getByText('Secret access key: •••••••• (stored)', { exact: false }).waitFor();

    await options.locator('.account-card').getByRole('button', { name: 'Test connection' }).click();
    await options.getByText('Connection works: the keys were accepted.').waitFor();

    await options.getByRole('button', { name: 'Edit' }).click();
    await options.getByRole('heading', { name: 'Edit account' }).waitFor();
    // The form is filled from the stored account a step after its heading changes.
    await eventually(() => options.getByLabel('Account name').inputValue(), (name) => name === 'Production', 'the form holds the account');
    expect(await options.getByLabel('Secret access key').inputValue()).toBe('');
    await eventually(() => options.getByLabel('Secret access key').getAttribute('placeholder'), (p) => p === 'stored — leave empty to keep', 'the secret field says a key is stored');
    await options.getByLabel('Account name').fill('Production (renamed)');
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Production (renamed)').first().waitFor();
    await options.locator('.account-card').getByRole('button', { name: 'Test connection' }).click();
    await options.getByText('Connection works: the keys were accepted.').waitFor();

    await options.getByRole('button', { name: 'Remove' }).click();
    await options.getByRole('dialog').waitFor();
    await options.keyboard.press('Escape');
    await options.getByRole('dialog').waitFor({ state: 'detached' });
    await options.getByText('Production (renamed)').first().waitFor();
    await options.getByRole('button', { name: 'Remove' }).click();
    await options.getByRole('button', { name: 'Remove account' }).click();
    await options.getByText('No accounts yet.', { exact: false }).waitFor();
    await eventually(async () => Object.keys(storedTasks(await session!.storageLocal())), (keys) => keys.length === 0, 'the account\'s tasks leave with it');
  });
});

describe('engine, end to end', () => {
  it('makes exactly the theoretical minimum of requests, and notifies once for a task that ends with failures', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const page = await session.openPage('options.html');
    const send = (req: unknown) => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);
    const cycleAt = async () => ((await session!.storageLocal()).lastCycleAt as number | undefined) ?? 0;
    await send({ type: 'saveAccount', ...DEMO_ACCOUNTS[0], settings: { region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef' } });
    let last = await eventually(cycleAt, (t) => t > 0, 'first cycle');
    let cycles = 1;
    for (let i = 0; i < 4; i++) {
      await send({ type: 'refreshNow' });
      last = await eventually(cycleAt, (t) => t > last, 'next cycle');
      cycles++;
    }
    await nothingPending(session!, 'all tasks finished (the badge shows only unseen failures)');
    // Per cycle one DNS list and one DCS list; finished tasks are never asked for again; the
    // one watched task that ended with failures gets its failed items once. The install's own
    // cycle may end first, with no account to poll, and be the one the test counted first.
    const lists = cloud.count('huawei', 'ListBatchOperationTasks');
    expect(cloud.count('huawei', 'ListDcsTasks')).toBe(lists);
    expect(lists).toBeGreaterThanOrEqual(cycles - 1);
    expect(lists).toBeLessThanOrEqual(cycles);
    expect(cloud.count('huawei')).toBe(lists * 2 + 1);
    expect(cloud.count('huawei', 'ShowBatchOperationTask')).toBe(1);
    const notificationIds = async () => Object.keys((await (await session!.worker()).evaluate(() => (globalThis as any).chrome.notifications.getAll())) as Record<string, unknown>);
    const ids = await eventually(notificationIds, (found) => found.length > 0, 'the notification of the task that ended with failures');
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/:dns-batch:9a186e66977dd48f01977e021c480cae$/);
  });
});
