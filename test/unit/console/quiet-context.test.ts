// @vitest-environment happy-dom
/**
 * Issue 29, finding 1: the console content scripts' context tells the page nothing and lets
 * nothing the page sends stop it. WXT's own context (what wxt.config.ts replaces) fails
 * the first two of these: it posts "<id>:<name>:wxt:content-script-started" to the page and
 * dispatches it on `document`, and stops when the page dispatches one with another id.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ContentScriptContext, LOCATION_POLL_MS } from '../../../lib/console/quiet-context';

const EXTENSION_ID = 'batchwatch@batchwatch.dev';
const STARTED = `${EXTENSION_ID}:huawei:wxt:content-script-started`;

let runtime: { id?: string };
beforeEach(() => {
  runtime = { id: EXTENSION_ID };
  vi.stubGlobal('browser', { runtime });
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Everything the page could observe: posted messages and the DOM events it can name. */
function pageObserver() {
  const seen: string[] = [];
  const record = (event: Event) => seen.push(event.type === 'message' ? `message ${JSON.stringify((event as MessageEvent).data)}` : event.type);
  window.addEventListener('message', record, true);
  for (const target of [window, document]) {
    for (const name of ['content-script-started', 'locationchange']) {
      target.addEventListener(`${EXTENSION_ID}:huawei:wxt:${name}`, record, true);
      target.addEventListener(`wxt:${name}`, record, true);
    }
  }
  return seen;
}

describe('the console content scripts’ context (issue 29, finding 1)', () => {
  it('says nothing the page can see when it starts', async () => {
    const seen = pageObserver();
    const postMessage = vi.spyOn(window, 'postMessage');
    const dispatch = vi.spyOn(document, 'dispatchEvent');
    const ctx = new ContentScriptContext('huawei', { matches: ['https://console.huaweicloud.com/dns/*'] });
    ctx.addEventListener(window, 'wxt:locationchange', () => undefined);
    await vi.advanceTimersByTimeAsync(3 * LOCATION_POLL_MS);
    expect(postMessage).not.toHaveBeenCalled();
    expect(dispatch).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    expect(ctx.isValid).toBe(true);
  });

  it('keeps running when the page forges WXT’s "script started" event or message, with any id', async () => {
    const ctx = new ContentScriptContext('huawei');
    const invalidated = vi.fn();
    ctx.onInvalidated(invalidated);
    const detail = { contentScriptName: 'huawei', messageId: 'forged' };
    document.dispatchEvent(new CustomEvent(STARTED, { detail }));
    window.dispatchEvent(new CustomEvent(STARTED, { detail }));
    window.postMessage({ type: STARTED, ...detail }, '*');
    await vi.advanceTimersByTimeAsync(10);
    expect(invalidated).not.toHaveBeenCalled();
    expect(ctx.isValid).toBe(true);
    const tick = vi.fn();
    ctx.setTimeout(tick, 100);
    await vi.advanceTimersByTimeAsync(100);
    expect(tick).toHaveBeenCalledOnce();
  });

  it('follows the page’s address without an event: a forged location change calls nobody, a real one calls each listener once', async () => {
    const ctx = new ContentScriptContext('huawei');
    const first = vi.fn();
    const second = vi.fn();
    ctx.addEventListener(window, 'wxt:locationchange', first);
    ctx.addEventListener(window, 'wxt:locationchange', second);
    window.dispatchEvent(new Event(`${EXTENSION_ID}:huawei:wxt:locationchange`));
    window.dispatchEvent(new Event('wxt:locationchange'));
    await vi.advanceTimersByTimeAsync(2 * LOCATION_POLL_MS);
    expect(first).not.toHaveBeenCalled();
    history.pushState(null, '', '#/dns/zone/2');
    await vi.advanceTimersByTimeAsync(LOCATION_POLL_MS);
    expect(first).toHaveBeenCalledOnce();
    expect(second).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(3 * LOCATION_POLL_MS);
    expect(first).toHaveBeenCalledOnce();
  });

  it('passes other page events through, and removes them, its timers and its address polling when the extension goes away', async () => {
    const ctx = new ContentScriptContext('huawei');
    const onHash = vi.fn();
    const onLocation = vi.fn();
    const later = vi.fn();
    const every = vi.fn();
    ctx.addEventListener(window, 'popstate', onHash);
    ctx.addEventListener(window, 'wxt:locationchange', onLocation);
    ctx.setTimeout(later, 5 * LOCATION_POLL_MS);
    ctx.setInterval(every, LOCATION_POLL_MS);
    window.dispatchEvent(new Event('popstate'));
    expect(onHash).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(LOCATION_POLL_MS);
    expect(every).toHaveBeenCalledOnce();

    // The extension is reloaded under the page: its id is gone.
    delete runtime.id;
    const invalidated = vi.fn();
    ctx.onInvalidated(invalidated);
    expect(ctx.isInvalid).toBe(true);
    expect(invalidated).toHaveBeenCalledOnce();
    window.dispatchEvent(new Event('popstate'));
    history.pushState(null, '', '#/elsewhere');
    await vi.advanceTimersByTimeAsync(10 * LOCATION_POLL_MS);
    expect(onHash).toHaveBeenCalledOnce();
    expect(onLocation).not.toHaveBeenCalled();
    expect(later).not.toHaveBeenCalled();
    expect(every).toHaveBeenCalledOnce();
  });

  it('a timer that comes due after the extension went away does not run, though nothing told the context yet', async () => {
    const ctx = new ContentScriptContext('huawei');
    const later = vi.fn();
    ctx.setTimeout(later, 100);
    delete runtime.id;
    await vi.advanceTimersByTimeAsync(100);
    expect(later).not.toHaveBeenCalled();
    expect(ctx.signal.aborted).toBe(true);
  });

  it('counts the extension as gone when its global has no runtime, or there is no global at all', () => {
    vi.stubGlobal('browser', {});
    expect(new ContentScriptContext('huawei').isInvalid).toBe(true);
    vi.stubGlobal('browser', undefined);
    vi.stubGlobal('chrome', undefined);
    expect(new ContentScriptContext('huawei').isInvalid).toBe(true);
    vi.stubGlobal('chrome', { runtime: { id: 'abc' } });
    expect(new ContentScriptContext('huawei').isValid).toBe(true);
  });

  it('an interval stops calling once the extension is gone, though nothing told the context yet', async () => {
    const ctx = new ContentScriptContext('huawei');
    const every = vi.fn();
    ctx.setInterval(every, 100);
    await vi.advanceTimersByTimeAsync(100);
    delete runtime.id;
    await vi.advanceTimersByTimeAsync(300);
    expect(every).toHaveBeenCalledOnce();
  });

  it('leaves no timer behind when it ends, and follows the address with one timer however many listen', async () => {
    const ctx = new ContentScriptContext('huawei');
    ctx.addEventListener(window, 'wxt:locationchange', () => undefined);
    ctx.addEventListener(window, 'wxt:locationchange', () => undefined);
    expect(vi.getTimerCount()).toBe(1);
    ctx.setTimeout(() => undefined, 10_000);
    ctx.setInterval(() => undefined, 10_000);
    expect(vi.getTimerCount()).toBe(3);
    ctx.notifyInvalidated();
    expect(vi.getTimerCount()).toBe(0);
    expect(ctx.signal.reason).toBe('The extension is gone');
  });

  it('block() never settles', async () => {
    const ctx = new ContentScriptContext('huawei');
    const settled = vi.fn();
    void ctx.block().then(settled, settled);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(settled).not.toHaveBeenCalled();
  });

  it('an onInvalidated listener can be removed again', () => {
    const ctx = new ContentScriptContext('huawei');
    const callback = vi.fn();
    ctx.onInvalidated(callback)();
    ctx.notifyInvalidated();
    expect(callback).not.toHaveBeenCalled();
  });

  it('is what the content-script builds import in place of WXT’s (wxt.config.ts)', () => {
    const config = readFileSync(path.resolve('wxt.config.ts'), 'utf8');
    expect(config).toMatch(/find: \/\^wxt\\\/utils\\\/content-script-context\$\/, replacement: QUIET_CONTEXT/);
    expect(config).toContain("'./lib/console/quiet-context.ts'");
  });
});
