/**
 * Tencent Cloud CDN's refresh and preload history (one console page, tabs for each), on both
 * sites: only that page gets the panel, nothing else of the CDN console.
 */
import type { SourceConsole } from '../source';

const PAGE = /^\/cdn\/refresh(\/|$)/;

export const TENCENT_CDN_CONSOLE: SourceConsole = {
  source: 'tencent-cdn',
  providers: ['dnspod'],
  matches: ['https://console.cloud.tencent.com/cdn/refresh*', 'https://console.tencentcloud.com/cdn/refresh*'],
  kinds: ['cdn-refresh-url', 'cdn-refresh-dir', 'cdn-preload'],
  kindNames: { 'cdn-refresh-url': 'kindCdnRefreshUrl', 'cdn-refresh-dir': 'kindCdnRefreshDir', 'cdn-preload': 'kindCdnPreload' },
  page: (url) => ((url.hostname === 'console.cloud.tencent.com' || url.hostname === 'console.tencentcloud.com') && PAGE.test(url.pathname) ? 'tencent-cdn-refresh' : undefined),
};
