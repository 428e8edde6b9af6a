/**
 * Firefox ESR: the built add-on installed as a temporary add-on. Its background polls the
 * fake cloud (through a PAC proxy, since Firefox's automation cannot see extension
 * requests), keeps the badge, and shows the panel on a console page (its content script
 * imports the panel's module).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EXT_UUID, launchFirefox, type FirefoxSession } from './firefox-harness';
import { demoCloud, DEMO_ACCOUNTS, consolePage } from './scenario';
import { DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';
import { POPUP_FIRST_FRAME_KEY } from '../../lib/popup/snapshot';

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
