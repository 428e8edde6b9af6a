/**
 * Issue 29, end to end, on an Alibaba Cloud DNS console page (the content script tracks its
 * task ids with one signed call each, and a visit may ask for a discovery of 4 calls):
 * - finding 1: the page, listening to every message and to every event WXT would name,
 *   and watching its DOM, sees nothing of Batchwatch; forging WXT's "script started" event
 *   does not stop the content script (Chromium and Firefox ESR);
 * - findings 2 and 3: ids shown at machine speed, a worker restart in the middle, and the
 *   visit's discovery together cost the account at most 10 signed calls in any minute.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFakeCloud, type FakeCloud } from '../fake-cloud/index';
import { createAlibabaFake, defaultAlibabaScenario, type AlibabaFakeOptions } from '../fake-cloud/alibaba';
import { eventually, evaluateInContentScript, launchExtension, type ExtensionSession } from './harness';
import { launchFirefox, type FirefoxSession } from './firefox-harness';
import { DEMO_ACCOUNTS } from './scenario';

let session: ExtensionSession | undefined;
let firefox: FirefoxSession | undefined;
afterEach(async () => {
  await session?.close();
  await firefox?.close();
  session = undefined;
  firefox = undefined;
});

const CONSOLE_HOST = 'dns.console.aliyun.com';
const CONSOLE_URL = `https://${CONSOLE_HOST}/#/dns/domainList`;
const ALIBABA_ACCOUNT = DEMO_ACCOUNTS.find((a) => a.provider === 'alibaba')!;
const FIREFOX_ID = 'batchwatch@batchwatch.dev';

/** Only finished tasks: no cycle of the account's own polls anything while the page acts. */
const quietAlibaba = (): AlibabaFakeOptions => ({ ...defaultAlibabaScenario(), tasks: [{ TaskId: 1234500, BatchType: 'DOMAIN_ADD', Status: 1, TotalCount: 4, SuccessCount: 4, FailedCount: 0 }] });

/**
 * A console page that records what it could learn: every `message` it receives, every event
 * WXT's context would dispatch (on window and document, under each content script's name),
 * and every change of its DOM that its own script did not make (`data-page` marks those).
 */
const observingConsole = (extensionId: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>Alibaba Cloud DNS (fake)</title>
<script>
  window.seen = [];
  const record = (what) => window.seen.push(what);
  addEventListener('message', (e) => record('message ' + JSON.stringify(e.data)), true);
  for (const name of ['huawei', 'alibaba', 'dnspod']) for (const kind of ['content-script-started', 'locationchange']) for (const target of [window, document]) {
    target.addEventListener(${JSON.stringify(extensionId)} + ':' + name + ':wxt:' + kind, (e) => record('event ' + e.type), true);
  }
  // From the end of parsing on: the parser's own nodes are the page's.
  addEventListener('DOMContentLoaded', () => new MutationObserver((changes) => {
    for (const c of changes) {
      if (c.type === 'attributes') record('attribute ' + c.attributeName + ' on ' + c.target.nodeName);
      for (const n of c.addedNodes) if (!(n.nodeType === 1 && n.closest('[data-page]'))) record('node ' + n.nodeName);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true }));
  /** What the page's own script does: show a batch's task id, navigate within the app. */
  window.showTaskId = (id) => { const p = document.createElement('p'); p.dataset.page = ''; p.textContent = 'Batch submitted. Task ID: ' + id; document.body.append(p); };
  /** WXT's "a newer copy of the script started" event and message, forged with another id. */
  window.forgeScriptStarted = () => {
    for (const name of ['huawei', 'alibaba', 'dnspod']) {
      const type = ${JSON.stringify(extensionId)} + ':' + name + ':wxt:content-script-started';
      const detail = { contentScriptName: name, messageId: 'forged-by-the-page' };
      document.dispatchEvent(new CustomEvent(type, { detail }));
      window.dispatchEvent(new CustomEvent(type, { detail }));
      window.postMessage({ type, ...detail }, '*');
    }
  };
</script></head><body><div id="app" data-page><h1>Alibaba Cloud DNS console (fake)</h1><p>Batch operations</p></div></body></html>`;

/** The signed calls the fake answered for the account, with when they came. */
function countedCloud(options: AlibabaFakeOptions): { cloud: FakeCloud; calls: { at: number; url: string }[] } {
  const cloud = createFakeCloud([createAlibabaFake(options)]);
  const calls: { at: number; url: string }[] = [];
  const dispatch = cloud.dispatch.bind(cloud);
  cloud.dispatch = (req) => {
    if (req.url.hostname.endsWith('aliyuncs.com')) calls.push({ at: Date.now(), url: req.url.href });
    return dispatch(req);
  };
  return { cloud, calls };
}

const send = (page: Page, req: unknown) => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);
const contentScriptReady = (page: Page) =>
  eventually(() => evaluateInContentScript(page, session!.extensionId, '1').catch(() => 0), (v) => v === 1, 'the content script runs on the console page');
const askedFor = (calls: { url: string }[], id: string) => calls.some((c) => new URL(c.url).searchParams.get('TaskId') === id);
const maxInAnyMinute = (calls: { at: number }[]) => Math.max(0, ...calls.map((c) => calls.filter((d) => d.at >= c.at && d.at < c.at + 60_000).length));

async function chromiumWithAccount(options: AlibabaFakeOptions) {
  const counted = countedCloud(options);
  session = await launchExtension({ cloud: counted.cloud });
  // Served after launch: the page names the extension's id, as a page that guessed it would.
  await session.context.route(`https://${CONSOLE_HOST}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: observingConsole(session!.extensionId) }));
  const optionsPage = await session.openPage('options.html');
  expect(await send(optionsPage, { type: 'saveAccount', ...ALIBABA_ACCOUNT })).toMatchObject({ ok: true });
  const accountId = ((await send(optionsPage, { type: 'getState' })) as { accounts: { id: string }[] }).accounts[0]!.id;
  // The account's own first discovery (it was never listed) is over before the page acts.
  const discoveredAt = await eventually(async () => ((await session!.storageLocal()).runtime as Record<string, { lastDiscoveryAt?: number }> | undefined)?.[accountId]?.lastDiscoveryAt, (at) => at !== undefined, 'the first discovery ran');
  return { ...counted, optionsPage, accountId, discoveredAt: discoveredAt! };
}

describe('what a console page can learn of Batchwatch, and do to it (issue 29, finding 1)', () => {
  it('Chromium: the page sees no message, no event and no DOM change; a forged "script started" event does not stop the ids being tracked', async () => {
    const { calls } = await chromiumWithAccount(quietAlibaba());
    const page = await session!.context.newPage();
    await page.goto(CONSOLE_URL);
    await contentScriptReady(page);
    // The console's own navigation, which the content script follows.
    await page.evaluate(() => history.pushState(null, '', '#/dns/setting/example.com'));
    await page.evaluate(() => (window as any).showTaskId('7000001'));
    await eventually(async () => askedFor(calls, '7000001'), Boolean, 'the first id shown is tracked');
    await page.waitForTimeout(1_500);
    expect(await page.evaluate(() => (window as any).seen)).toEqual([]);

    await page.evaluate(() => (window as any).forgeScriptStarted());
    await page.evaluate(() => (window as any).showTaskId('7000002'));
    await eventually(async () => askedFor(calls, '7000002'), Boolean, 'an id shown after the forged event is still tracked');
    // The page's own forgeries are all it saw: three messages, nothing from the extension.
    const seen = (await page.evaluate(() => (window as any).seen)) as string[];
    expect(seen.filter((s) => !s.includes('forged-by-the-page') && !s.startsWith('event '))).toEqual([]);
  });

  it('Firefox ESR: the same page sees nothing, and the forged event stops nothing', async () => {
    const { cloud, calls } = countedCloud(quietAlibaba());
    firefox = await launchFirefox({ cloud, hosts: ['alidns.aliyuncs.com', CONSOLE_HOST], consolePages: { [CONSOLE_HOST]: observingConsole(FIREFOX_ID) } });
    const optionsPage = await firefox.openExtensionPage('options.html');
    expect(await optionsPage.evaluate((req) => (globalThis as any).browser.runtime.sendMessage(req), { type: 'saveAccount', ...ALIBABA_ACCOUNT })).toMatchObject({ ok: true });
    await eventually(async () => calls.length, (n) => n >= 4, 'the first discovery ran', 30_000);
    const page = await firefox.browser.newPage();
    await page.goto(CONSOLE_URL);
    // The content script's first message (the visit) needs no call; an id shown proves it runs.
    await eventually(async () => {
      await page.evaluate(() => (window as any).showTaskId('7000001'));
      await new Promise((r) => setTimeout(r, 1_500));
      return askedFor(calls, '7000001');
    }, Boolean, 'the content script tracks the first id', 30_000);
    expect(await page.evaluate(() => (window as any).seen)).toEqual([]);
    await page.evaluate(() => (window as any).forgeScriptStarted());
    await page.evaluate(() => (window as any).showTaskId('7000002'));
    await eventually(async () => askedFor(calls, '7000002'), Boolean, 'an id shown after the forged event is still tracked', 30_000);
    const seen = (await page.evaluate(() => (window as any).seen)) as string[];
    expect(seen.filter((s) => !s.includes('forged-by-the-page') && !s.startsWith('event '))).toEqual([]);
  });
});

describe('a console page at machine speed, across a worker restart (issue 29, findings 2 and 3)', () => {
  it('ids, the visit’s discovery and a restart together cost the account at most 10 signed calls in any minute', async () => {
    const { calls, discoveredAt } = await chromiumWithAccount(quietAlibaba());
    // A visit asks for a discovery at most every 30 s (VISIT_DISCOVERY_MS) after the last one.
    await new Promise((r) => setTimeout(r, Math.max(0, discoveredAt + 31_000 - Date.now())));
    const start = calls.length;
    const page = await session!.context.newPage();
    // The visit asks for a discovery (4 signed calls: one per batch type) that only the page caused.
    await page.goto(CONSOLE_URL);
    await contentScriptReady(page);
    const pageCalls = () => calls.slice(start);
    await eventually(async () => pageCalls().length, (n) => n >= 4, 'the visit’s discovery ran', 30_000);
    await page.evaluate(() => { for (let i = 0; i < 30; i++) (window as any).showTaskId(String(8_000_000 + i)); });
    await eventually(async () => pageCalls().length, (n) => n >= 10, 'the page has spent its minute', 30_000);
    await page.waitForTimeout(3_000);
    const beforeRestart = pageCalls().length;
    expect(beforeRestart).toBe(10);
    expect(pageCalls().filter((c) => new URL(c.url).searchParams.get('TaskId') === null).length).toBe(4);

    // The worker is stopped (as Chrome does when idle) and a new page view shows 30 more ids.
    await session!.killWorker();
    await page.reload();
    await contentScriptReady(page);
    await page.evaluate(() => { for (let i = 30; i < 60; i++) (window as any).showTaskId(String(8_000_000 + i)); });
    await page.waitForTimeout(8_000);
    expect(pageCalls().length).toBe(beforeRestart);
    expect(maxInAnyMinute(pageCalls())).toBeLessThanOrEqual(10);
  });
});
