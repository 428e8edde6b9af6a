import { defineConfig } from 'wxt';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { transformWithEsbuild, type Alias, type AliasOptions, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { providers } from './lib/providers/index';
import { CONSOLE_MATCHES } from './lib/console/pages';
import { PANEL_MODULE } from './lib/console/client';
import { normalizeZipFile, writeSourcesZip } from './test/tools/reproducible-zip';

const PACKAGE = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { name: string; version: string };

const API_HOST_PATTERNS = [...new Set(providers.flatMap((p) => p.apiHostPatterns))];
/**
 * What extension pages (and the background) may connect to: the providers' API hosts and
 * nothing else, so a planted host can never receive a signed request even if a bug built one.
 */
const CONNECT_SRC = API_HOST_PATTERNS.map((pattern) => new URL(pattern.replace('*.', 'wildcard.')).origin.replace('wildcard.', '*.'));

/**
 * The origins whose console pages may load the panel module: only those the content scripts
 * run on (a web-accessible resource's match is an origin, its path must be `/*`).
 */
const CONSOLE_ORIGINS = [...new Set(Object.values(CONSOLE_MATCHES).flat().map((pattern) => `${new URL(pattern.replaceAll('*', '')).origin}/*`))];

/** Default keys of the manifest command that opens the popup (test/e2e/everyday.e2e.ts checks that Chrome keeps them). */
const POPUP_SHORTCUT = 'Alt+Shift+K';

const POPUP_STYLESHEET = fileURLToPath(new URL('./assets/styles/base.css', import.meta.url));
/** What WXT's HTML plugin loader runs when no WXT plugin is registered: nothing to wait for. */
const EMPTY_PLUGIN_LOADER = new Set(['\0virtual:wxt-html-plugins', '\0virtual:wxt-plugins', '\0vite/modulepreload-polyfill.js']);

let popupStyle: Promise<string> | undefined;
/** The popup's stylesheet as popup.html carries it inline: minified, never closing its element early. */
function popupStyleText(): Promise<string> {
  popupStyle ??= transformWithEsbuild(readFileSync(POPUP_STYLESHEET, 'utf8'), POPUP_STYLESHEET, { loader: 'css', minify: true }).then(({ code }) =>
    code.trim().replaceAll('</', '<\\/'),
  );
  return popupStyle;
}

/**
 * Extension pages' CSP. `default-src 'self'` covers what has no directive of its own (images,
 * fonts, frames, workers, media); nothing may set a `<base>` or submit a form anywhere. Styles:
 * the extension's own files, and the popup's one inline `<style>` by its hash alone (a `style`
 * attribute or any other inline sheet is refused; Preact sets styles through the CSSOM, which
 * CSP does not govern).
 */
async function extensionPagesCsp(): Promise<string> {
  const styleHash = createHash('sha256').update(await popupStyleText()).digest('base64');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'self'",
    `style-src 'self' 'sha256-${styleHash}'`,
    `connect-src ${CONNECT_SRC.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Every file a page fetches before its first frame costs a round trip to the extension's
 * files (12–35 ms each, measured in-page and in a trace), and the popup's first frame already waits for
 * one script. So popup.html carries its stylesheet as a <style> (admitted by its hash in the CSP,
 * see extensionPagesCsp), parsed while that script is on its way, and leaves out WXT's HTML plugin
 * loader while that loader has nothing to run.
 */
function popupWithoutExtraFetches(): Plugin {
  return {
    name: 'batchwatch:popup-without-extra-fetches',
    transformIndexHtml: {
      order: 'post',
      async handler(html, { path, bundle }) {
        if (!path.endsWith('/popup/index.html') || !bundle) return html;
        const withoutLoader = html.replace(/<script type="module"[^>]*src="\/([^"]+)"[^>]*><\/script>\s*/g, (tag, fileName: string) => {
          const chunk = bundle[fileName];
          const modules = chunk?.type === 'chunk' ? Object.keys(chunk.modules) : [];
          return modules.length > 0 && modules.every((id) => EMPTY_PLUGIN_LOADER.has(id)) ? '' : tag;
        });
        return withoutLoader.replace('</head>', `<style>${await popupStyleText()}</style></head>`);
      },
    },
  };
}

/**
 * Vite's library mode leaves an ES module's whitespace unminified (to keep pure annotations
 * for the library's users); the panel module has no users but the content scripts, and every
 * byte of it crosses to each console that shows it.
 */
function minifiedModule(): Plugin {
  return {
    name: 'batchwatch:minified-module',
    // After Vite's own renderChunk pass, which would print the whitespace back.
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunk.code = (await transformWithEsbuild(chunk.code, chunk.fileName, { minify: true, format: 'esm', target: 'es2022', charset: 'ascii' })).code;
      }
    },
  };
}

const QUIET_CONTEXT = fileURLToPath(new URL('./lib/console/quiet-context.ts', import.meta.url));

/** Vite's aliases in their array form (they may come as an object). */
function aliasList(alias: AliasOptions | undefined): Alias[] {
  if (!alias) return [];
  return Array.isArray(alias) ? [...(alias as readonly Alias[])] : Object.entries(alias as Record<string, string>).map(([find, replacement]) => ({ find, replacement }));
}

// Configuration lives here and nowhere else (WXT convention).
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'assets/public',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  i18n: { localesDir: 'lib/i18n/locales' },
  imports: false,
  manifestVersion: 3,
  // AMO's sources zip is git's archive of HEAD (hooks below), not WXT's walk of the folder,
  // which would take whatever untracked files lie there.
  zip: { zipSources: false },
  vite: (env) => {
    // A production build is one whatever NODE_ENV the shell or a test runner left (vitest sets
    // "test"): under any other value Preact's development JSX writes each component's absolute
    // path into the bundles, so two clones gave different zips. Vite reads NODE_ENV after this
    // function (setting it in the config is Vite's own advice).
    if (env.command === 'build' && env.mode === 'production') process.env.NODE_ENV = 'production';
    return { plugins: [preact(), popupWithoutExtraFetches()] };
  },
  hooks: {
    // Byte-identical packages from any clone of the same commit (test/tools/reproducible-zip.ts, BUILDING.md).
    'zip:extension:done': (_wxt, zipPath) => normalizeZipFile(zipPath),
    'zip:done': (wxt) => {
      if (wxt.config.browser !== 'firefox') return;
      writeSourcesZip(wxt.config.root, `${wxt.config.outBaseDir}/${PACKAGE.name}-${PACKAGE.version}-sources.zip`, (line) => wxt.logger.info(line));
    },
    // Console pages and the popup pay for every byte and every millisecond: content scripts,
    // the panel, the popup and the options page only use APIs that both browsers already
    // answer with promises in Manifest V3, so they get WXT's plain `browser`. Only the
    // background keeps webextension-polyfill: Chrome's onMessage does not take a listener's
    // returned promise as its answer.
    'vite:build:extendConfig'(entrypoints, config) {
      // The panel is imported by the content scripts: an ES module, so that they can call
      // its default export with their console family (WXT builds unlisted scripts as IIFEs).
      if (entrypoints.some((e) => e.name === 'panel') && config.build?.lib) {
        config.build.lib.formats = ['es'];
        config.plugins = [...(config.plugins ?? []), minifiedModule()];
      }
      if (entrypoints.some((e) => e.type === 'background')) return;
      // WXT's content-script context tells every console page that Batchwatch is installed,
      // and stops when the page forges its event: the content scripts get one that does neither
      // (lib/console/quiet-context.ts, issue 29 finding 1).
      if (entrypoints.some((e) => e.type === 'content-script')) {
        config.resolve = { ...config.resolve, alias: [{ find: /^wxt\/utils\/content-script-context$/, replacement: QUIET_CONTEXT }, ...aliasList(config.resolve?.alias)] };
      }
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) {
        config.resolve!.alias = alias.filter((a: { find: unknown }) => a.find !== 'wxt/browser');
      } else if (alias && typeof alias === 'object') {
        delete (alias as Record<string, string>)['wxt/browser'];
      }
    },
  },
  manifest: async ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'notifications', 'declarativeNetRequestWithHostAccess'],
    // No host access to console origins (their IAM/CAM pages create access keys): the
    // content scripts' matches cover only the DNS and DCS console paths, and they load the panel
    // themselves (SECURITY.md, "Console access"). API hosts are optional and requested
    // when the first account of that provider is saved.
    optional_host_permissions: API_HOST_PATTERNS,
    // The panel's module, loaded by a console's content script only when there is something
    // to show. Reachable from the console origins alone; in Chrome only at the per-session
    // dynamic URL, so a page cannot probe a fixed address to learn that Batchwatch is
    // installed (SECURITY.md, "Console access"). Firefox's address is a random per-install UUID.
    web_accessible_resources: [{ resources: [PANEL_MODULE.slice(1)], matches: CONSOLE_ORIGINS, ...(browser === 'firefox' ? {} : { use_dynamic_url: true }) }],
    action: { default_title: 'Batchwatch' },
    // Opens the popup from the keyboard. Chrome silently drops a suggested key that one of its
    // own shortcuts uses: Alt+Shift+B (focus the bookmarks bar), Ctrl+Shift+B and Alt+Shift+W
    // were all dropped; Alt+Shift+K is kept, and Firefox gives it no meaning either. Users change
    // it on chrome://extensions/shortcuts or Firefox's "Manage Extension Shortcuts".
    commands: { _execute_action: { suggested_key: { default: POPUP_SHORTCUT } } },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    content_security_policy: {
      extension_pages: await extensionPagesCsp(),
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'batchwatch@batchwatch.dev', strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {
          minimum_chrome_version: '120',
          // Nothing outside the extension may message it.
          externally_connectable: { ids: [], matches: [] },
        }),
  }),
});
