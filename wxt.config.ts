import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { providers } from './lib/providers/index';

const CONSOLE_HOST_PERMISSIONS = [
  'https://console.huaweicloud.com/*',
  'https://console-intl.huaweicloud.com/*',
  'https://dns.console.aliyun.com/*',
  'https://dnsnext.console.aliyun.com/*',
  'https://dns.console.alibabacloud.com/*',
  'https://console.dnspod.cn/*',
  'https://console.cloud.tencent.com/*',
];

// Configuration lives here and nowhere else (WXT convention).
export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'assets/public',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  i18n: { localesDir: 'lib/i18n/locales' },
  imports: false,
  manifestVersion: 3,
  // The AMO sources zip: what builds the extension, not what the tests or the demo wrote.
  zip: { excludeSources: ['demo-output/**', 'test-results/**', 'bench-results.json', '.output/**'] },
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // Console pages pay for every byte: the manifest content scripts only send messages and
    // read storage, which both browsers already answer with promises, so they use WXT's
    // plain `browser` instead of webextension-polyfill (the background and pages keep it).
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) {
        config.resolve!.alias = alias.filter((a: { find: unknown }) => a.find !== 'wxt/browser');
      } else if (alias && typeof alias === 'object') {
        delete (alias as Record<string, string>)['wxt/browser'];
      }
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'notifications', 'scripting', 'declarativeNetRequestWithHostAccess'],
    // Console origins: the panel is injected there on demand. API hosts are optional and
    // requested when the first account of that provider is saved.
    host_permissions: [...CONSOLE_HOST_PERMISSIONS],
    optional_host_permissions: [...new Set(providers.flatMap((p) => p.apiHostPatterns))],
    action: { default_title: 'Batchwatch' },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
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
