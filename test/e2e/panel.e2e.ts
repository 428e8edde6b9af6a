/**
 * The failed-items panel on a provider console: the real console URL is answered by a small
 * fake page, the manifest content script says which page it is, and mounts the panel (in a
 * closed shadow root, read here through the DevTools protocol) because that provider has failures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { closedPanel, eventually, evaluateInContentScript, launchExtension, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';

describe('failed-items panel in the Huawei console', () => {
  it('appears with the failures grouped, follows hash navigation, exports CSV, and shows HTML as text', async () => {
    const cloud = demoCloud();
    cloud.huawei.dnsTasks[0]!.errorItems![0]!.error_message = HOSTILE;
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (t) => t === '2', 'badge counts the Huawei tasks');

    const consolePage = await session.context.newPage();
    await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    await consolePage.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const panel = await closedPanel(consolePage);
    await eventually(() => panel.text(), (t) => t.includes('Batchwatch: failed items') && t.includes(HOSTILE) && t.includes('The record already exists: delete or skip it'), 'the panel shows the failures, HTML as text');
    expect(await panel.closed()).toBe(true);
    // Page scripts cannot reach into it.
    expect(await consolePage.evaluate(() => document.querySelector('batchwatch-panel')?.shadowRoot ?? null)).toBeNull();
    expect(await consolePage.getByText('Batchwatch: failed items').count()).toBe(0);
    expect(await consolePage.title()).not.toBe('pwned');
    expect(await panel.count('img')).toBe(0);
    expect(await panel.text()).toContain('30');
    const rows = await panel.count('li', 'row');
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThanOrEqual(100);

    // Single-page navigation: the content script reports the new page; no second panel appears.
    // (Discovery on a visit is limited to once per 30 s per account: age the last one.)
    await (await session.worker()).evaluate(async () => {
      const chromeApi = (globalThis as any).chrome;
      const { runtime } = await chromeApi.storage.local.get('runtime');
      for (const rt of Object.values(runtime as Record<string, { lastDiscoveryAt?: number }>)) rt.lastDiscoveryAt = 0;
      await chromeApi.storage.local.set({ runtime });
    });
    const visitsBefore = cloud.records.length;
    await consolePage.evaluate(() => (location.hash = '#/dns/publicRset?zoneid=ff8080827d1f2c3b017d2f0b1e0c0a1b&zonename=example.com.'));
    await eventually(async () => cloud.records.length, (n) => n > visitsBefore, 'a console visit triggers discovery');
    expect(await consolePage.locator('batchwatch-panel').count()).toBe(1);

    const [download] = await Promise.all([consolePage.waitForEvent('download'), panel.click('Export CSV')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFitem,code,message')).toBe(true);
    expect(csv.split('\r\n').length).toBeGreaterThanOrEqual(121);

    // The content script and the panel leave nothing in the page's own world.
    expect(await consolePage.evaluate(() => Object.keys(window).filter((k) => /batchwatch|wxt|preact|__/i.test(k)))).toEqual([]);

    // Collapsing is remembered by the background (content scripts have no storage access).
    await panel.click('Hide failed items');
    await eventually(() => panel.text(), (t) => t.includes('Show failed items'), 'the panel collapses');
    expect((await session.storageLocal()).panelCollapsed).toBe(true);
    await panel.detach();
  });

  it('a content script cannot read or write extension storage (Chrome: storage.local is for trusted contexts only)', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (t) => t === '2', 'badge counts the Huawei tasks');
    const consolePage = await session.context.newPage();
    await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    await consolePage.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const attempt = (code: string) => evaluateInContentScript(consolePage, session!.extensionId, `(async () => { try { ${code}; return 'allowed'; } catch (e) { return 'refused'; } })()`);
    expect(await attempt('await chrome.storage.local.get(null)')).toBe('refused');
    expect(await attempt("await chrome.storage.local.set({ runtime: {} })")).toBe('refused');
    expect(await attempt('await chrome.storage.session.get(null)')).toBe('refused');
    // The content script is there and can still message the background.
    expect(await evaluateInContentScript(consolePage, session.extensionId, "chrome.runtime.sendMessage({ type: 'panelState' })")).toMatchObject({ ok: true });
  });

  it('mounts nothing on a console where nothing failed', async () => {
    const cloud = demoCloud();
    cloud.huawei.dnsTasks.splice(0, 1);
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (t) => t === '2', 'badge counts the Huawei tasks');
    const consolePage = await session.context.newPage();
    await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    await consolePage.waitForTimeout(1500);
    expect(await consolePage.locator('batchwatch-panel').count()).toBe(0);
  });
});
