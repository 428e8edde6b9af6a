/**
 * Firefox ESR: the built add-on installed as a temporary add-on. Its background polls the
 * fake cloud (through a PAC proxy, since Firefox's automation cannot see extension
 * requests), keeps the badge, and shows the panel on a console page (its content script
 * imports the panel's module). The CDN task sources of the three clouds are read from the
 * same rows as in Chromium (cdn-rows.ts). Notifications cannot be observed by Firefox's
 * automation: they are proven in Chromium (cdn.e2e.ts, everyday.e2e.ts) and unit-tested.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EXT_UUID, launchFirefox, type FirefoxSession } from './firefox-harness';
import { demoCloud, DEMO_ACCOUNTS, consolePage } from './scenario';
import { DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';
import { POPUP_FIRST_FRAME_KEY } from '../../lib/popup/snapshot';
import { CDN_ROWS } from './cdn-rows';

declare const browser: any;

let session: FirefoxSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 30_000): Promise<T> {
  let last: T | undefined;
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && ok(last)) return last;
  }
  throw new Error(`${what}: still ${JSON.stringify(last)}`);
}

describe('Firefox ESR', () => {
  it('runs the background, counts pending tasks on the badge, keeps secrets out of storage, opens a 400 px toolbar popup that never scrolls sideways, and shows the panel on a console page', async () => {
    const cloud = demoCloud();
    session = await launchFirefox({
      cloud,
      hosts: ['dns.cn-north-4.myhuaweicloud.com', 'dcs.cn-north-4.myhuaweicloud.com', 'iam.myhuaweicloud.com', 'console.huaweicloud.com', 'elsewhere.example'],
      consolePages: { 'console.huaweicloud.com': consolePage('Huawei Cloud DNS console (fake)'), 'elsewhere.example': consolePage('Another site') },
    });
    const options = await session.openExtensionPage('options.html');
    const reply = await options.evaluate((req) => browser.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    expect(reply).toMatchObject({ ok: true });
    expect(await until(() => options.evaluate(() => browser.action.getBadgeText({})), (t) => t === '2', 'badge shows 2 pending tasks')).toBe('2');
    const stored = JSON.stringify(await options.evaluate(() => browser.storage.local.get()));
    expect(stored).not.toContain(DEMO_HUAWEI_KEYS.secretAccessKey);
    expect(cloud.records.length).toBeGreaterThan(0);
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);

    const popup = await session.openExtensionPage('popup.html');
    await until(() => popup.evaluate(() => document.body.textContent ?? ''), (t) => t.includes('9a186e66977dd48f01977e021c480cac'), 'popup lists the tasks');
    // Its stylesheet is inline in popup.html (one fetch fewer): Firefox applies it under this CSP.
    expect(await popup.evaluate(() => getComputedStyle(document.querySelector('main.popup')!).width)).toBe('400px');
    await until(() => popup.evaluate((key) => localStorage.getItem(key), POPUP_FIRST_FRAME_KEY), (kept) => kept !== null, 'the popup keeps its first frame');
    // The next open paints that first frame, then its app takes over.
    const reopened = await session.openExtensionPage('popup.html');
    await until(
      () => reopened.evaluate(() => !document.getElementById('first-frame') && (document.querySelector('#app')?.textContent ?? '')),
      (t) => typeof t === 'string' && t.includes('9a186e66977dd48f01977e021c480cac'),
      'the reopened popup is live',
    );

    // The real toolbar popup, as a click opens it: 400 px of content, no sideways scrolling
    // (Firefox takes a vertical scrollbar's width out of a content-sized popup unless the
    // popup reserves its gutter).
    const toolbarPopup = await options.evaluate(async () => {
      await browser.action.openPopup();
      for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        const view = browser.extension.getViews({ type: 'popup' })[0];
        const main = view?.document.querySelector('#app > main');
        if (!main?.querySelector('.task')) continue;
        await new Promise((r) => setTimeout(r, 500));
        const root = view.document.documentElement;
        const shown = { width: view.innerWidth, mainWidth: main.getBoundingClientRect().width, scrollsSideways: root.scrollWidth > root.clientWidth };
        view.close();
        return shown;
      }
      return 'the toolbar popup never listed the tasks';
    });
    expect(toolbarPopup).toMatchObject({ mainWidth: 400, scrollsSideways: false });
    expect((toolbarPopup as { width: number }).width).toBeGreaterThanOrEqual(400);

    const page = await session.browser.newPage();
    await page.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    // The panel is in a closed shadow root: the page sees its host element and nothing inside.
    const host = await until(
      () => page.evaluate(() => {
        const el = document.querySelector('batchwatch-panel');
        return el ? { open: el.shadowRoot !== null } : undefined;
      }),
      (h) => Boolean(h),
      'the panel appears',
    );
    expect(host).toMatchObject({ open: false });
    // Firefox's find-in-page reads rendered text, closed shadow roots included.
    expect(await until(() => page.evaluate(() => (window as unknown as { find(text: string): boolean }).find('The record set already exists.')), (found) => found === true, 'the panel shows the failures')).toBe(true);
    // The content script imported the panel's module (web-accessible to the console origins
    // only): the page's resource timing does not show it, and no other site may load it.
    expect(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => !n.startsWith('https:')))).toEqual([]);
    const elsewhere = await session.browser.newPage();
    await elsewhere.goto('https://elsewhere.example/');
    const probe = (url: string) => elsewhere.evaluate((u) => fetch(u).then(() => 'loaded', () => 'refused'), url);
    expect(await probe(`moz-extension://${EXT_UUID}/panel.js`)).toBe('refused');
  });
});

describe.each(CDN_ROWS.map((row) => [row.cloud, row] as const))('Firefox ESR: CDN tasks on %s', (_cloud, row) => {
  it('are listed in the popup with their kind, the running one counted on the badge, and the failed URLs shown in the panel on the CDN console page', async () => {
    const { cloud, cdnFake, finishRefresh } = row.fakes();
    // The refresh has ended with failed URLs when the account is added; the preload still runs.
    finishRefresh();
    const consoleHost = new URL(row.consoleUrl).hostname;
    session = await launchFirefox({ cloud, hosts: [...row.wildcardHosts, consoleHost], consolePages: { [consoleHost]: consolePage('CDN refresh and preload history (fake console)') } });
    const ff = session;
    const options = await ff.openExtensionPage('options.html');
    expect(await options.evaluate((req) => browser.runtime.sendMessage(req), { type: 'saveAccount', ...row.account })).toMatchObject({ ok: true });

    await until(() => options.evaluate(() => browser.action.getBadgeText({})), (t) => t === '1', 'the badge counts the running preload');
    await until(() => options.evaluate(() => browser.action.getTitle({})), (t) => typeof t === 'string' && t.includes('1 pending'), 'the title says one task is pending');
    const popup = await ff.openExtensionPage('popup.html');
    const rowsText = () => popup.evaluate(() => [...document.querySelectorAll('section[aria-labelledby="tasks-heading"] .task')].map((el) => el.textContent ?? ''));
    const lists = (rows: string[], task: { label: string; kind: string }): boolean => rows.some((text) => text.includes(task.label) && text.includes(task.kind));
    await until(rowsText, (rows) => lists(rows, row.refresh) && lists(rows, row.preload), 'the popup lists the refresh and the preload with their kind');

    const page = await ff.browser.newPage();
    await page.goto(row.consoleUrl);
    await until(() => page.evaluate(() => document.querySelector('batchwatch-panel') !== null), (there) => there, 'the panel appears');
    // Firefox's find-in-page reads rendered text, closed shadow roots included (wrapping around:
    // each search starts where the last one ended). The reason is left to Chromium, which reads
    // the panel's text: find-in-page did not find "OriginTimeout" here (it is ellipsised beside the URL).
    const finds = (text: string) => page.evaluate((t) => (window as unknown as { find(s: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean }).find(t, false, false, true), text);
    for (const url of row.refresh.failedUrls) {
      expect(await until(() => finds(url), (found) => found === true, `the panel shows the failed URL ${url}`)).toBe(true);
    }

    // Every CDN call, the failed URLs' included, reached the fake through the PAC proxy (the CDN
    // API host is among the proxied ones), signed as the SDK signs.
    const cdnRecords = () => cloud.records.filter((r) => r.provider === cdnFake);
    for (const call of row.calls) await until(async () => cdnRecords().filter((r) => r.operation === call).length, (n) => n > 0, `${call} is called`);
    expect(cdnRecords().map((r) => new URL(r.url).hostname).every((host) => ff.proxiedHosts.includes(host))).toBe(true);
    expect(cdnRecords().every((r) => r.signatureValid)).toBe(true);
  });
});
