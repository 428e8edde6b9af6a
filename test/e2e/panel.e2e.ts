/**
 * The failed-items panel on a provider console: the real console URL is answered by a small
 * fake page, the manifest content script says which page it is, and loads and mounts the panel
 * (in a closed shadow root, read here through the DevTools protocol) because that provider has
 * failures. The panel's module is loaded only then, from an address a page cannot probe.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { closedPanel, eventually, evaluateInContentScript, launchExtension, privateAreaOf, type ExtensionSession } from './harness';
import { consolePage, demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';

/** Every URL the page's target asks for (its content scripts' module loads included), through the DevTools protocol. */
async function requestsOf(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const urls: string[] = [];
  cdp.on('Network.requestWillBeSent', (e: { request: { url: string } }) => void urls.push(e.request.url));
  await cdp.send('Network.enable');
  return urls;
}

/** What a page script gets when it fetches `url`: its length, or "refused". */
const probe = (page: Page, url: string): Promise<string> =>
  page.evaluate(async (u) => {
    try {
      return `loaded ${(await (await fetch(u)).text()).length} B`;
    } catch {
      return 'refused';
    }
  }, url);

/** A console that allows only its own scripts and styles, as real consoles do. */
const STRICT_CONSOLE = consolePage('Huawei Cloud DNS console (fake, strict CSP)').replace(
  '<meta charset="utf-8">',
  `<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'">`,
);

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
    const area = privateAreaOf(await session.worker());
    const { runtime } = await area.get(['runtime']);
    for (const rt of Object.values(runtime as Record<string, { lastDiscoveryAt?: number }>)) rt.lastDiscoveryAt = 0;
    await area.set({ runtime });
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
    await eventually(async () => (await session!.storageLocal()).panelCollapsed, (collapsed) => collapsed === true, 'the background remembers the collapse');
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

  it('loads the panel module into the content script\'s world from a per-session address: a page can neither probe for it nor see it load', async () => {
    const cloud = demoCloud();
    session = await launchExtension({
      cloud,
      consolePages: { 'https://console.huaweicloud.com/**': STRICT_CONSOLE, 'https://elsewhere.example/**': consolePage('Another site') },
    });
    const options = await session.openPage('options.html');
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (t) => t === '2', 'badge counts the Huawei tasks');
    const strictConsole = await session.context.newPage();
    const requests = await requestsOf(strictConsole);
    await strictConsole.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    // The console's own CSP does not stop it: the module is the content script's, not the page's.
    await strictConsole.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const panel = await closedPanel(strictConsole);
    await eventually(() => panel.text(), (t) => t.includes('Batchwatch: failed items'), 'the panel appears on a console with a strict CSP');
    const moduleUrl = (await evaluateInContentScript(strictConsole, session.extensionId, "chrome.runtime.getURL('/panel.js')")) as string;
    expect(requests).toContain(moduleUrl);
    // Chrome's dynamic URL: a fresh id each session, not the extension's (public) id.
    expect(new URL(moduleUrl).host).not.toBe(session.extensionId);
    // What a console's own scripts could try: the fixed address is refused (use_dynamic_url),
    // and the load left no trace in the page's resource timing.
    expect(await probe(strictConsole, `chrome-extension://${session.extensionId}/panel.js`)).toBe('refused');
    expect(await strictConsole.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => !n.startsWith('https:')))).toEqual([]);
    // Residual: a console page that learnt the session's address could load it; no other site can.
    expect(await probe(strictConsole, moduleUrl)).toMatch(/^loaded \d+ B$/);
    const elsewhere = await session.context.newPage();
    await elsewhere.goto('https://elsewhere.example/');
    expect(await probe(elsewhere, moduleUrl)).toBe('refused');
    expect(await probe(elsewhere, `chrome-extension://${session.extensionId}/panel.js`)).toBe('refused');
    // The panel's code runs in the content script's world: the page's world has none of it.
    expect(await strictConsole.evaluate(() => Object.keys(window).filter((k) => /batchwatch|wxt|preact|__/i.test(k)))).toEqual([]);
    await panel.detach();
  });

  it('loads no panel code on a console where nothing failed', async () => {
    const cloud = demoCloud();
    cloud.huawei.dnsTasks.splice(0, 1);
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (t) => t === '2', 'badge counts the Huawei tasks');
    const consolePage = await session.context.newPage();
    const requests = await requestsOf(consolePage);
    await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    await consolePage.waitForTimeout(1500);
    // The content script is there, and the background's answer to it is: nothing to show.
    expect(await evaluateInContentScript(consolePage, session.extensionId, "chrome.runtime.sendMessage({ type: 'consoleVisit', url: location.href })")).toMatchObject({ ok: true, show: false });
    expect(await consolePage.locator('batchwatch-panel').count()).toBe(0);
    expect(requests.filter((url) => url.startsWith('chrome-extension://'))).toEqual([]);
  });
});
