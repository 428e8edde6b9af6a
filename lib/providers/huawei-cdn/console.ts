/**
 * Huawei Cloud CDN's console, on both sites. It is one page whose routes live in the fragment,
 * which match patterns cannot see: /cdn/ is as narrow as a content script can be, and the rest of
 * the console (DNS, DCS, the IAM pages where keys are made) stays out.
 */
import type { SourceConsole } from '../source';

export const HUAWEI_CDN_CONSOLE: SourceConsole = {
  source: 'huawei-cdn',
  providers: ['huawei'],
  matches: ['https://console.huaweicloud.com/cdn/*', 'https://console-intl.huaweicloud.com/cdn/*'],
  kinds: ['cdn-refresh-url', 'cdn-refresh-dir', 'cdn-preload'],
  kindNames: { 'cdn-refresh-url': 'kindCdnRefreshUrl', 'cdn-refresh-dir': 'kindCdnRefreshDir', 'cdn-preload': 'kindCdnPreload' },
  page: (url) => ((url.hostname === 'console.huaweicloud.com' || url.hostname === 'console-intl.huaweicloud.com') && url.pathname.startsWith('/cdn/') ? 'huawei-cdn' : undefined),
};
