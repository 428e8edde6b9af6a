/**
 * Huawei Cloud CDN's console keeps its routes in the URL fragment: the content script runs on
 * all of it, but the panel belongs on the refresh history route only. Navigating inside the
 * console (hashchange, no page load) hides the panel on another route and shows it again on
 * the refresh route. (Loading another route sending nothing is in the unit tests:
 * test/unit/console/huawei-cdn-route.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closedPanel, eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const CONSOLE = 'https://console.huaweicloud.com/cdn/?region=cn-north-4';

describe('the panel on Huawei Cloud CDN\'s console', () => {
  it('shows on #/cdn/refresh, hides when the console moves to another route, and shows again on coming back', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    const account = { ...DEMO_ACCOUNTS[0]!, settings: { ...DEMO_ACCOUNTS[0]!.settings, 'watch-huawei-cdn': 'on' } };
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...account });
    await eventually(async () => cloud.count('huawei-cdn', 'ShowHistoryTasks'), (n) => n > 0, 'the CDN tasks are listed once CDN is on');

    const page = await session.context.newPage();
    await page.goto(`${CONSOLE}#/cdn/refresh`);
    const host = page.locator('batchwatch-panel');
    await host.waitFor({ state: 'attached' });
    // The host has no box of its own (the panel inside is fixed): its display says whether it shows.
    const display = () => host.evaluate((el) => getComputedStyle(el).display);
    expect(await display()).not.toBe('none');
    const panel = await closedPanel(page);
    await eventually(() => panel.text(), (t) => t.includes('https://www.example.com/app.js'), 'the panel lists the refresh task\'s failed URLs');
    await panel.detach();

    await page.evaluate(() => void (location.hash = '#/cdn/domainList'));
    await eventually(display, (d) => d === 'none', 'the panel is hidden on another route');

    await page.evaluate(() => void (location.hash = '#/cdn/refresh'));
    await eventually(display, (d) => d !== 'none', 'the panel shows again on the refresh route');
  });
});
