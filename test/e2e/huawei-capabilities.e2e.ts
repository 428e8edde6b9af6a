/**
 * Issue 28, done-when: a Huawei account whose key reads DNS but is refused DCS for permission
 * shows its DNS tasks, and says in the popup and on its options card that DCS tasks are not
 * watched and which permission is missing; Test connection reports each capability.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';
import { DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('Huawei capabilities', () => {
  it('DNS fine, DCS refused for permission: DNS tasks shown, DCS "not watched" with the missing action, in the popup and on the card', async () => {
    const cloud = demoCloud();
    cloud.huawei.deny.push('ListDcsTasks');
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('huawei');
    await options.getByLabel('Account name').fill('Production');
    await options.getByLabel('Access key ID').fill(DEMO_HUAWEI_KEYS.accessKeyId);
    await options.getByLabel('Secret access key').fill(DEMO_HUAWEI_KEYS.secretAccessKey);
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Account saved').waitFor();

    const popup = await session.openPage('popup.html');
    await popup.getByText('9a186e66977dd48f01977e021c480cac', { exact: true }).waitFor();
    const note = popup.locator('[data-capability="dcs:cn-north-4"]');
    await note.getByText('DCS tasks in cn-north-4 are not watched.', { exact: false }).waitFor();
    await note.getByText('Missing permission dcs:task:list', { exact: false }).waitFor();
    // DNS is watched: nothing is said about it, and the account has no problem of its own.
    expect(await popup.locator('[data-capability="dns"]').count()).toBe(0);

    await options.reload();
    const card = options.locator('[data-capability="dcs:cn-north-4"]');
    await card.getByText('Missing permission dcs:task:list', { exact: false }).waitFor();
    await options.locator('.account-card').getByRole('button', { name: 'Test connection' }).click();
    await options.getByText('Connection works: the keys were accepted.').waitFor();
    await options.getByRole('listitem').filter({ hasText: 'DNS tasks: watched.' }).waitFor();
    await options.getByRole('listitem').filter({ hasText: 'DCS tasks in cn-north-4 are not watched.' }).waitFor();
    expect(cloud.records.filter((r) => r.provider === 'huawei').every((r) => r.signatureValid)).toBe(true);
  });
});
