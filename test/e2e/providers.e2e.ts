/**
 * One account per provider, added through the options page as a user would; each
 * provider's tasks reach the popup, signed as its official SDK signs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';
import { DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('providers through the options page', () => {
  it('Alibaba Cloud: the latest task of each BatchType is listed and followed until it completes', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('alibaba');
    await options.getByLabel('Account name').fill('dns-ops');
    await options.getByLabel('Access key ID').fill(DEMO_ALIBABA_KEYS.accessKeyId);
    await options.getByLabel('Secret access key').fill(DEMO_ALIBABA_KEYS.secretAccessKey);
    await options.getByLabel('Endpoint').selectOption('alidns.aliyuncs.com');
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Account saved').waitFor();

    await eventually(() => session!.badgeText(), (t) => t === '1', 'one Alibaba task processing');
    const popup = await session.openPage('popup.html');
    await popup.getByText('1234567', { exact: true }).waitFor();
    await popup.getByText('1234500', { exact: true }).waitFor();
    cloud.alibaba.finishAll();
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await eventually(() => session!.badgeText(), (t) => t === '', 'badge empties when the task completes');
    await popup.getByText('3 failed').waitFor();
    await popup.getByRole('button', { name: 'Show failed items' }).click();
    await popup.getByText('www.example.com A 192.0.2.10').waitFor();
    expect(cloud.records.filter((r) => r.provider === 'alibaba').every((r) => r.signatureValid)).toBe(true);
  });
});
