/**
 * Huawei Cloud CDN's console, on both sites. It is one page whose routes live in the fragment,
 * which match patterns cannot see: the content script runs on all of /cdn/ (the rest of the
 * console, DNS, DCS and the IAM pages where keys are made, stays out), and only the refresh and
 * preheat history route is this page: elsewhere in the CDN console nothing shows and no id is read.
 *
 * The route: the console's other pages are routes under `#/cdn/` named for what they show
 * (`#/cdn/overview`, `#/cdn/domain`, as public links to the console have them), but neither
 * Huawei's CDN user guide nor its API pages name the refresh page's route (the guide says
 * "缓存刷新" / "缓存预热" and their history tab). So the page is any CDN route whose first
 * segment speaks of refreshing, purging, preheating or prefetching (`#/cdn/refresh`, as the
 * end-to-end fake console has it, or a `cacheRefresh` / `preheat` spelling): a guess that is
 * too narrow would leave users with no panel at all, one this wide still keeps the overview,
 * domains, statistics and logs free of it.
 */
import type { SourceConsole } from '../source';

const HOSTS = ['console.huaweicloud.com', 'console-intl.huaweicloud.com'];
const HISTORY_ROUTE = /^\/cdn\/[^/?#]*(?:refresh|purge|preheat|prefetch)[^/?#]*(?=$|[/?])/i;

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
