/**
 * Loads the built extension into Debian's Chromium (playwright-core, never a downloaded
 * browser) and answers every provider hostname with the fake cloud. Shared by the e2e
 * tests, `npm run demo` and `npm run bench`.
 */
import { chromium, type BrowserContext, type Page, type Route, type Worker } from 'playwright-core';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakeCloud } from '../fake-cloud/index';
import { findChromium } from '../tools/browsers.mjs';

/** The extension API inside the service worker (evaluated there, typed loosely here). */
declare const chrome: any;

/** Found as `npm run demo` and `npm test` found it (test/tools/setup.mjs ran first). */
const chromiumFound = findChromium();
export const CHROMIUM = chromiumFound.path ?? '/usr/bin/chromium';
export const BUILD_DIR = path.resolve('.output/chrome-mv3');

/** Hosts the fake cloud answers (the providers' real API hostnames). */
export const API_ROUTES = [
  'https://*.myhuaweicloud.com/**',
  'https://*.aliyuncs.com/**',
  'https://*.tencentcloudapi.com/**',
  'https://dnsapi.cn/**',
];

/**
 * A copy of the build whose optional host permissions are granted up front: headless
 * Chromium never settles `permissions.request()` (nobody can answer the prompt), so the
 * e2e runs as a user who accepted every prompt would. The request path is unit-tested.
 */
export function grantedBuildCopy(source = BUILD_DIR): string {
  if (!existsSync(path.join(source, 'manifest.json'))) {
    throw new Error(`No build at ${source}: run \`npm run build\` first.`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'batchwatch-ext-'));
  cpSync(source, dir, { recursive: true });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    host_permissions?: string[];
    optional_host_permissions?: string[];
  };
  manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...(manifest.optional_host_permissions ?? [])])];
  delete manifest.optional_host_permissions;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
  // A blank extension page: the bench's baseline for page timings in the same browser.
  writeFileSync(path.join(dir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>blank</title><p elementtiming="blank">blank</p>');
  // The same text, added by a one-line module script: the least any page built by a script
  // (as the popup is) pays before its first content is painted.
  writeFileSync(path.join(dir, 'blank-script.js'), "const p = document.createElement('p'); p.setAttribute('elementtiming', 'blank'); p.textContent = 'blank'; document.body.append(p);\n");
  writeFileSync(path.join(dir, 'blank-script.html'), '<!doctype html><meta charset="utf-8"><title>blank</title><script type="module" src="/blank-script.js"></script><body></body>');
  return dir;
}

export interface LaunchOptions {
  cloud: FakeCloud;
  headless?: boolean;
  /** The X display a headed browser opens its window on (test/e2e/virtual-display.ts). */
  display?: string;
  /** Chromium UI language, e.g. 'en-US' or 'zh-CN'. */
  lang?: string;
  /** Console pages to serve: URL glob → HTML. */
  consolePages?: Record<string, string>;
  /** When set, requests to these globs fail like a dead network. */
  offline?: () => boolean;
}

/** The stored tasks in a dump of storage.local (one `task:<key>` item each), by task key. */
export function storedTasks(dump: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(dump).flatMap(([key, value]) => (key.startsWith('task:') ? [[key.slice('task:'.length), value]] : [])));
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** The loaded copy of the build: a page written here can be opened at once (unpacked extensions are read from disk). */
  extensionDir: string;
  /** The current service worker (a new one after killWorker). */
  worker(): Promise<Worker>;
  openPage(file: 'popup.html' | 'options.html' | 'blank.html' | 'blank-script.html'): Promise<Page>;
  badgeText(): Promise<string>;
  storageLocal(): Promise<Record<string, unknown>>;
  /** Stops the service worker through CDP, as Chrome does when it is idle. */
  killWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function launchExtension(options: LaunchOptions): Promise<ExtensionSession> {
  if (!chromiumFound.path) throw new Error(chromiumFound.problem);
  const extDir = grantedBuildCopy();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'batchwatch-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? true,
    ...(options.display ? { env: { ...process.env, DISPLAY: options.display } } : {}),
    locale: options.lang ?? 'en-US',
    viewport: { width: 1200, height: 800 },
    args: [
      '--no-sandbox',
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-gpu',
      `--lang=${options.lang ?? 'en-US'}`,
      // Nothing may reach a real network, even before the routes exist.
      '--host-resolver-rules=MAP * ~NOTFOUND',
    ],
  });

  const answer = async (route: Route): Promise<void> => {
    const request = route.request();
    if (options.offline?.()) {
      await route.abort('internetdisconnected');
      return;
    }
    const response = await options.cloud.dispatch({
      method: request.method(),
      url: new URL(request.url()),
      headers: await request.allHeaders(),
      body: request.postData() ?? '',
    });
    await route.fulfill({ status: response.status, headers: response.headers, body: response.body });
  };
  for (const pattern of API_ROUTES) await context.route(pattern, answer);
  for (const [pattern, html] of Object.entries(options.consolePages ?? {})) {
    await context.route(pattern, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  }

  const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(first.url()).host;
  const extensionOrigin = `chrome-extension://${extensionId}/`;

  const worker = async (): Promise<Worker> => {
    for (let i = 0; i < 200; i++) {
      const sw = context.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin));
      if (sw) return sw;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('The extension service worker did not start');
  };

  return {
    context,
    extensionId,
    extensionDir: extDir,
    worker,
    async openPage(file) {
      if (!existsSync(path.join(extDir, file))) throw new Error(`${file} is not in the build`);
      const page = await context.newPage();
      await page.goto(`${extensionOrigin}${file}`);
      // The popup's first frame is an inert copy of the last one: tests talk to the app.
      if (file === 'popup.html') await page.waitForFunction(() => !document.getElementById('first-frame') && document.querySelector('#app > main'));
      return page;
    },
    async badgeText() {
      return (await worker()).evaluate(() => chrome.action.getBadgeText({}));
    },
    async storageLocal() {
      return (await worker()).evaluate(() => chrome.storage.local.get(null));
    },
    async killWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      const { targetInfos } = await cdp.send('Target.getTargets');
      const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin));
      if (target) await cdp.send('Target.closeTarget', { targetId: target.targetId });
      await cdp.detach();
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(extDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `read` returns something `accept` likes; fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}
