/**
 * Which console URL is which provider family and page, and which task ids a console page
 * shows. Pure functions, tested against a table of real console URLs (hash routes too).
 */
import { sourceConsoles } from '../providers/source-consoles';

export type ConsoleFamily = 'huawei' | 'alibaba' | 'dnspod';

export interface ConsolePage {
  family: ConsoleFamily;
  /** e.g. 'dns-zones', 'dns-recordsets', 'dcs', 'alidns-domains', 'dnspod-records' */
  page: string;
  /** Details read from the URL (zone id, domain, region). */
  params: Record<string, string>;
  /** A task source's page: the task kinds it shows (the panel lists them first). */
  kinds?: readonly string[];
}

/** Provider ids whose tasks a console family may see. */
export const FAMILY_PROVIDERS: Record<ConsoleFamily, readonly string[]> = {
  huawei: ['huawei'],
  alibaba: ['alibaba'],
  dnspod: ['dnspod', 'dnspod-token'],
};

/**
 * Content-script match patterns, as narrow as the manifest allows: the family's own pages (below) and its task sources' pages.
 * Marked pure so a bundle that does not read it leaves it and every source's pages out: a call
 * at load is kept otherwise (the popup's first-frame script and the panel module carried them).
 */
export const CONSOLE_MATCHES: Record<ConsoleFamily, readonly string[]> = /* @__PURE__ */ withSourceMatches({
  huawei: [
    'https://console.huaweicloud.com/dns/*',
    'https://console.huaweicloud.com/dcs/*',
    'https://console-intl.huaweicloud.com/dns/*',
    'https://console-intl.huaweicloud.com/dcs/*',
  ],
  alibaba: ['https://dns.console.aliyun.com/*', 'https://dnsnext.console.aliyun.com/*', 'https://dns.console.alibabacloud.com/*'],
  // Not the whole of console.dnspod.cn/.com: their /account pages create API keys; nor the
  // Tencent Cloud consoles' /cam pages, which make sub-users and keys.
  dnspod: [
    'https://console.dnspod.cn/dns/*',
    'https://console.cloud.tencent.com/cns*',
    // The international sites: DNSPod's (docs name console.dnspod.com/dns/list) and Tencent Cloud's.
    'https://console.dnspod.com/dns/*',
    'https://console.tencentcloud.com/cns*',
  ],
});

/** The family whose providers a task source serves. */
function familyOf(providers: readonly string[]): ConsoleFamily | undefined {
  return (Object.keys(FAMILY_PROVIDERS) as ConsoleFamily[]).find((family) => FAMILY_PROVIDERS[family].some((p) => providers.includes(p)));
}

function withSourceMatches(own: Record<ConsoleFamily, readonly string[]>): Record<ConsoleFamily, readonly string[]> {
  const all: Record<ConsoleFamily, string[]> = { huawei: [...own.huawei], alibaba: [...own.alibaba], dnspod: [...own.dnspod] };
  for (const c of sourceConsoles) {
    const family = familyOf(c.providers);
    if (family) all[family].push(...c.matches.filter((m) => !all[family].includes(m)));
  }
  return all;
}

/** A task source's console page: its family is that of the providers it serves. */
function sourcePage(u: URL): ConsolePage | undefined {
  for (const c of sourceConsoles) {
    const page = c.page(u);
    const family = familyOf(c.providers);
    if (page && family) return { family, page, params: {}, kinds: c.kinds };
  }
  return undefined;
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Parameters of a hash route such as `#/dns/publicRset?zoneid=…&zonename=…`. */
function hashRoute(hash: string): { path: string; params: Record<string, string> } {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const params: Record<string, string> = {};
  if (q !== -1) new URLSearchParams(raw.slice(q + 1)).forEach((v, k) => (params[k] = v));
  return { path, params };
}

function huaweiPage(u: URL): ConsolePage | undefined {
  if (u.hostname !== 'console.huaweicloud.com' && u.hostname !== 'console-intl.huaweicloud.com') return undefined;
  const region = u.searchParams.get('region');
  const base: Record<string, string> = region ? { region } : {};
  const route = hashRoute(u.hash);
  if (u.pathname.startsWith('/dns/') || u.pathname === '/dns') {
    if (route.path.startsWith('/dns/publicRset')) {
      return { family: 'huawei', page: 'dns-recordsets', params: { ...base, ...pickParams(route.params, { zoneid: 'zoneId', zonename: 'zoneName' }) } };
    }
    return { family: 'huawei', page: route.path.startsWith('/dns/publiczones') ? 'dns-zones' : 'dns', params: base };
  }
  if (u.pathname.startsWith('/dcs/') || u.pathname === '/dcs') return { family: 'huawei', page: 'dcs', params: base };
  return undefined;
}

function pickParams(source: Record<string, string>, rename: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [from, to] of Object.entries(rename)) if (source[from]) out[to] = source[from];
  return out;
}

function alibabaPage(u: URL): ConsolePage | undefined {
  if (u.hostname === 'dns.console.aliyun.com' || u.hostname === 'dns.console.alibabacloud.com') {
    const route = hashRoute(u.hash);
    const setting = /^\/dns\/setting\/([^/?]+)/.exec(route.path);
    if (setting?.[1]) return { family: 'alibaba', page: 'alidns-records', params: { domain: decodeURIComponent(setting[1]) } };
    return { family: 'alibaba', page: route.path.startsWith('/dns/domainList') ? 'alidns-domains' : 'alidns', params: {} };
  }
  if (u.hostname === 'dnsnext.console.aliyun.com') {
    const domain = /^\/authoritative\/domains\/([^/]+)/.exec(u.pathname);
    if (domain?.[1]) return { family: 'alibaba', page: 'alidns-records', params: { domain: decodeURIComponent(domain[1]) } };
    return { family: 'alibaba', page: 'alidns', params: {} };
  }
  return undefined;
}

/** DNSPod's own consoles, China and international: the same paths on both. */
const DNSPOD_CONSOLES: ReadonlySet<string> = new Set(['console.dnspod.cn', 'console.dnspod.com']);
/** Tencent Cloud's consoles, China and international: DNSPod is its CNS product on both. */
const TENCENT_CONSOLES: ReadonlySet<string> = new Set(['console.cloud.tencent.com', 'console.tencentcloud.com']);

function dnspodPage(u: URL): ConsolePage | undefined {
  if (DNSPOD_CONSOLES.has(u.hostname) && u.pathname.startsWith('/dns/')) {
    const record = /^\/dns\/([^/]+)\/record/.exec(u.pathname);
    if (record?.[1]) return { family: 'dnspod', page: 'dnspod-records', params: { domain: decodeURIComponent(record[1]) } };
    return { family: 'dnspod', page: u.pathname.startsWith('/dns/list') ? 'dnspod-domains' : 'dnspod', params: {} };
  }
  if (TENCENT_CONSOLES.has(u.hostname) && (u.pathname === '/cns' || u.pathname.startsWith('/cns/'))) {
    const detail = /^\/cns\/detail\/([^/]+)\/records/.exec(u.pathname);
    if (detail?.[1]) return { family: 'dnspod', page: 'dnspod-records', params: { domain: decodeURIComponent(detail[1]) } };
    return { family: 'dnspod', page: u.pathname.startsWith('/cns/domains') ? 'dnspod-domains' : 'dnspod', params: {} };
  }
  return undefined;
}

export function detectConsolePage(url: string): ConsolePage | undefined {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.port !== '' || u.username || u.password) return undefined;
  return sourcePage(u) ?? huaweiPage(u) ?? alibabaPage(u) ?? dnspodPage(u);
}

/**
 * Every quantifier is bounded: page text is the page's to choose, and two unbounded `\s*`
 * side by side (around an optional colon) made each label followed by n spaces cost n² steps
 * (40 k spaces froze the content script for seconds). With bounded runs, each match attempt
 * reads at most a few dozen characters, so a scan is linear in the page's length. A label
 * and its id are never further apart than this on a console's success message.
 */
const SEP = String.raw`[\s_-]{0,3}`;
const GAP = String.raw`\s{0,16}(?:[:：]\s{0,16})?`;
const LABEL = String.raw`task${SEP}id|任务\s{0,3}id|任务编号`;

function taskIdPattern(labels: string, id: string): RegExp {
  return new RegExp(String.raw`(?:${labels})${GAP}(${id})\b`, 'gi');
}

/** Exported for the test that checks every quantifier is bounded. */
export const TASK_ID_PATTERNS: Record<ConsoleFamily, RegExp> = {
  // Huawei task ids are 32 hex characters, shown after "task ID" / "任务ID".
  huawei: taskIdPattern(LABEL, '[0-9a-f]{32}'),
  // Alibaba TaskId and DNSPod job ids are numbers.
  alibaba: taskIdPattern(LABEL, String.raw`\d{3,20}`),
  dnspod: taskIdPattern(`job${SEP}id|${LABEL}`, String.raw`\d{3,20}`),
};

/** Task ids a console page shows after a batch submission, in order, without repeats. */
export function extractTaskIds(text: string, family: ConsoleFamily): string[] {
  // A Set, not an array's `includes`: a page can show thousands of distinct ids.
  const found = new Set<string>();
  for (const m of text.slice(0, 200_000).matchAll(TASK_ID_PATTERNS[family])) {
    const id = m[1]?.toLowerCase();
    if (id) found.add(id);
  }
  return [...found];
}
