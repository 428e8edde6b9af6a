/**
 * Issue 31, done-when: an Alibaba account with a security token polls with signatures the
 * official signer accepts (the fake checks the token is sent and signed), and after its expiry
 * makes no call and says so, once, with a way to the form.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { launchExtension, eventually, type ExtensionSession } from './harness';
import { createFakeCloud } from '../fake-cloud/index';
import { createAlibabaFake, defaultAlibabaScenario } from '../fake-cloud/alibaba';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const TEMPORARY = { accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2', accessKeySecret: 'TemporaryAlibabaSecretForTheFake00', securityToken: 'CAIS8gF1q6Ft5B2yfSjIr5bVkFakeStsToken0123456789' };
const hhmm = (ms: number): string => `${String(new Date(ms).getHours()).padStart(2, '0')}:${String(new Date(ms).getMinutes()).padStart(2, '0')}`;

describe('temporary keys (Alibaba STS)', () => {
  it('polls with the signed token until the expiry pasted with it, then makes no call and says so', async () => {
    // Long enough to save and poll once on a busy machine; short enough to wait for.
    const expiresAt = Date.now() + 45_000;
    const alibaba = createAlibabaFake({ ...defaultAlibabaScenario(), ...TEMPORARY, tokenExpiresAt: expiresAt });
    const cloud = createFakeCloud([alibaba]);
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('alibaba');
    await options.getByLabel('Account name').fill('Prod');
    // What `aliyun sts AssumeRole` prints, pasted whole.
    await options.getByRole('textbox', { name: 'Paste temporary keys (JSON)' }).fill(JSON.stringify({
      RequestId: '6894B13B-6D71-4EF5-88FA-F32781734A7F',
      Credentials: { SecurityToken: TEMPORARY.securityToken, Expiration: new Date(expiresAt).toISOString(), AccessKeySecret: TEMPORARY.accessKeySecret, AccessKeyId: TEMPORARY.accessKeyId },
    }, null, 2));
    await options.getByText('The key fields, the security token and its expiry were filled from the pasted JSON.').waitFor();
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Account saved').waitFor();
    await options.getByText(`Key type: temporary until ${hhmm(expiresAt)}`).waitFor();

    const popup = await session.openPage('popup.html');
    await popup.getByText('1234567', { exact: true }).waitFor();
    const polled = cloud.records.filter((r) => r.provider === 'alibaba');
    expect(polled.length).toBeGreaterThan(0);
    expect(polled.every((r) => r.signatureValid && r.status === 200)).toBe(true);

    // Past the expiry: a refresh signs nothing, and the account says why it stopped.
    await eventually(async () => Date.now(), (now) => now >= expiresAt + 1_000, 'the expiry to pass', 60_000);
    const before = cloud.records.length;
    await popup.reload();
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    const banner = popup.getByRole('alert').filter({ hasText: `Temporary keys of ‘Prod’ expired at ${hhmm(expiresAt)} — paste new ones` });
    await banner.waitFor({ timeout: 30_000 });
    await banner.getByRole('button', { name: 'Edit account' }).waitFor();
    // The cycle that stopped the account sent nothing: the token was checked before signing.
    expect(cloud.records.length).toBe(before);

    await options.reload();
    await options.getByText(`Temporary keys of ‘Prod’ expired at ${hhmm(expiresAt)} — paste new ones`).waitFor();
    expect(cloud.records.length).toBe(before);
  });
});
