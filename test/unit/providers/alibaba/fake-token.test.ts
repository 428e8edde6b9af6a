/**
 * The Alibaba fake with temporary keys checks what the e2e relies on: the token is sent and
 * signed (a call without it, or with it unsigned, is a bad signature), and past the expiry the
 * answer is the documented InvalidSecurityToken.Expired, which the client reads as "expired".
 */
import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createAlibabaFake } from '../../../fake-cloud/alibaba';
import { alibaba } from '../../../../lib/providers/alibaba/index';
import { signAlibaba } from '../../../../lib/providers/alibaba/sign';
import type { Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const KEYS = { accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2', accessKeySecret: 'TemporaryAlibabaSecretForTheFake00', securityToken: 'CAIS-temporary-token-0123456789' };
const NOW = Date.UTC(2026, 11, 7, 14, 0);

const setup = (tokenExpiresAt: number) => {
  const cloud = createFakeCloud([createAlibabaFake({ ...KEYS, tokenExpiresAt, tasks: [] })], { now: () => NOW });
  const cred: Credentials = { account: { id: 'a', provider: 'alibaba', name: 'Prod', settings: { endpoint: 'alidns.aliyuncs.com' } }, secrets: { accessKeyId: KEYS.accessKeyId, secretAccessKey: KEYS.accessKeySecret, securityToken: KEYS.securityToken } };
  return { cloud, cred, ctx: testContext(cloud.fetch, { startAt: NOW }) };
};

describe('the Alibaba fake with temporary keys', () => {
  it('accepts the client\'s calls, whose token is sent and signed', async () => {
    const { cloud, cred, ctx } = setup(NOW + 60_000);
    await alibaba.testConnection(cred, ctx);
    // Test connection makes the count and the detail call, as polling does.
    expect(cloud.records.map((r) => [r.signatureValid, r.status])).toEqual([[true, 200], [true, 200]]);
  });

  it('refuses a call without the token, or with the token sent but not signed', async () => {
    const { cloud } = setup(NOW + 60_000);
    const base = { method: 'POST' as const, host: 'alidns.aliyuncs.com', action: 'DescribeBatchResultCount', version: '2015-01-09', query: {}, body: '', date: new Date(NOW), accessKeyId: KEYS.accessKeyId, accessKeySecret: KEYS.accessKeySecret };
    const bare = await signAlibaba({ ...base, nonce: 'n1' });
    await cloud.fetch(bare.url, { method: 'POST', headers: bare.headers });
    const unsigned = await signAlibaba({ ...base, nonce: 'n2' });
    await cloud.fetch(unsigned.url, { method: 'POST', headers: { ...unsigned.headers, 'x-acs-security-token': KEYS.securityToken, 'x-acs-accesskey-id': KEYS.accessKeyId } });
    expect(cloud.records.map((r) => [r.signatureValid, r.status])).toEqual([[false, 400], [false, 400]]);
  });

  it('answers InvalidSecurityToken.Expired past the expiry, read as expired keys', async () => {
    const { cred, ctx } = setup(NOW);
    // The client would not sign past the known expiry: the fake is asked as if the expiry were unknown.
    const unknownExpiry = { ...cred, account: { ...cred.account, settings: { endpoint: 'alidns.aliyuncs.com' } } };
    await expect(alibaba.testConnection(unknownExpiry, ctx)).rejects.toMatchObject({ cls: 'expired', code: 'InvalidSecurityToken.Expired' });
  });
});
