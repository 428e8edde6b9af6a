/**
 * Loads the built extension into Debian's Chromium (playwright-core, never a downloaded
 * browser) and answers every provider hostname with the fake cloud. Shared by the e2e
 * tests, `npm run demo` and `npm run bench`.
 */
import { chromium, type BrowserContext, type Locator, type Page, type Route, type Worker } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
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

/** Hosts the fake cloud answers through Playwright's routes (the providers' real API hostnames). */
export const API_ROUTES = [
  'https://*.myhuaweicloud.com/**',
  'https://*.aliyuncs.com/**',
  'https://*.tencentcloudapi.com/**',
];

/**
 * Hosts the fake cloud answers through a real HTTPS server on loopback instead: a Playwright
 * route sees a request before the browser's network stack applies the extension's
 * declarativeNetRequest rules (it saw HeadlessChrome's User-Agent), a server sees what the
 * provider would. DNSPod's legacy API refuses a request without the program's User-Agent that
 * the extension's rule sets (lib/providers/dnspod/user-agent.ts).
 */
export const LOOPBACK_HOSTS = ['dnsapi.cn'];

/** A certificate for the loopback hosts, made once per run (the browser is told to accept it). */
let loopbackCert: { key: string; cert: string } | undefined;
function certificate(): { key: string; cert: string } {
  if (loopbackCert) return loopbackCert;
  const dir = mkdtempSync(path.join(tmpdir(), 'batchwatch-cert-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${LOOPBACK_HOSTS[0]}`, '-addext', `subjectAltName=${LOOPBACK_HOSTS.map((h) => `DNS:${h}`).join(',')}`], { stdio: 'ignore' });
    loopbackCert = { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
    return loopbackCert;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The fake cloud as an HTTPS server on 127.0.0.1 (an ephemeral port), for LOOPBACK_HOSTS. */
async function loopbackServer(cloud: FakeCloud, offline: (() => boolean) | undefined): Promise<{ port: number; close(): Promise<void> }> {
  const server = createHttpsServer(certificate(), (req, res) => {
    if (offline?.()) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      void cloud
        .dispatch({ method: req.method ?? 'GET', url: new URL(req.url ?? '/', `https://${req.headers.host ?? LOOPBACK_HOSTS[0]}`), headers, body: Buffer.concat(chunks).toString('utf8') })
        .then((answer) => {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

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
  /**
   * The welcome tab a fresh profile's install opens (lib/engine/first-run.ts): closed as soon as
   * it has opened, unless kept, so that a test sees only the pages it opens itself.
   */
  keepWelcome?: boolean;
}

/** The stored tasks in a dump of the store (one `task:<key>` item each), by task key. */
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
  /**
   * Everything the extension stores under the keys it had before issue 29 (finding 7):
   * storage.local and the private area in its IndexedDB together.
   */
  storageLocal(): Promise<Record<string, unknown>>;
  /** storage.local alone: what a content script could read where the browser cannot restrict it (Firefox). */
  storageLocalOnly(): Promise<Record<string, unknown>>;
  /** Stops the service worker through CDP, as Chrome does when it is idle. */
  killWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function launchExtension(options: LaunchOptions): Promise<ExtensionSession> {
  if (!chromiumFound.path) throw new Error(chromiumFound.problem);
  const extDir = grantedBuildCopy();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'batchwatch-profile-'));
  const loopback = await loopbackServer(options.cloud, options.offline);
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
      // Nothing may reach a real network, even before the routes exist; the loopback hosts reach the fake's server.
      `--host-resolver-rules=${LOOPBACK_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${loopback.port}`).join(',')},MAP * ~NOTFOUND`,
      // The loopback server's certificate is its own (it names the provider's host).
      '--ignore-certificate-errors',
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

  const welcomeUrl = `${extensionOrigin}welcome.html`;
  // Polled, not awaited as a 'page' event: a new tab may still show about:blank when that fires.
  let welcome: Page | undefined;
  for (let i = 0; i < 150 && !welcome; i++) {
    welcome = context.pages().find((p) => p.url() === welcomeUrl);
    if (!welcome) await new Promise((r) => setTimeout(r, 100));
  }
  if (welcome && !options.keepWelcome) await welcome.close();

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
      const sw = await worker();
      return { ...(await sw.evaluate(() => chrome.storage.local.get(null))), ...(await privateAreaOf(sw).get(null)) };
    },
    async storageLocalOnly() {
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
      await loopback.close();
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

/** The popup's task list rows, not "Needs attention" above it (which lists an unseen failure a second time). */
export const TASK_LIST_ROWS = 'section[aria-labelledby="tasks-heading"] .task';

/**
 * Waits until `locator` matches `expected` elements (a number, or a test of the number) and
 * returns the count: a page renders in steps, so a count read once may be of a step before.
 */
export async function countOf(locator: Locator, expected: number | ((n: number) => boolean), what: string, timeoutMs = 20_000): Promise<number> {
  const accept = typeof expected === 'number' ? (n: number) => n === expected : expected;
  return eventually(() => locator.count(), accept, what, timeoutMs);
}

/** A node of CDP's DOM.getDocument tree (the fields these helpers read). */
interface DomNode {
  nodeType: number;
  localName?: string;
  nodeValue?: string;
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: (DomNode & { shadowRootType?: string })[];
}

/**
 * The failed-items panel lives in a closed shadow root, which Playwright's locators (and
 * page scripts) cannot enter. The DevTools protocol can: these helpers read and click it.
 */
export interface ClosedPanel {
  /** The panel's host element was found and its shadow root is closed. */
  closed(): Promise<boolean>;
  /** All text in the panel (stylesheet left out). */
  text(): Promise<string>;
  /** The panel's markup as CDP sees it (tags, attributes, text): what a canary search must look through. */
  markup(): Promise<string>;
  /** Elements in the panel with this tag (and, when given, this class). */
  count(tag: string, className?: string): Promise<number>;
  /** Clicks the first panel button whose spoken text starts with `name`, with the mouse, where it is on screen. */
  click(name: string): Promise<void>;
  detach(): Promise<void>;
}

export async function closedPanel(page: Page, hostTag = 'batchwatch-panel'): Promise<ClosedPanel> {
  const cdp = await page.context().newCDPSession(page);
  const shadowRoot = async (): Promise<(DomNode & { shadowRootType?: string }) | undefined> => {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const find = (node: DomNode): DomNode | undefined => {
      if (node.localName === hostTag) return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const hit = find(child);
        if (hit) return hit;
      }
      return undefined;
    };
    return find(root)?.shadowRoots?.[0];
  };
  const walk = (node: DomNode, visit: (n: DomNode) => void): void => {
    visit(node);
    for (const child of node.children ?? []) walk(child, visit);
  };
  const textOf = (node: DomNode, spoken = false): string => {
    if (node.nodeType === 3) return node.nodeValue ?? '';
    if (node.localName === 'style') return '';
    // What a screen reader says: aria-hidden decorations (e.g. the toggle's arrow) left out.
    const attrs = node.attributes ?? [];
    if (spoken && attrs[attrs.indexOf('aria-hidden') + 1] === 'true' && attrs.includes('aria-hidden')) return '';
    return (node.children ?? []).map((child) => textOf(child, spoken)).join('');
  };
  const markupOf = (node: DomNode): string => {
    if (node.nodeType === 3) return node.nodeValue ?? '';
    const attrs = node.attributes ?? [];
    const pairs = attrs.flatMap((v, i) => (i % 2 === 0 ? [` ${v}="${attrs[i + 1] ?? ''}"`] : [])).join('');
    const inner = (node.children ?? []).map(markupOf).join('');
    return node.localName ? `<${node.localName}${pairs}>${inner}</${node.localName}>` : inner;
  };
  const required = async (): Promise<DomNode & { shadowRootType?: string }> => {
    const root = await shadowRoot();
    if (!root) throw new Error(`no ${hostTag} with a shadow root on the page`);
    return root;
  };
  return {
    async closed() {
      return (await shadowRoot())?.shadowRootType === 'closed';
    },
    async text() {
      return textOf(await required());
    },
    async markup() {
      return markupOf(await required());
    },
    async count(tag, className) {
      let n = 0;
      walk(await required(), (node) => {
        if (node.localName !== tag) return;
        const attrs = node.attributes ?? [];
        const classes = (attrs[attrs.indexOf('class') + 1] ?? '').split(/\s+/);
        if (!className || (attrs.includes('class') && classes.includes(className))) n++;
      });
      return n;
    },
    async click(name) {
      let target: DomNode | undefined;
      walk(await required(), (node) => {
        if (!target && node.localName === 'button' && textOf(node, true).trim().startsWith(name)) target = node;
      });
      if (!target) throw new Error(`no button "${name}" in the panel`);
      await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: target.backendNodeId });
      const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId: target.backendNodeId })) as { model: { content: number[] } };
      const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
      await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
    },
    async detach() {
      await cdp.detach().catch(() => undefined);
    },
  };
}

/**
 * Evaluates `expression` in the extension's content-script world of `page` (CDP's isolated
 * world named after the extension), to check what a content script can and cannot do.
 */
export async function evaluateInContentScript(page: Page, extensionId: string, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; auxData?: { type?: string } } }) => void contexts.push(e.context));
  await cdp.send('Runtime.enable');
  try {
    const context = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId));
    if (!context) throw new Error('no content-script world of this extension on the page');
    const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', { expression, contextId: context.id, awaitPromise: true, returnByValue: true })) as {
      result: { value?: unknown };
      exceptionDetails?: { exception?: { description?: string } };
    };
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? 'evaluation failed');
    return result.value;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * What the badge shows once nothing is pending: the number of tasks that ended with failures
 * the user has not seen yet (issue 32), or nothing. Read from the store, as the badge is.
 */
export async function idleBadge(session: Pick<ExtensionSession, 'storageLocal'>): Promise<string> {
  const unseen = (await session.storageLocal()).unseenFailures;
  return Array.isArray(unseen) && unseen.length ? String(unseen.length) : '';
}

/** Waits until no task is pending: the badge shows only the unseen failures, if any. */
export async function nothingPending(session: ExtensionSession, what: string): Promise<void> {
  await eventually(async () => ({ shown: await session.badgeText(), idle: await idleBadge(session) }), ({ shown, idle }) => shown === idle, what);
}

/** A page or worker of the extension, where its private area can be read and written. */
interface ExtensionRealm {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate(expression: string): Promise<unknown>;
}

type PrivateAreaRequest = { op: 'get'; keys: string[] | null } | { op: 'set'; items: Record<string, unknown> };

/**
 * Runs in the extension's realm (serialized: nothing from outside): lib/store/private-area.ts's
 * database, read or written as the extension does, the change signal included.
 */
async function privateAreaOp(request: PrivateAreaRequest): Promise<Record<string, unknown>> {
  const done = <T>(req: IDBRequest<T>): Promise<T> => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const open = indexedDB.open('batchwatch-store', 1);
  open.onupgradeneeded = () => void open.result.createObjectStore('kv');
  const db = await done(open);
  try {
    if (request.op === 'get') {
      const kv = db.transaction('kv', 'readonly').objectStore('kv');
      const keys = request.keys ?? ((await done(kv.getAllKeys())) as string[]).filter((k) => !k.startsWith('\u0000'));
      const values = await Promise.all(keys.map((k) => done(kv.get(k))));
      return Object.fromEntries(keys.flatMap((k, i) => (values[i] === undefined ? [] : [[k, values[i]]])));
    }
    const tx = db.transaction('kv', 'readwrite');
    for (const [k, v] of Object.entries(request.items)) tx.objectStore('kv').put(v, k);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    const kinds = Object.keys(request.items).map((k) => (k.includes(':') ? k.slice(0, k.indexOf(':') + 1) : k));
    const api = (globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } }).chrome;
    await api.storage.local.set(Object.fromEntries(kinds.map((kind) => [`changed:${kind}`, Math.random()])));
    return {};
  } finally {
    db.close();
  }
}

/**
 * privateAreaOp as an expression for the realm. Under tsx (the demo) esbuild keeps function
 * names by wrapping them in a `__name` helper the extension's realm does not have: the
 * expression brings its own. (Playwright evaluates it through the debugger, as any evaluate.)
 */
const privateAreaExpression = (request: PrivateAreaRequest): string =>
  `(() => { const __name = (f) => f; return (${privateAreaOp.toString()})(${JSON.stringify(request)}); })()`;

/** The extension's private area (accounts, tasks, failed items, the popup snapshot), from one of its pages or its worker. */
export function privateAreaOf(realm: ExtensionRealm): { get(keys: string[] | null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } {
  return {
    get: (keys) => realm.evaluate(privateAreaExpression({ op: 'get', keys })) as Promise<Record<string, unknown>>,
    set: async (items) => void (await realm.evaluate(privateAreaExpression({ op: 'set', items }))),
  };
}
