/**
 * The built manifests, security-relevant parts: permissions, host permissions, CSP, content
 * script matches, web-accessible resources, externally_connectable. Any change must be made
 * on purpose: update the snapshot with `npx vitest -u --config test/config/vitest.e2e.config.ts test/e2e/manifest.e2e.ts`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

function securityView(file: string) {
  // The popup stylesheet's hash changes with every style edit; the CSP test below checks it against the built page.
  const m = JSON.parse(readFileSync(file, 'utf8').replace(/'sha256-[A-Za-z0-9+/]+=*'/g, "'sha256-<the popup's inline stylesheet>'")) as Record<string, unknown>;
  const pick = ['manifest_version', 'permissions', 'optional_permissions', 'host_permissions', 'optional_host_permissions', 'content_security_policy', 'content_scripts', 'web_accessible_resources', 'externally_connectable', 'background', 'browser_specific_settings', 'minimum_chrome_version'];
  return Object.fromEntries(pick.filter((k) => k in m).map((k) => [k, m[k]]));
}

/** A manifest match pattern (scheme://host/path, `*` in host prefix and path) applied to a URL, as browsers do. */
function matches(pattern: string, url: string): boolean {
  const m = /^(https?):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!m) return false;
  const u = new URL(url);
  const [, scheme, host, path] = m as unknown as [string, string, string, string];
  const hostOk = host.startsWith('*.') ? u.hostname === host.slice(2) || u.hostname.endsWith(host.slice(1)) : u.hostname === host;
  const pathRe = new RegExp(`^${path.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return u.protocol === `${scheme}:` && hostOk && pathRe.test(u.pathname + u.search);
}

/** Console pages where the panel is wanted, and the pages of the same consoles where access keys are made. */
const PANEL_PAGES = [
  'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones',
  'https://console.huaweicloud.com/dcs/?region=cn-north-4#/dcs/manager/cacheList',
  'https://console-intl.huaweicloud.com/dns/?region=ap-southeast-1',
  'https://dns.console.aliyun.com/#/dns/domainList',
  'https://dnsnext.console.aliyun.com/authoritative/domains/example.com',
  'https://dns.console.alibabacloud.com/#/dns/domainList',
  'https://cdn.console.aliyun.com/refresh/cache',
  'https://cdn.console.alibabacloud.com/refresh/record',
  'https://console.dnspod.cn/dns/list',
  'https://console.dnspod.cn/dns/example.com/record',
  'https://console.cloud.tencent.com/cns/domains',
  'https://console.dnspod.com/dns/list',
  'https://console.tencentcloud.com/cns',
  'https://console.tencentcloud.com/cns/detail/example.com/records',
];
const KEY_PAGES = [
  'https://console.huaweicloud.com/iam/?region=cn-north-4#/mine/accessKey',
  'https://console-intl.huaweicloud.com/iam/#/mine/accessKey',
  'https://console.huaweicloud.com/console/?region=cn-north-4',
  'https://ram.console.aliyun.com/manage/ak',
  'https://usercenter.console.aliyun.com/#/manage/ak',
  // The rest of the CDN console (its domains, its settings) is not watched: only the refresh pages.
  'https://cdn.console.aliyun.com/domain/list',
  'https://console.dnspod.cn/account/token/apikey',
  'https://console.cloud.tencent.com/cam/capi',
  'https://console.dnspod.com/account/token/apikey',
  'https://console.tencentcloud.com/cam',
  'https://console.tencentcloud.com/cam/capi',
];

describe('console access (issue 18, finding 5)', () => {
  for (const build of ['chrome-mv3', 'firefox-mv3']) {
    it(`${build}: no host access to any console origin; content scripts only on the DNS and DCS console pages, never where keys are made`, () => {
      const m = JSON.parse(readFileSync(`.output/${build}/manifest.json`, 'utf8')) as {
        host_permissions?: string[];
        permissions: string[];
        optional_host_permissions: string[];
        content_scripts: { matches: string[] }[];
      };
      expect(m.host_permissions ?? []).toEqual([]);
      // Without host access nothing can be injected: the content scripts load the panel.
      expect(m.permissions).not.toContain('scripting');
      expect(m.optional_host_permissions.some((p) => /console/.test(p))).toBe(false);
      const patterns = m.content_scripts.flatMap((c) => c.matches);
      for (const url of PANEL_PAGES) expect(patterns.some((p) => matches(p, url)), url).toBe(true);
      for (const url of KEY_PAGES) expect(patterns.filter((p) => matches(p, url)), url).toEqual([]);
    });

    it(`${build}: the one web-accessible file is the panel module, for the origins the content scripts run on`, () => {
      const m = JSON.parse(readFileSync(`.output/${build}/manifest.json`, 'utf8')) as {
        content_scripts: { matches: string[] }[];
        web_accessible_resources: { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
      };
      const origins = [...new Set(m.content_scripts.flatMap((c) => c.matches).map((p) => `${new URL(p.replaceAll('*', '')).origin}/*`))].sort();
      expect(m.web_accessible_resources.map((r) => ({ ...r, matches: [...r.matches].sort() }))).toEqual([
        // Chrome: reachable only at the per-session dynamic URL, so a page cannot probe the
        // extension's fixed id for it (test/e2e/panel.e2e.ts proves both sides).
        { resources: ['panel.js'], matches: origins, ...(build === 'chrome-mv3' ? { use_dynamic_url: true } : {}) },
      ]);
      // Seven DNS and DCS console origins, the international DNSPod and Tencent Cloud ones (issue 31), and (issue 33) Alibaba Cloud CDN's two consoles for their refresh pages.
      expect(origins.length).toBeLessThanOrEqual(11);
    });

    it(`${build}: extension pages may connect only to the providers' API hosts`, () => {
      const m = JSON.parse(readFileSync(`.output/${build}/manifest.json`, 'utf8')) as { content_security_policy: { extension_pages: string }; optional_host_permissions: string[] };
      const connect = /connect-src ([^;]+)/.exec(m.content_security_policy.extension_pages)?.[1]?.trim().split(/\s+/);
      expect(connect).toEqual(m.optional_host_permissions.map((p) => p.replace(/\/\*$/, '')));
    });
  }
});

/** A CSP's directives by name, each with its sources. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));
}

describe('extension pages\' CSP (issue 29, finding 9)', () => {
  for (const build of ['chrome-mv3', 'firefox-mv3']) {
    it(`${build}: everything without a directive of its own is the extension's; no <base>, no form submission, nothing inline but the popup's stylesheet by its hash`, () => {
      const csp = (JSON.parse(readFileSync(`.output/${build}/manifest.json`, 'utf8')) as { content_security_policy: { extension_pages: string } }).content_security_policy.extension_pages;
      const d = directives(csp);
      expect(d['default-src']).toEqual(["'self'"]);
      expect(d['base-uri']).toEqual(["'none'"]);
      expect(d['form-action']).toEqual(["'none'"]);
      expect(d['script-src']).toEqual(["'self'"]);
      expect(d['object-src']).toEqual(["'self'"]);
      expect(csp).not.toMatch(/unsafe-|\*(?!\.)|data:|blob:|http:/);
      // Every inline <style> of every built page is admitted by exactly its hash, and there is no inline script.
      const hashes = (d['style-src'] ?? []).filter((s) => s.startsWith("'sha256-"));
      expect(d['style-src']).toEqual(["'self'", ...hashes]);
      const inline: string[] = [];
      for (const page of ['popup.html', 'options.html']) {
        const html = readFileSync(`.output/${build}/${page}`, 'utf8');
        expect(html, page).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
        expect(html, page).not.toMatch(/\sstyle=/);
        for (const [, css] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) inline.push(`'sha256-${createHash('sha256').update(css!).digest('base64')}'`);
      }
      expect(inline.length).toBeGreaterThan(0);
      expect(hashes.sort()).toEqual([...new Set(inline)].sort());
    });
  }
});

describe('built manifests', () => {
  it('Chrome: permissions, CSP and matches are exactly the reviewed ones', async () => {
    const view = securityView('.output/chrome-mv3/manifest.json');
    expect((view.content_security_policy as { extension_pages: string }).extension_pages).toMatch(/^default-src 'self'; script-src 'self'; object-src 'self'; style-src 'self' 'sha256-<the popup's inline stylesheet>'; connect-src https:\/\/[^;]+; base-uri 'none'; form-action 'none'$/);
    expect(view.externally_connectable).toEqual({ ids: [], matches: [] });
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('../fixtures/manifest.chrome.json');
  });

  it('Firefox: the same, with the gecko id, minimum versions and data-collection declaration', async () => {
    const view = securityView('.output/firefox-mv3/manifest.json');
    expect(view.browser_specific_settings).toMatchObject({ gecko: { id: 'batchwatch@batchwatch.dev', data_collection_permissions: { required: ['none'] } } });
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('../fixtures/manifest.firefox.json');
  });
});
