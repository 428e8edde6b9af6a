/**
 * One account per provider, added through the options page as a user would; each
 * provider's tasks reach the popup, signed as its official SDK signs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, launchExtension, nothingPending, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';
import { DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';
import { DEMO_DNSPOD_KEYS } from '../fake-cloud/dnspod';

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
    await nothingPending(session!, 'nothing pending once the task completes');
    await popup.getByText('3 failed').first().waitFor();
    await popup.getByRole('button', { name: 'Show failed items' }).first().click(); // listed under "Needs attention" and in the list
    await popup.getByText('www.example.com A 192.0.2.10').waitFor();
    expect(cloud.records.filter((r) => r.provider === 'alibaba').every((r) => r.signatureValid)).toBe(true);
  });

  for (const variant of [
    { provider: 'dnspod', fill: { SecretId: DEMO_DNSPOD_KEYS.secretId, SecretKey: DEMO_DNSPOD_KEYS.secretKey } },
    { provider: 'dnspod-token', fill: { 'Token ID': DEMO_DNSPOD_KEYS.tokenId, Token: DEMO_DNSPOD_KEYS.token } },
  ]) {
    it(`DNSPod (${variant.provider}): a job tracked by id from the popup is followed until it finishes`, async () => {
      const cloud = demoCloud();
      session = await launchExtension({ cloud });
      const options = await session.openPage('options.html');
      await options.getByLabel('Provider').selectOption(variant.provider);
      await options.getByLabel('Account name').fill('ops');
      for (const [label, value] of Object.entries(variant.fill)) await options.getByLabel(label, { exact: true }).fill(value);
      await options.getByRole('button', { name: 'Save account' }).click();
      await options.getByText('Account saved').waitFor();

      const popup = await session.openPage('popup.html');
      await popup.getByLabel('Task ID').fill('12ab');
      await popup.getByRole('button', { name: 'Track' }).click();
      await popup.getByText('A DNSPod job ID is a number', { exact: false }).waitFor();
      await popup.getByLabel('Task ID').fill('1');
      await popup.getByRole('button', { name: 'Track' }).click();
      await popup.getByText(/^DNSPod.* does not know this task ID/).first().waitFor();
      await popup.getByLabel('Task ID').fill('409753');
      await popup.getByRole('button', { name: 'Track' }).click();
      await popup.getByText('409753', { exact: true }).waitFor();
      expect(await eventually(() => session!.badgeText(), (t) => t === '1', 'the tracked job counts as pending')).toBe('1');
      await popup.getByLabel('Task ID').fill('409752');
      await popup.getByRole('button', { name: 'Track' }).click();
      await popup.getByText('2 failed').first().waitFor();
      cloud.dnspod.finishAll();
      await popup.getByRole('button', { name: 'Refresh now' }).click();
      await nothingPending(session!, 'nothing pending once the job finishes');
      expect(cloud.records.filter((r) => r.provider === 'dnspod').every((r) => r.signatureValid)).toBe(true);
    });
  }
});
