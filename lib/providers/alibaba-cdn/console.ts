/**
 * Alibaba Cloud CDN's refresh and preload pages (China and international consoles): the
 * content scripts run there, and the panel lists CDN tasks first. Imports nothing (the
 * content scripts bundle it). The console's route for "刷新预热" was not checked against a
 * signed-in console here: it is taken as /refresh (and #/refresh on the older hash router).
 */
import type { SourceConsole } from '../source';

export const CDN_KINDS = ['cdn-refresh-url', 'cdn-refresh-dir', 'cdn-refresh-regex', 'cdn-preload'] as const;

const HOSTS = ['cdn.console.aliyun.com', 'cdn.console.alibabacloud.com'];

export const ALIBABA_CDN_CONSOLE: SourceConsole = {
  source: 'alibaba-cdn',
  providers: ['alibaba'],
  matches: HOSTS.map((host) => `https://${host}/refresh*`),
  kinds: CDN_KINDS,
  kindNames: { 'cdn-refresh-url': 'kindCdnRefreshUrl', 'cdn-refresh-dir': 'kindCdnRefreshDir', 'cdn-refresh-regex': 'kindCdnRefreshRegex', 'cdn-preload': 'kindCdnPreload' },
  page(url) {
    if (!HOSTS.includes(url.hostname)) return undefined;
    const onRefresh = (path: string): boolean => path === '/refresh' || path.startsWith('/refresh/');
    return onRefresh(url.pathname) || onRefresh(url.hash.replace(/^#/, '').split('?')[0] ?? '') ? 'alicdn-refresh' : undefined;
  },
};
