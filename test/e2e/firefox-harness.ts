/**
 * Firefox ESR with the built add-on installed as a temporary add-on, over WebDriver BiDi
 * (puppeteer-core 24). Firefox's remote agent cannot see the background's requests, so a
 * PAC file sends only the providers' hosts to a local TLS-terminating proxy that answers
 * them with the fake cloud (ARCHITECTURE.md, "Tests").
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FakeCloud } from '../fake-cloud/index';
import { grantedBuildCopy } from './harness';
import { findFirefox } from '../tools/browsers.mjs';

export const FIREFOX = findFirefox().path ?? '/usr/bin/firefox-esr';
export const FIREFOX_BUILD_DIR = path.resolve('.output/firefox-mv3');
const GECKO_ID = 'batchwatch@batchwatch.dev';
export const EXT_UUID = '11111111-2222-3333-4444-555555555555';

interface MockProxy {
  port: number;
  close(): void;
}

function selfSignedCert(hosts: string[]): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'batchwatch-cert-'));
  const san = hosts.map((h) => `DNS:${h}`).join(',');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    '-days', '2', '-subj', '/CN=batchwatch-fake-cloud', '-addext', `subjectAltName=${san}`,
  ], { stdio: 'ignore' });
  const pair = { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

async function startMockProxy(handler: http.RequestListener, tlsPair: { key: string; cert: string }): Promise<MockProxy> {
  const tls = https.createServer(tlsPair, handler);
  const proxy = http.createServer(handler);
  proxy.on('connect', (_req, client: net.Socket, head: Buffer) => {
    const address = tls.address() as net.AddressInfo;
    const upstream = net.connect(address.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', () => resolve()));
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    close() {
      proxy.close();
      tls.close();
      proxy.closeAllConnections();
      tls.closeAllConnections();
    },
  };
}

/**
 * The hosts the add-on's manifest grants by exact name (https://host/*): every provider's API
 * hosts but those under a wildcard. Read from the build, so a source's new host (a CDN API) is
 * proxied to the fake cloud without a test having to name it.
 */
function manifestApiHosts(extDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(extDir, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
  return (manifest.host_permissions ?? []).flatMap((pattern) => {
    const host = /^https:\/\/([a-z0-9.-]+)\/\*$/.exec(pattern)?.[1];
    return host ? [host] : [];
  });
}

export interface FirefoxSession {
  browser: Browser;
  /** The hosts the PAC file sends to the fake cloud's proxy. */
  proxiedHosts: readonly string[];
  /** Opens an extension page at its fixed moz-extension:// URL and waits for it to load. */
  openExtensionPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

export async function launchFirefox(options: {
  cloud: FakeCloud;
  /**
   * Hostnames the proxy answers besides the API hosts the add-on's manifest names exactly (those
   * always are, CDN ones included): hosts under a wildcard permission (a region's DNS host) and
   * console hosts.
   */
  hosts: string[];
  consolePages?: Record<string, string>;
}): Promise<FirefoxSession> {
  if (!existsSync(path.join(FIREFOX_BUILD_DIR, 'manifest.json'))) throw new Error('Run `npm run build:firefox` first.');
  // As for Chromium: a user who accepted the optional API-host permissions.
  const extDir = grantedBuildCopy(FIREFOX_BUILD_DIR);
  const hosts = [...new Set([...manifestApiHosts(extDir), ...options.hosts])];
  const proxy = await startMockProxy(async (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0] ?? '';
    const url = new URL(req.url?.startsWith('http') ? req.url : `https://${host}${req.url ?? '/'}`);
    const page = options.consolePages?.[url.hostname];
    if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const answer = await options.cloud.dispatch({ method: req.method ?? 'GET', url, headers, body: Buffer.concat(chunks).toString('utf8') });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }, selfSignedCert(hosts));

  const pac = `function FindProxyForURL(u, h) { return ${JSON.stringify(hosts)}.indexOf(h) >= 0 ? "PROXY 127.0.0.1:${proxy.port}" : "DIRECT"; }`;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    args: ['--remote-allow-system-access'],
    acceptInsecureCerts: true,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXT_UUID }),
      'network.proxy.type': 2,
      'network.proxy.autoconfig_url': `data:text/javascript,${encodeURIComponent(pac)}`,
    },
  });
  await browser.installExtension(extDir);

  return {
    browser,
    proxiedHosts: hosts,
    async openExtensionPage(file) {
      const page = await browser.newPage();
      const url = `moz-extension://${EXT_UUID}/${file}`;
      // Firefox sends no load events for extension pages over BiDi: fire and poll.
      page.goto(url, { timeout: 0 }).catch(() => undefined);
      for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
        const loaded = await page
          .evaluate((u) => location.href === u && document.readyState === 'complete', url)
          .catch(() => false);
        if (loaded) return page;
      }
      throw new Error(`extension page did not load: ${url}`);
    },
    async close() {
      await browser.close();
      proxy.close();
      rmSync(extDir, { recursive: true, force: true });
    },
  };
}
