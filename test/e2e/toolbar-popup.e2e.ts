/**
 * The popup as users open it: the toolbar popup of a headed Chromium (on Xvfb). The other
 * tests open popup.html in a tab, which cannot show what only the toolbar popup decides:
 * its size comes from the page's content, and it stays hidden until the page has loaded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS } from './scenario';
import { virtualDisplay, type VirtualDisplay } from './virtual-display';
import { POPUP_FIRST_FRAME_KEY } from '../../lib/popup/snapshot';
import type { Page } from 'playwright-core';

let session: ExtensionSession | undefined;
let display: VirtualDisplay | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  display?.stop();
  display = undefined;
});

interface ToolbarPopupView {
  visibility: string;
  width: number;
  height: number;
  mainWidth: number;
  scrollsSideways: boolean;
  taskIds: string[];
  /** Times the first task was painted: by the first frame, then by the app. */
  firstTaskPaints: number;
  /** Whether the first of those paints was of the element shown now (the app's), not of the first frame's. */
  firstPaintWasTheApps: boolean;
  firstFrameLeft: boolean;
}

/** Clicks the toolbar button (`action.openPopup()`), waits for the app's task list, and reads what the popup shows. */
function openToolbarPopup(driver: Page): Promise<ToolbarPopupView> {
  return driver.evaluate(async () => {
    const extension = (globalThis as any).chrome;
    await extension.action.openPopup();
    const deadline = Date.now() + 15_000;
    const until = async <T,>(read: () => T | undefined | null | false, what: string): Promise<T> => {
      for (;;) {
        const value = read();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`toolbar popup: ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const view = await until(() => extension.extension.getViews({ type: 'popup' })[0] as (Window & typeof globalThis) | undefined, 'never opened');
    await until(() => !view.document.getElementById('first-frame') && view.document.querySelector('#app > main .task'), 'the app never listed the tasks');
    type ElementPaint = PerformanceEntry & { identifier: string; renderTime: number; element: Element | null };
    const paints: ElementPaint[] = [];
    new view.PerformanceObserver((list) => {
      paints.push(...(list.getEntries() as ElementPaint[]).filter((entry) => entry.identifier === 'first-task'));
    }).observe({ type: 'element', buffered: true });
    // The app's own paint is reported a frame or two after it has rendered.
    await new Promise((resolve) => setTimeout(resolve, 500));
    paints.sort((a, b) => a.renderTime - b.renderTime);
    const root = view.document.documentElement;
    const shown: ToolbarPopupView = {
      visibility: view.document.visibilityState,
      width: view.innerWidth,
      height: view.innerHeight,
      mainWidth: view.document.querySelector('#app > main')!.getBoundingClientRect().width,
      scrollsSideways: root.scrollWidth > root.clientWidth,
      taskIds: [...view.document.querySelectorAll('#app li.task code')].map((code) => code.textContent ?? ''),
      firstTaskPaints: paints.length,
      firstPaintWasTheApps: paints[0]?.element?.isConnected ?? false,
      firstFrameLeft: view.document.getElementById('first-frame') !== null,
    };
    view.close();
    return shown;
  });
}

describe('the toolbar popup, as a click opens it', () => {
  it('is shown 400 px wide and at most 600 px tall, lists the tasks, and on the next open paints its first frame before the app takes over', async () => {
    display = await virtualDisplay();
    session = await launchExtension({ cloud: demoCloud(), headless: false, display: display.display });
    const driver = await session.openPage('blank.html');
    await driver.evaluate((request) => (globalThis as any).chrome.runtime.sendMessage(request), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (text) => text === '2', 'the badge counts the 2 pending tasks');

    const first = await openToolbarPopup(driver);
    expect(first).toMatchObject({ visibility: 'visible', mainWidth: 400, scrollsSideways: false, firstTaskPaints: 1, firstPaintWasTheApps: true, firstFrameLeft: false });
    // The window may add a vertical scrollbar's width, never take any of the 400 px away.
    expect(first.width).toBeGreaterThanOrEqual(400);
    expect(first.height).toBeLessThanOrEqual(600);
    expect(first.taskIds).toEqual(expect.arrayContaining(['9a186e66977dd48f01977e021c480cac', '9a186e66977dd48f01977e021c480cad', '9a186e66977dd48f01977e021c480cae']));
    await eventually(() => driver.evaluate((key) => localStorage.getItem(key), POPUP_FIRST_FRAME_KEY), (kept) => kept !== null, 'the popup keeps its first frame');

    const second = await openToolbarPopup(driver);
    expect(second).toMatchObject({ visibility: 'visible', mainWidth: 400, scrollsSideways: false, firstTaskPaints: 2, firstPaintWasTheApps: false, firstFrameLeft: false });
    expect(second.taskIds).toEqual(first.taskIds);
  });
});
