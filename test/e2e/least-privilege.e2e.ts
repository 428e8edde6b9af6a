/**
 * A least-privilege key from the options form (issue 31): "Copy policy" puts the custom
 * policy of exactly the provider's declared actions on the clipboard, "Create a key" opens
 * the sub-user pages in a new tab without opener or referrer, and the saved account's card
 * shows its key ID as the consoles do, never whole.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { launchExtension, eventually, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';
import { DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('options → a least-privilege key', () => {
  it('Alibaba: Copy policy puts the RAM policy on the clipboard; the card shows LTAI…0001', async () => {
    session = await launchExtension({ cloud: demoCloud() });
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('alibaba');
    await options.getByRole('button', { name: 'Copy policy' }).click();
    await options.getByText('Policy copied.').waitFor();
    const copied = await eventually(() => options.evaluate(() => navigator.clipboard.readText()), (text) => text.startsWith('{'), 'the policy on the clipboard');
    expect(JSON.parse(copied)).toEqual({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['alidns:DescribeBatchResultCount', 'alidns:DescribeBatchResultDetail'], Resource: '*' }] });
    await options.getByText('Paste it in the RAM console: Policies → Create policy → JSON.').waitFor();

    // The link is the account's own site's: China by default, the international site once chosen.
    const china = options.getByRole('link', { name: 'Create a key (China site)' });
    await china.waitFor();
    expect([await china.getAttribute('href'), await china.getAttribute('target'), await china.getAttribute('rel')]).toEqual(['https://ram.console.aliyun.com/users', '_blank', 'noopener noreferrer']);
    await options.getByLabel('Endpoint').selectOption('alidns.ap-southeast-1.aliyuncs.com');
    const intl = options.getByRole('link', { name: 'Create a key (international site)' });
    await intl.waitFor();
    expect([await intl.getAttribute('href'), await intl.getAttribute('target'), await intl.getAttribute('rel')]).toEqual(['https://ram.console.alibabacloud.com/users', '_blank', 'noopener noreferrer']);
    await options.getByLabel('Endpoint').selectOption('alidns.aliyuncs.com');

    await options.getByLabel('Account name').fill('Prod');
    await options.getByLabel('Access key ID').fill(DEMO_ALIBABA_KEYS.accessKeyId);
    await options.getByLabel('Secret access key').fill(DEMO_ALIBABA_KEYS.secretAccessKey);
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Account saved').waitFor();
    await options.getByText('Access key ID: LTAI…0001', { exact: false }).waitFor();
    const page = await options.content();
    expect(page).not.toContain(DEMO_ALIBABA_KEYS.accessKeyId);
    expect(page).not.toContain(DEMO_ALIBABA_KEYS.secretAccessKey);
  });

  it('Huawei: the IAM policy names the DNS, DCS and project-listing actions', async () => {
    session = await launchExtension({ cloud: demoCloud() });
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('huawei');
    await options.getByRole('button', { name: 'Copy policy' }).click();
    await options.getByText('Policy copied.').waitFor();
    const copied = await eventually(() => options.evaluate(() => navigator.clipboard.readText()), (text) => text.startsWith('{'), 'the policy on the clipboard');
    expect(JSON.parse(copied)).toEqual({ Version: '1.1', Statement: [{ Effect: 'Allow', Action: ['dns:zone:listPublicZoneBatchOperationRecords', 'dns:zone:getPublicZoneBatchOperationResult', 'dcs:task:list', 'iam:projects:listProjects'] }] });
  });
});
