/**
 * Each API client sends its temporary keys' token under the header its SDK uses, and signs
 * nothing once the known expiry has passed: the refusal is "expired", before any fetch.
 */
import { describe, expect, it } from 'vitest';
import { alibaba } from '../../../lib/providers/alibaba/index';
import { dnspod, dnspodToken } from '../../../lib/providers/dnspod/index';
import { huawei } from '../../../lib/providers/huawei/index';
import { ProviderError, type Credentials, type Provider } from '../../../lib/providers/types';
import { testContext } from '../support/context';

const NOW = Date.UTC(2026, 11, 7, 14, 0);
const TOKEN = 'STS-temporary-token-0123456789abcdef';

const CASES: { provider: Provider; secrets: Record<string, string>; settings: Record<string, string>; header: string }[] = [
  { provider: alibaba, secrets: { accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2', secretAccessKey: 'temporarySecretAAAAAAAAAAAA' }, settings: { endpoint: 'alidns.aliyuncs.com' }, header: 'x-acs-security-token' },
  { provider: huawei, secrets: { accessKeyId: 'HPUATEMPORARYKEY0001', secretAccessKey: 'temporarySecretAAAAAAAAAAAA' }, settings: { site: 'cn', dcsRegions: '', projectId: '0123456789abcdef0123456789abcdef' }, header: 'x-security-token' },
  { provider: dnspod, secrets: { secretId: 'AKIDtemporary0123456789', secretKey: 'temporarySecretAAAAAAAAAAAA' }, settings: { site: 'dnspod.tencentcloudapi.com' }, header: 'x-tc-token' },
];

const cred = (c: (typeof CASES)[number], expiresAt: number): Credentials => ({
  account: { id: 'a', provider: c.provider.id, name: 'Prod', settings: { ...c.settings, tokenExpiresAt: new Date(expiresAt).toISOString() } },
  secrets: { ...c.secrets, securityToken: TOKEN },
});

describe('the API clients with temporary keys', () => {
  it.each(CASES)('$provider.id sends the token as $header before the expiry', async (c) => {
    const sent: Headers[] = [];
    const ctx = testContext(async (_url, init) => {
      sent.push(new Headers(init?.headers));
      return new Response('{}', { status: 500 });
    }, { startAt: NOW });
    await c.provider.testConnection(cred(c, NOW + 60_000), ctx).catch(() => undefined);
    expect(sent.length).toBeGreaterThan(0);
    for (const headers of sent) expect(headers.get(c.header)).toBe(TOKEN);
  });

  it.each(CASES)('$provider.id signs and sends nothing once the expiry has passed', async (c) => {
    let fetches = 0;
    const ctx = testContext(async () => {
      fetches++;
      return new Response('{}', { status: 200 });
    }, { startAt: NOW });
    await expect(c.provider.testConnection(cred(c, NOW), ctx)).rejects.toMatchObject({ cls: 'expired' });
    expect(fetches).toBe(0);
    expect(c.provider.describeError(new ProviderError('expired', 'expired'))).toMatchObject({ id: 'errorTemporaryKeysExpired' });
  });

  it('the legacy DNSPod token provider takes no temporary keys', () => {
    expect(dnspodToken.fields.map((f) => f.key)).not.toContain('securityToken');
    for (const c of CASES) expect(c.provider.fields.map((f) => f.key)).toEqual(expect.arrayContaining(['securityToken', 'tokenExpiresAt']));
  });
});
