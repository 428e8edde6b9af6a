/**
 * The stores ask for a justification of every permission and host the manifest asks for
 * (assets/store/store-forms.md). A new permission, host or content-script match without one
 * fails here, before a reviewer refuses the package; so does a justification left behind for
 * something the manifest no longer asks for.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { ConfigEnv, UserManifest } from 'wxt';
import config from '../../../wxt.config';
import { CONSOLE_MATCHES } from '../../../lib/console/pages';

interface ManifestAsks {
  permissions?: string[];
  optional_permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
}

/** Everything a store form asks to justify: permissions, host permissions, content-script matches. */
function asks(manifest: ManifestAsks): string[] {
  return [
    ...(manifest.permissions ?? []),
    ...(manifest.optional_permissions ?? []),
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []),
  ];
}

/** `- \`name\` — text` lines of the "Permission justifications" section. */
function justifications(markdown: string): Map<string, string> {
  const section = /^## Permission justifications$([\s\S]*?)(?=^## )/m.exec(markdown)?.[1] ?? '';
  return new Map([...section.matchAll(/^- `([^`]+)` — (.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));
}

async function fromConfig(browser: 'chrome' | 'firefox'): Promise<ManifestAsks> {
  const env: ConfigEnv = { browser, manifestVersion: 3, mode: 'production', command: 'build' };
  // The manifest is computed asynchronously (the popup's inline style is hashed for the CSP).
  const manifest = typeof config.manifest === 'function' ? ((await config.manifest(env)) as UserManifest) : (config.manifest as UserManifest);
  // Content scripts come from the entrypoints, which take their matches from CONSOLE_MATCHES.
  return { ...(manifest as ManifestAsks), content_scripts: [{ matches: Object.values(CONSOLE_MATCHES).flat() }] };
}

const fixture = (browser: 'chrome' | 'firefox') => JSON.parse(readFileSync(`test/fixtures/manifest.${browser}.json`, 'utf8')) as ManifestAsks;
const FORMS = readFileSync('assets/store/store-forms.md', 'utf8');
const [CHROME_CONFIG, FIREFOX_CONFIG] = await Promise.all([fromConfig('chrome'), fromConfig('firefox')]);

describe('store forms: a justification for everything the manifest asks for', () => {
  const justified = justifications(FORMS);
  const sources = [
    ['wxt.config.ts (Chrome)', CHROME_CONFIG],
    ['wxt.config.ts (Firefox)', FIREFOX_CONFIG],
    ['test/fixtures/manifest.chrome.json', fixture('chrome')],
    ['test/fixtures/manifest.firefox.json', fixture('firefox')],
  ] as const;

  for (const [name, manifest] of sources) {
    it(`${name}: every permission, host permission and content-script match is justified in assets/store/store-forms.md`, () => {
      const missing = asks(manifest).filter((item) => !justified.has(item));
      expect(missing, 'add a line "- `<item>` — <why>" under "## Permission justifications"').toEqual([]);
      expect(asks(manifest).length).toBeGreaterThan(10);
    });
  }

  it('justifies nothing the manifest does not ask for, and each justification says why in a sentence', () => {
    const asked = new Set(sources.flatMap(([, manifest]) => asks(manifest)));
    expect([...justified.keys()].filter((item) => !asked.has(item))).toEqual([]);
    for (const [item, why] of justified) expect(why.length, item).toBeGreaterThanOrEqual(40);
  });

  it('a permission added without a justification is caught', () => {
    const withTabs = { ...CHROME_CONFIG };
    withTabs.permissions = [...(withTabs.permissions ?? []), 'tabs'];
    expect(asks(withTabs).filter((item) => !justified.has(item))).toEqual(['tabs']);
  });

  it('has the single-purpose statement, the remote-code answer and both stores\' data answers', () => {
    for (const heading of ['## Single purpose', '## Remote code', '## Data usage (Chrome Web Store)', '## addons.mozilla.org']) {
      expect(FORMS).toContain(`\n${heading}\n`);
    }
    expect(FORMS).toMatch(/data_collection_permissions[^\n]*`required: \["none"\]`/);
    expect(fixture('firefox')).toMatchObject({ browser_specific_settings: { gecko: { data_collection_permissions: { required: ['none'] } } } });
  });
});
