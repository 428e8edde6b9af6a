/**
 * International sites everywhere (issue 31): an account on a provider's international site
 * is sent to that site's console, and the panel runs there; its "Create a key" link is its
 * own site's. The China and international console URLs below are the ones the providers'
 * documentation links (DNSPod's international console: console.dnspod.com/dns/list).
 */
import { describe, expect, it } from 'vitest';
import { providers } from '../../../lib/providers/index';
import { keyPagesFor, siteOf } from '../../../lib/providers/access';
import { detectConsolePage, FAMILY_PROVIDERS, type ConsoleFamily } from '../../../lib/console/pages';
import type { Account, Task } from '../../../lib/providers/types';

const familyOf = (providerId: string): ConsoleFamily | undefined =>
  (Object.keys(FAMILY_PROVIDERS) as ConsoleFamily[]).find((family) => FAMILY_PROVIDERS[family].includes(providerId));

/** Each provider's settings for an account on either site. */
const SITES: Record<string, { cn: Record<string, string>; intl?: Record<string, string> }> = {
  huawei: { cn: { site: 'cn' }, intl: { site: 'intl' } },
  alibaba: { cn: { endpoint: 'alidns.aliyuncs.com' }, intl: { endpoint: 'alidns.ap-southeast-1.aliyuncs.com' } },
  dnspod: { cn: { site: 'dnspod.tencentcloudapi.com' }, intl: { site: 'dnspod.intl.tencentcloudapi.com' } },
  // dnsapi.cn is China's API: the legacy token has no international site here.
  'dnspod-token': { cn: {} },
};

const task = (provider: string): Task => ({ key: 'a1:k:1', provider, accountId: 'a1', kind: provider === 'huawei' ? 'dns-batch' : 'k', providerTaskId: '409752', label: '', status: 'failed' });
const account = (provider: string, settings: Record<string, string>): Account => ({ id: 'a1', provider, name: 'Prod', settings });

describe('"Open in console": the account’s own site, a page where the panel runs', () => {
  const rows = providers.flatMap((p) => Object.entries(SITES[p.id] ?? {}).map(([site, settings]) => [p.id, site, settings] as const));
  it('has a row for every provider', () => expect(new Set(rows.map(([id]) => id))).toEqual(new Set(providers.map((p) => p.id))));
  it.each(rows)('%s on the %s site', (id, site, settings) => {
    const provider = providers.find((p) => p.id === id)!;
    const url = provider.consoleUrl(task(id), account(id, settings));
    expect(detectConsolePage(url)?.family, url).toBe(familyOf(id));
    expect(siteOf(provider.access!, settings)).toBe(site);
    // The international consoles' hosts say so: -intl, alibabacloud.com, dnspod.com.
    expect(/console-intl\.|alibabacloud\.com|dnspod\.com\//.test(url), url).toBe(site === 'intl');
  });

  it('a DNSPod API 3.0 account on the international site opens DNSPod’s international console', () => {
    const dnspod = providers.find((p) => p.id === 'dnspod')!;
    expect(dnspod.consoleUrl(task('dnspod'), account('dnspod', SITES.dnspod!.intl!))).toBe('https://console.dnspod.com/dns/list');
    expect(dnspod.consoleUrl(task('dnspod'), account('dnspod', SITES.dnspod!.cn))).toBe('https://console.dnspod.cn/dns/list');
  });
});

describe('"Create a key": the account’s own site', () => {
  it.each(providers.filter((p) => p.access?.siteSetting).map((p) => [p.id, p] as const))('%s', (id, provider) => {
    const access = provider.access!;
    expect(keyPagesFor(access, SITES[id]!.cn).map((page) => page.site)).toEqual(['cn']);
    expect(keyPagesFor(access, SITES[id]!.intl!).map((page) => page.site)).toEqual(['intl']);
    // No account yet (the welcome page): every site's page.
    expect(keyPagesFor(access).map((page) => page.site)).toEqual(['cn', 'intl']);
  });
});
