/**
 * Huawei Cloud CDN's console, on both sites. It is one page whose routes live in the fragment,
 * which match patterns cannot see: the content script runs on all of /cdn/ (the rest of the
 * console, DNS, DCS and the IAM pages where keys are made, stays out), and only the refresh and
 * preheat history route is this page: elsewhere in the CDN console nothing shows and no id is read.
 *
 * The route: `#/cdn/refresh` (and routes below it), as the end-to-end fake console has it. Not
 * checked against a signed-in console: neither Huawei's CDN user guide nor its API pages name
 * the console's fragment routes (the guide says "缓存刷新" / "缓存预热" and their history tab).
 */
import type { SourceConsole } from '../source';

const HOSTS = ['console.huaweicloud.com', 'console-intl.huaweicloud.com'];
const HISTORY_ROUTE = /^\/cdn\/refresh(?=$|[/?])/;

const inCdnConsole = (url: URL): boolean => HOSTS.includes(url.hostname) && url.pathname.startsWith('/cdn/');
/** The fragment's route: `#/cdn/refresh?tab=history` → `/cdn/refresh?tab=history`. */
export const onHistoryRoute = (url: URL): boolean => HISTORY_ROUTE.test(url.hash.replace(/^#/, ''));

export const HUAWEI_CDN_CONSOLE: SourceConsole = {
  source: 'huawei-cdn',
  providers: ['huawei'],
  matches: HOSTS.map((host) => `https://${host}/cdn/*`),
  kinds: ['cdn-refresh-url', 'cdn-refresh-dir', 'cdn-preload'],
  kindNames: { 'cdn-refresh-url': 'kindCdnRefreshUrl', 'cdn-refresh-dir': 'kindCdnRefreshDir', 'cdn-preload': 'kindCdnPreload' },
  page: (url) => (inCdnConsole(url) && onHistoryRoute(url) ? 'huawei-cdn' : undefined),
  otherRoute: (url) => inCdnConsole(url) && !onHistoryRoute(url),
};
