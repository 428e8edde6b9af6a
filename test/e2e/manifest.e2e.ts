/**
 * The built manifests, security-relevant parts: permissions, host permissions, CSP, content
 * script matches, web-accessible resources, externally_connectable. Any change must be made
 * on purpose: update the snapshot with `npx vitest -u --config test/config/vitest.e2e.config.ts test/e2e/manifest.e2e.ts`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

function securityView(file: string) {
  const m = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const pick = ['manifest_version', 'permissions', 'optional_permissions', 'host_permissions', 'optional_host_permissions', 'content_security_policy', 'content_scripts', 'web_accessible_resources', 'externally_connectable', 'background', 'browser_specific_settings', 'minimum_chrome_version'];
  return Object.fromEntries(pick.filter((k) => k in m).map((k) => [k, m[k]]));
}

describe('built manifests', () => {
  it('Chrome: permissions, CSP and matches are exactly the reviewed ones', async () => {
    const view = securityView('.output/chrome-mv3/manifest.json');
    expect(view.content_security_policy).toEqual({ extension_pages: "script-src 'self'; object-src 'self'" });
    expect(view.externally_connectable).toEqual({ ids: [], matches: [] });
    expect(view.web_accessible_resources).toBeUndefined();
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('../fixtures/manifest.chrome.json');
  });

  it('Firefox: the same, with the gecko id, minimum versions and data-collection declaration', async () => {
    const view = securityView('.output/firefox-mv3/manifest.json');
    expect(view.browser_specific_settings).toMatchObject({ gecko: { id: 'batchwatch@batchwatch.dev', data_collection_permissions: { required: ['none'] } } });
    await expect(`${JSON.stringify(view, null, 2)}\n`).toMatchFileSnapshot('../fixtures/manifest.firefox.json');
  });
});
