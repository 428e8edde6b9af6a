// @vitest-environment happy-dom
/**
 * Huawei Cloud CDN's console is one page whose routes live in the fragment: its content script
 * runs on all of /cdn/, but only a refresh or preheat route (#/cdn/refresh and its spellings) is a
 * page Batchwatch acts on. Elsewhere in the CDN console nothing is shown and no id is read;
 * navigating inside the console (hashchange) shows and hides the panel.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectConsolePage } from '../../../lib/console/pages';
import { PANEL_HOST, showPanel } from '../../../lib/console/client';
import { watchConsole, type WatchContext } from '../../../lib/console/watch';
import { HUAWEI_CDN_CONSOLE } from '../../../lib/providers/huawei-cdn/console';
import { PANEL_HOST_TAG } from '../../../components/panel/mount';

const CDN = 'https://console.huaweicloud.com/cdn/?region=cn-north-4';
const INTL = 'https://console-intl.huaweicloud.com/cdn/?region=ap-southeast-1';

describe('the Huawei CDN console\'s refresh history route', () => {
  it.each([
    [`${CDN}#/cdn/refresh`],
    [`${CDN}#/cdn/refresh/history`],
    [`${CDN}#/cdn/refresh?tab=preheat`],
    [`${INTL}#/cdn/refresh`],
    [`${CDN}#/cdn/cacheRefresh`],
    [`${CDN}#/cdn/preheat/history`],
    [`${CDN}#/cdn/refreshing`],
  ])('%s is the CDN refresh page, CDN tasks first', (url) => {
    expect(detectConsolePage(url)).toEqual({ family: 'huawei', page: 'huawei-cdn', params: {}, kinds: HUAWEI_CDN_CONSOLE.kinds });
    expect(HUAWEI_CDN_CONSOLE.otherRoute!(new URL(url))).toBe(false);
  });

  it.each([
    [`${CDN}#/cdn/overview`],
    [`${CDN}#/cdn/domainList`],
    [`${CDN}#/cdn/statistics?from=refresh`],
    [`${CDN}#/cdn/domain/refresh`],
    [`${CDN}#/cdn/logs`],
    [CDN],
    [`${INTL}#/cdn/overview`],
  ])('%s is another route of the console: no page, nothing shown', (url) => {
    expect(detectConsolePage(url)).toBeUndefined();
    expect(HUAWEI_CDN_CONSOLE.otherRoute!(new URL(url))).toBe(true);
  });

  it('is no concern of the console\'s other products (DNS, DCS), nor of other hosts', () => {
    for (const url of ['https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones', 'https://console.huaweicloud.com/dcs/#/dcs/manager/dcsList', 'https://evil.example/cdn/#/cdn/refresh']) {
      expect(HUAWEI_CDN_CONSOLE.otherRoute!(new URL(url))).toBe(false);
      expect(detectConsolePage(url)?.page).not.toBe('huawei-cdn');
    }
  });

  it('the panel host the content script hides is the one the panel mounts', () => {
    expect(PANEL_HOST).toBe(PANEL_HOST_TAG);
  });
});

const TASK_ID = '9a186e66977dd48f01977e021c480cac';
/** The page's address, as the console's own navigation changes it (happy-dom's test hook). */
const setUrl = (url: string): void => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);

function harness() {
  const sent: { type: string; taskId?: string; url?: string }[] = [];
  const listeners = new Map<string, () => void>();
  const timers: (() => void)[] = [];
  const api = {
    runtime: {
      sendMessage: async (message: { type: string; taskId?: string }) => {
        sent.push(message);
        return { ok: true, show: true };
      },
      getURL: (path: string) => `chrome-extension://id${path}`,
    },
    i18n: { getUILanguage: () => 'en' },
  };
  vi.stubGlobal('browser', api);
  vi.stubGlobal('chrome', api);
  const ctx: WatchContext = {
    addEventListener: (_target, type, listener) => void listeners.set(type, listener),
    onInvalidated: () => undefined,
    setTimeout: (handler) => timers.push(handler),
  };
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const go = async (url: string) => {
    setUrl(url);
    listeners.get('hashchange')?.();
    await flush();
  };
  const showText = async (text: string) => {
    const p = document.createElement('p');
    p.textContent = text;
    document.body.append(p);
    await flush();
    timers.splice(0).forEach((run) => run());
    await flush();
  };
  return { sent, ctx, flush, go, showText };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('the content script on the Huawei CDN console', () => {
  it('on another route sends nothing and reads no id; on the refresh route it visits, reads ids and shows the panel; leaving hides it, coming back shows it', async () => {
    const h = harness();
    setUrl(`${CDN}#/cdn/overview`);
    const shown = vi.fn(() => void showPanel('huawei'));
    watchConsole('huawei', h.ctx, shown);
    await h.flush();
    await h.showText(`Task ID: ${TASK_ID}`);
    expect(h.sent).toEqual([]);
    expect(shown).not.toHaveBeenCalled();

    await h.go(`${CDN}#/cdn/refresh`);
    expect(h.sent.map((m) => m.type)).toEqual(['consoleVisit']);
    expect(shown).toHaveBeenCalledTimes(1);
    await h.showText(`任务ID：${TASK_ID}`);
    expect(h.sent.at(-1)).toEqual({ type: 'trackFromPage', taskId: TASK_ID });

    // The panel is mounted (its host element in the page); the console moves to another route.
    const host = document.createElement(PANEL_HOST);
    document.body.append(host);
    const before = h.sent.length;
    await h.go(`${CDN}#/cdn/domainList`);
    expect(host.style.getPropertyValue('display')).toBe('none');
    expect(host.style.getPropertyPriority('display')).toBe('important');
    await h.showText(`Task ID: ${TASK_ID.replace('9a', '8b')}`);
    expect(h.sent.length).toBe(before);

    const shownBefore = shown.mock.calls.length;
    await h.go(`${CDN}#/cdn/refresh`);
    expect(shown.mock.calls.length).toBe(shownBefore + 1);
    expect(host.style.getPropertyValue('display')).toBe('');
  });
});
