// @vitest-environment happy-dom
/**
 * The content script that runs on every DNS/DCS console page loads the panel's code only
 * when the background says there is something to show: at a visit (the console's provider
 * has failures) or when the page shows a task id whose task has failed items.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchConsole, type WatchContext } from '../../../lib/console/watch';

const HUAWEI_ID = '9a186e66977dd48f01977e021c480cac';
const RUNNING_ID = '0b186e66977dd48f01977e021c480cad';

function harness(answer: (message: { type: string; taskId?: string }) => unknown) {
  const sent: { type: string; taskId?: string }[] = [];
  const timers: (() => void)[] = [];
  const api = {
    runtime: {
      sendMessage: async (message: { type: string; taskId?: string }) => {
        sent.push(message);
        return answer(message);
      },
      getURL: (path: string) => `chrome-extension://id${path}`,
    },
    i18n: { getUILanguage: () => 'en' },
  };
  // What a content script sees: the extension global (no polyfill).
  vi.stubGlobal('browser', api);
  vi.stubGlobal('chrome', api);
  const ctx: WatchContext = {
    addEventListener: () => undefined,
    onInvalidated: () => undefined,
    setTimeout: (handler) => timers.push(handler),
  };
  const showPanel = vi.fn();
  const flush = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  /** The page shows some text; the watcher scans it after its delay. */
  const show = async (text: string) => {
    const p = document.createElement('p');
    p.textContent = text;
    document.body.append(p);
    await flush();
    timers.splice(0).forEach((run) => run());
    await flush();
  };
  return { sent, ctx, showPanel, flush, show };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('console watcher: when the panel is loaded', () => {
  it('not at a visit to a console with nothing failed, nor for a task id whose task has no failed items', async () => {
    const h = harness((m) => (m.type === 'consoleVisit' ? { ok: true, show: false } : { ok: true, task: { key: 'a:dns:1', providerTaskId: RUNNING_ID, label: 'x', status: 'running' } }));
    watchConsole('huawei', h.ctx, h.showPanel);
    await h.flush();
    await h.show(`Task ID: ${RUNNING_ID}`);
    expect(h.sent.map((m) => m.type)).toEqual(['consoleVisit', 'trackFromPage']);
    expect(h.showPanel).not.toHaveBeenCalled();
  });

  it('at a visit when the background says this console has failures', async () => {
    const h = harness(() => ({ ok: true, show: true }));
    watchConsole('huawei', h.ctx, h.showPanel);
    await h.flush();
    expect(h.showPanel).toHaveBeenCalledTimes(1);
  });

  it('when the page shows a task id whose task has failed items', async () => {
    const h = harness((m) => (m.type === 'consoleVisit' ? { ok: true, show: false } : m.taskId === HUAWEI_ID ? { ok: true, task: { key: 'a:dns:2', providerTaskId: HUAWEI_ID, label: 'x', status: 'partial', failed: 3 }, show: true } : { ok: false, error: 'no' }));
    watchConsole('huawei', h.ctx, h.showPanel);
    await h.flush();
    expect(h.showPanel).not.toHaveBeenCalled();
    await h.show(`任务ID：${HUAWEI_ID}`);
    expect(h.sent.at(-1)).toEqual({ type: 'trackFromPage', taskId: HUAWEI_ID });
    expect(h.showPanel).toHaveBeenCalledTimes(1);
  });
});
