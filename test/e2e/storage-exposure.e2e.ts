/**
 * Issue 29, finding 7: in Firefox a content script can read all of storage.local, which held
 * every account name, region, task and failed item's record values. After the extension has
 * stored some of each, storage.local (what a content script reads in Firefox, and in Chrome
 * if setAccessLevel ever fails) holds none of them: they are in the extension's IndexedDB,
 * which a console page's own IndexedDB does not show either.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, launchExtension, privateAreaOf, type ExtensionSession } from './harness';
import { launchFirefox, type FirefoxSession } from './firefox-harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES, consolePage } from './scenario';

declare const browser: { storage: { local: { get(): Promise<Record<string, unknown>> } } };

let chromium: ExtensionSession | undefined;
let firefox: FirefoxSession | undefined;
afterEach(async () => {
  await chromium?.close();
  await firefox?.close();
  chromium = undefined;
  firefox = undefined;
});

const CONSOLE = 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones';

/** The words a content script must not find: every account's name and id, every task id, every failed item's record. */
function whatNamesSomething(stored: Record<string, unknown>): string[] {
  const words = new Set<string>();
  for (const account of (stored.accounts ?? []) as { id: string; name: string }[]) {
    words.add(account.name);
    words.add(account.id);
  }
  for (const [key, value] of Object.entries(stored)) {
    if (key.startsWith('task:')) words.add((value as { providerTaskId: string }).providerTaskId);
    if (key.startsWith('failed:')) for (const item of value as { item: string }[]) words.add(item.item);
  }
  return [...words];
}

/** The private area holds an account, its tasks and a task's failed items. */
const storedAll = (stored: Record<string, unknown>): boolean =>
  Array.isArray(stored.accounts) && stored.accounts.length > 0 && Object.keys(stored).some((k) => k.startsWith('task:')) && Object.keys(stored).some((k) => k.startsWith('failed:'));

describe('storage.local names no account, task or failed item (issue 29, finding 7)', () => {
  it('Firefox: after an account is polled and a console page showed its failed items, storage.local (every content script can read it) holds none of them', async () => {
    firefox = await launchFirefox({
      cloud: demoCloud(),
      hosts: ['dns.cn-north-4.myhuaweicloud.com', 'dcs.cn-north-4.myhuaweicloud.com', 'iam.myhuaweicloud.com', 'console.huaweicloud.com'],
      consolePages: { 'console.huaweicloud.com': consolePage('Huawei Cloud DNS console (fake)') },
    });
    const options = await firefox.openExtensionPage('options.html');
    expect(await options.evaluate((req) => (globalThis as unknown as { browser: { runtime: { sendMessage(r: unknown): Promise<unknown> } } }).browser.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] })).toMatchObject({ ok: true });
    const consoleTab = await firefox.browser.newPage();
    await consoleTab.goto(CONSOLE);
    const area = privateAreaOf(options as unknown as Parameters<typeof privateAreaOf>[0]);
    const stored = await eventually(() => area.get(null), storedAll, 'the account, its tasks and a task\'s failed items are stored', 60_000);
    const words = whatNamesSomething(stored);
    expect(words).toEqual(expect.arrayContaining([DEMO_ACCOUNTS[0]!.name, '9a186e66977dd48f01977e021c480cac']));
    expect(words.some((w) => w.includes('192.0.2.'))).toBe(true);

    const exposed = JSON.stringify(await options.evaluate(() => browser.storage.local.get()));
    for (const word of words) expect(exposed, word).not.toContain(word);
    // The console page's own storage knows nothing of the extension's database.
    expect(await consoleTab.evaluate(() => indexedDB.databases().then((dbs) => dbs.map((db) => db.name)))).not.toContain('batchwatch-store');
  });

  it('Chromium: the same, should storage.local ever be open to content scripts (setAccessLevel refused)', async () => {
    chromium = await launchExtension({ cloud: demoCloud(), consolePages: DEMO_CONSOLE_PAGES });
    const options = await chromium.openPage('options.html');
    expect(await options.evaluate((req) => (globalThis as unknown as { chrome: { runtime: { sendMessage(r: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] })).toMatchObject({ ok: true });
    const page = await chromium.context.newPage();
    await page.goto(CONSOLE);
    const stored = await eventually(async () => privateAreaOf(await chromium!.worker()).get(null), storedAll, 'the account, its tasks and a task\'s failed items are stored', 60_000);
    const words = whatNamesSomething(stored);
    expect(words).toContain(DEMO_ACCOUNTS[0]!.name);

    const exposed = JSON.stringify(await chromium.storageLocalOnly());
    for (const word of words) expect(exposed, word).not.toContain(word);
    expect(await page.evaluate(() => indexedDB.databases().then((dbs) => dbs.map((db) => db.name)))).not.toContain('batchwatch-store');
  });
});
