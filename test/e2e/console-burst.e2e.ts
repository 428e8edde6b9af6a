/**
 * Issue 18, finding 1, end to end: a console page that shows task ids at machine speed must
 * not spend an account's calls (providers lock a key after a few bad signatures). Two DNSPod
 * accounts watch the same console: one healthy (API 3.0, signed), one whose token the fake
 * cloud starts refusing (legacy API). Every call the fake answers is counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFakeCloud, type FakeRequest } from '../fake-cloud/index';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS, type FakeJob } from '../fake-cloud/dnspod';
import { eventually, evaluateInContentScript, launchExtension, storedTasks, type ExtensionSession } from './harness';
import { consolePage } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const send = (page: Page, req: unknown) => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);

const CONSOLE_URL = 'https://console.dnspod.cn/dns/batch';
const FIRST_ID = 600_000;
/** Finished jobs (nothing failed): once tracked, no polling cycle calls for them again. */
const finishedJob = (id: number): FakeJob => ({
  id, type: 'record_add', created_at: '2026-12-03 10:00:00',
  domains: [{ domain: `burst${id}.cn`, status: 'ok', records: [{ sub_domain: 'www', record_type: 'A', value: '11.22.33.44', status: 'ok' }] }],
});

/** Adds `count` "Job ID: n" lines to the page from its own script, as fast as it can. */
const showIds = (page: Page, from: number, count: number) =>
  page.evaluate(([first, n]) => {
    for (let i = 0; i < n; i++) {
      const p = document.createElement('p');
      p.textContent = `Batch submitted. Job ID: ${first + i}`;
      document.body.append(p);
    }
  }, [from, count] as const);

/** Waits until the extension's content script runs in the page (its isolated world exists). */
const contentScriptReady = (page: Page) =>
  eventually(() => evaluateInContentScript(page, session!.extensionId, '1').catch(() => 0), (v) => v === 1, 'the content script runs on the console page');

describe('a console page showing task ids at machine speed (issue 18, finding 1)', () => {
  it('costs the healthy account at most 10 calls a minute and 20 ids a page view; the refused account 1 call, then none', async () => {
    const dnspodOptions = { ...defaultDnspodScenario(), jobs: Array.from({ length: 200 }, (_, i) => finishedJob(FIRST_ID + i)) };
    const cloud = createFakeCloud([createDnspodFake(dnspodOptions)]);
    // When each call reached the fake, and with which account's credential.
    const calls: { at: number; account: 'healthy' | 'refused' | 'other' }[] = [];
    const dispatch = cloud.dispatch.bind(cloud);
    cloud.dispatch = (req: FakeRequest) => {
      const legacy = req.url.hostname === 'dnsapi.cn';
      calls.push({ at: Date.now(), account: legacy ? 'refused' : String(req.headers.authorization ?? '').startsWith('TC3-HMAC-SHA256') ? 'healthy' : 'other' });
      return dispatch(req);
    };
    session = await launchExtension({ cloud, consolePages: { 'https://console.dnspod.cn/**': consolePage('DNSPod console (fake)') } });
    const options = await session.openPage('options.html');
    // Saved first, so the console's ids go to it while it may call.
    expect(await send(options, { type: 'saveAccount', provider: 'dnspod-token', name: 'Legacy token', settings: {}, secrets: { tokenId: DEMO_DNSPOD_KEYS.tokenId, token: DEMO_DNSPOD_KEYS.token } })).toMatchObject({ ok: true });
    expect(await send(options, { type: 'saveAccount', provider: 'dnspod', name: 'API 3.0', settings: {}, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } })).toMatchObject({ ok: true });
    const state = (await send(options, { type: 'getState' })) as { accounts: { id: string; provider: string }[] };
    const refusedId = state.accounts.find((a) => a.provider === 'dnspod-token')!.id;
    expect(await send(options, { type: 'testConnection', accountId: refusedId })).toEqual({ ok: true }); // healthy until now

    // The token is revoked on the provider's side.
    dnspodOptions.token = 'revokedrevokedrevokedrevokedrevo';
    const start = calls.length;
    const page = await session.context.newPage();
    await page.goto(CONSOLE_URL);
    await contentScriptReady(page);
    await showIds(page, FIRST_ID, 100);

    const after = () => calls.slice(start);
    const view = async () => (await send(options, { type: 'getState' })) as { untracked?: { console: string; count: number }[]; accounts: { id: string; problem?: { stopped?: boolean } }[] };
    const untracked = async () => (await view()).untracked?.find((u) => u.console === 'console.dnspod.cn')?.count ?? 0;
    const tracked = async () => Object.keys(storedTasks(await session!.storageLocal())).length;
    // Every id gets an answer: tracked, refused (one call) or counted as not tracked.
    const answered = async () => (await untracked()) + (await tracked()) + after().filter((c) => c.account === 'refused').length;
    await eventually(answered, (n) => n >= 100, 'all 100 ids are answered', 60_000);

    const refused = after().filter((c) => c.account === 'refused');
    const healthy = after().filter((c) => c.account === 'healthy');
    expect(after().filter((c) => c.account === 'other')).toEqual([]);
    // The refused key: one call (the first id), then the account stops.
    expect(refused).toHaveLength(1);
    // The healthy one: at most 10 signed calls in any minute, and no more than the 20 ids the page view may hand over.
    expect(healthy.length).toBeGreaterThan(0);
    for (const c of healthy) expect(healthy.filter((d) => d.at >= c.at && d.at < c.at + 60_000).length).toBeLessThanOrEqual(10);
    expect(refused.length + healthy.length).toBeLessThanOrEqual(20);
    expect(await tracked()).toBe(healthy.length);
    // What was neither called nor refused is counted for the user, who is told where.
    expect(await untracked()).toBe(100 - 1 - healthy.length);

    // A new page view with 30 more ids: the stopped account is never called again.
    await page.reload();
    await contentScriptReady(page);
    await showIds(page, FIRST_ID + 100, 30);
    await eventually(answered, (n) => n >= 130, 'the 30 ids of the second page view are answered', 60_000);
    await page.waitForTimeout(3_000);
    expect(after().filter((c) => c.account === 'refused')).toHaveLength(1);
    const healthyNow = after().filter((c) => c.account === 'healthy');
    for (const c of healthyNow) expect(healthyNow.filter((d) => d.at >= c.at && d.at < c.at + 60_000).length).toBeLessThanOrEqual(10);
    expect((await view()).accounts.find((a) => a.id === refusedId)?.problem?.stopped).toBe(true);
    // The popup tells the user, with the console's name.
    const popup = await session.openPage('popup.html');
    await popup.getByText(`${await untracked()} task ids seen on console.dnspod.cn were not tracked`, { exact: false }).waitFor();
  });
});
