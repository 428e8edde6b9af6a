/**
 * A console page must not be able to spend an account's signed calls: providers lock keys
 * after a few bad signatures. Every path a page can reach (ids read off the page, the
 * panel's failed items, console-visit discovery) is counted here, call by call.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import { ProviderError, type ProviderContext } from '../../../lib/providers/types';
import { readTask, runtimeItem, visitsItem, type AccountRuntime } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from './scripted';

beforeEach(() => fakeBrowser.reset());

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const SEC = 1000;
const MIN = 60 * SEC;
const popup: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const options: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };
const dnspodTab = (documentId = 'doc-1', tabId = 9): MessageSender => ({ id: 'ext-id', url: 'https://console.dnspod.cn/dns/list', documentId, tab: { id: tabId, url: 'https://console.dnspod.cn/dns/list' } });
const huaweiTab: MessageSender = { id: 'ext-id', url: 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones', documentId: 'doc-h', tab: { id: 7, url: 'https://console.huaweicloud.com/dns/' } };

/** DNSPod tracks by id (ids 1000…1199 exist remotely); Huawei lists, with one task whose 30 failed items fill 15 pages. */
async function setup() {
  const t0 = CLOCK_START;
  const remote = Array.from({ length: 200 }, (_, i) => ({ id: String(1000 + i), finishAt: t0 + 3600 * SEC, final: 'succeeded' as const, createdAt: t0 }));
  const dnspod = scriptedProvider('dnspod', { listable: false, remote });
  const huawei = scriptedProvider('huawei', { listable: true, remote: [{ id: '7777', finishAt: t0 - 1, final: 'partial', failed: 30, createdAt: t0 - MIN }] });
  const env = engineDeps([huawei.provider, dnspod.provider]);
  const ids: Record<string, string> = {};
  for (const p of ['huawei', 'dnspod']) {
    const r = await routeMessage(env.deps, { type: 'saveAccount', provider: p, name: `${p} account`, settings: { region: 'r1' }, secrets: { secretKey: `secret-${p}-1` } }, options, SELF);
    if (!r.ok) throw new Error(r.error);
    ids[p] = (r as unknown as { accountId: string }).accountId;
  }
  await runCycle(env.deps);
  // The listed task was first seen finished: its failed items are fetched on demand only.
  const huaweiTaskKey = `${ids.huawei}:job:7777`;
  expect((await readTask(huaweiTaskKey))?.failedItemsFetched).toBeUndefined();
  env.polls.length = 0;
  return { env, ids, dnspod, huawei, huaweiTaskKey };
}

const stopped = (since: number): AccountRuntime => ({ failures: 0, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth', message: { en: 'refused', zh: '拒绝' }, since, stopped: true } });
const backingOff = (until: number): AccountRuntime => ({ failures: 3, clockOffsetMs: 0, memo: {}, backoffUntil: until, problem: { errorClass: 'throttled', message: { en: 'slow down', zh: '慢点' }, since: until - MIN, stopped: false } });

async function setRuntime(accountId: string, rt: AccountRuntime): Promise<void> {
  await runtimeItem.setValue({ ...(await runtimeItem.getValue()), [accountId]: rt });
}

describe('an account stopped by an auth error or backing off makes no call from any page-reachable path', () => {
  for (const [name, make] of [['stopped (auth)', () => stopped(CLOCK_START)], ['in backoff', () => backingOff(CLOCK_START + 3600 * SEC)]] as const) {
    it(`${name}: track from page, panel failed items and console-visit discovery cost zero calls`, async () => {
      const { env, ids, dnspod, huawei, huaweiTaskKey } = await setup();
      await setRuntime(ids.dnspod!, make());
      await setRuntime(ids.huawei!, make());
      env.advance(5 * MIN);
      const before = dnspod.total() + huawei.total();

      for (let i = 0; i < 30; i++) {
        const reply = await routeMessage(env.deps, { type: 'trackFromPage', taskId: String(1100 + i) }, dnspodTab(`doc-${i}`), SELF);
        expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('dnspod account') });
      }
      expect(await routeMessage(env.deps, { type: 'panelFailedItems', taskKey: huaweiTaskKey }, huaweiTab, SELF)).toMatchObject({ ok: false, error: expect.stringContaining('huawei account') });
      expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '5555' }, huaweiTab, SELF)).toMatchObject({ ok: false });
      expect(await routeMessage(env.deps, { type: 'consoleVisit', url: huaweiTab.url! }, huaweiTab, SELF)).toMatchObject({ ok: true });
      expect(await visitsItem.getValue()).toEqual({});
      // The cycles those messages might have asked for spend nothing on these accounts either.
      await runCycle(env.deps);
      expect(dnspod.total() + huawei.total()).toBe(before);
    });
  }

  it('a key refused on a call a page caused stops the account: the next ids on the page cost nothing', async () => {
    const { env, ids, dnspod } = await setup();
    dnspod.failNext(new ProviderError('auth', 'refused'));
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1100' }, dnspodTab(), SELF)).toMatchObject({ ok: false, errorClass: 'auth' });
    expect((await runtimeItem.getValue())[ids.dnspod!]?.problem?.stopped).toBe(true);
    for (let i = 1; i < 20; i++) await routeMessage(env.deps, { type: 'trackFromPage', taskId: String(1100 + i) }, dnspodTab(`doc-${i}`), SELF);
    expect(dnspod.calls.track).toBe(1);
  });

  it('with two accounts on one console, ids go to the one that may call: the stopped one costs nothing', async () => {
    const { env, ids, dnspod } = await setup();
    const second = await routeMessage(env.deps, { type: 'saveAccount', provider: 'dnspod', name: 'dnspod second', settings: { region: 'r1' }, secrets: { secretKey: 'secret-dnspod-2' } }, options, SELF);
    const secondId = (second as unknown as { accountId: string }).accountId;
    dnspod.failNext(new ProviderError('auth', 'refused'));
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1100' }, dnspodTab(), SELF)).toMatchObject({ ok: false, errorClass: 'auth' });
    expect((await runtimeItem.getValue())[ids.dnspod!]?.problem?.stopped).toBe(true);
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1101' }, dnspodTab(), SELF)).toMatchObject({ ok: true, task: { providerTaskId: '1101' } });
    expect(await readTask(`${secondId}:job:1101`)).toMatchObject({ accountId: secondId });
    expect(dnspod.calls.track).toBe(2);
    // Both stopped: the first one's refusal is said, and nothing is called.
    await setRuntime(secondId, stopped(CLOCK_START));
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1102' }, dnspodTab(), SELF)).toMatchObject({ ok: false, error: expect.stringContaining('“dnspod account”') });
    expect(dnspod.calls.track).toBe(2);
  });

  it('a stopped account is lifted only by the user: Test connection in an extension page (or new keys), never by a page', async () => {
    const { env, ids, dnspod } = await setup();
    await setRuntime(ids.dnspod!, stopped(CLOCK_START));
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1100' }, dnspodTab(), SELF)).toMatchObject({ ok: false });
    expect(dnspod.calls.track).toBe(0);
    expect(await routeMessage(env.deps, { type: 'testConnection', accountId: ids.dnspod! }, options, SELF)).toEqual({ ok: true });
    expect((await runtimeItem.getValue())[ids.dnspod!]?.problem).toBeUndefined();
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1101' }, dnspodTab(), SELF)).toMatchObject({ ok: true, task: { providerTaskId: '1101' } });
    expect(dnspod.calls.track).toBe(1);
  });

  it('a Test connection that is refused again keeps the account stopped', async () => {
    const { env, ids, dnspod } = await setup();
    await setRuntime(ids.dnspod!, stopped(CLOCK_START));
    dnspod.failNext(new ProviderError('auth', 'still refused'));
    expect(await routeMessage(env.deps, { type: 'testConnection', accountId: ids.dnspod! }, options, SELF)).toMatchObject({ ok: false, errorClass: 'auth' });
    expect((await runtimeItem.getValue())[ids.dnspod!]?.problem?.stopped).toBe(true);
  });

  it('the user may still track by id from the options page (an explicit action), stopped or not', async () => {
    const { env, ids, dnspod } = await setup();
    await setRuntime(ids.dnspod!, stopped(CLOCK_START));
    expect(await routeMessage(env.deps, { type: 'trackTask', accountId: ids.dnspod!, taskId: '1100' }, options, SELF)).toMatchObject({ ok: true });
    expect(dnspod.calls.track).toBe(1);
  });
});

describe('page-triggered calls are budgeted per account', () => {
  it('a page showing 100 ids at machine speed costs at most 10 signed calls a minute; more than 20 new ids per page view are dropped and counted for the popup', async () => {
    const { env, dnspod } = await setup();
    const replies = [];
    for (let i = 0; i < 100; i++) replies.push(await routeMessage(env.deps, { type: 'trackFromPage', taskId: String(1000 + i) }, dnspodTab('doc-1'), SELF));
    expect(dnspod.calls.track).toBe(10);
    expect(replies.filter((r) => r.ok)).toHaveLength(10);
    // The page view took 20 new ids: 10 tracked, 10 refused by the minute's budget, 80 never looked at.
    const state = (await routeMessage(env.deps, { type: 'getState' }, popup, SELF)) as unknown as { untracked?: { console: string; count: number }[] };
    expect(state.untracked).toEqual([{ console: 'console.dnspod.cn', count: 90, lastAt: CLOCK_START }]);

    // A minute later a new page view of the same console has room for 10 more calls.
    env.advance(MIN);
    for (let i = 100; i < 130; i++) await routeMessage(env.deps, { type: 'trackFromPage', taskId: String(1000 + i) }, dnspodTab('doc-2'), SELF);
    expect(dnspod.calls.track).toBe(20);
    // And the page view that already had its 20 gets nothing more, whatever the clock says.
    env.advance(MIN);
    await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1190' }, dnspodTab('doc-1'), SELF);
    expect(dnspod.calls.track).toBe(20);
  });

  it('ids already tracked cost nothing and take no share of the page view', async () => {
    const { env, dnspod } = await setup();
    await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1000' }, dnspodTab('doc-1'), SELF);
    for (let i = 0; i < 50; i++) expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '1000' }, dnspodTab('doc-1'), SELF)).toMatchObject({ ok: true });
    expect(dnspod.calls.track).toBe(1);
    const state = (await routeMessage(env.deps, { type: 'getState' }, popup, SELF)) as unknown as { untracked?: unknown };
    expect(state.untracked).toBeUndefined();
  });

  it('one page-triggered call in flight per account: a second id arriving meanwhile is dropped, not queued', async () => {
    const { env, dnspod } = await setup();
    const first = routeMessage(env.deps, { type: 'trackFromPage', taskId: '1000' }, dnspodTab(), SELF);
    const second = routeMessage(env.deps, { type: 'trackFromPage', taskId: '1001' }, dnspodTab(), SELF);
    expect(await second).toMatchObject({ ok: false, error: expect.stringContaining('not tracked') });
    expect(await first).toMatchObject({ ok: true });
    expect(dnspod.calls.track).toBe(1);
  });

  it('every signed fetch counts, a clock-skew retry included: none is sent once the minute is spent', async () => {
    const { env, ids, dnspod } = await setup();
    const sent: string[] = [];
    env.deps.fetch = async (input) => {
      sent.push(String(input));
      return new Response('{}');
    };
    // This provider's track makes two fetches (a signed call and its re-signed retry).
    dnspod.provider.track!.track = async (cred, id, ctx: ProviderContext) => {
      await ctx.fetch('https://dnspod.example/first');
      await ctx.fetch('https://dnspod.example/retry');
      return { key: `${cred.account.id}:job:${id}`, provider: 'dnspod', accountId: ids.dnspod!, kind: 'job', providerTaskId: id, label: id, status: 'running' };
    };
    for (let i = 0; i < 10; i++) await routeMessage(env.deps, { type: 'trackFromPage', taskId: String(1000 + i) }, dnspodTab(), SELF);
    expect(sent).toHaveLength(10);
    expect(sent.filter((u) => u.endsWith('/first'))).toHaveLength(5);
  });

  it('the panel\'s failed items are paged within the budget; the popup (the user) gets them all', async () => {
    const { env, huawei, huaweiTaskKey } = await setup();
    const before = huawei.calls.failedItems;
    const fromPanel = await routeMessage(env.deps, { type: 'panelFailedItems', taskKey: huaweiTaskKey }, huaweiTab, SELF);
    expect(fromPanel).toMatchObject({ ok: false, error: expect.stringContaining('minute') });
    expect(huawei.calls.failedItems - before).toBe(10);
    const fromPopup = await routeMessage(env.deps, { type: 'getFailedItems', taskKey: huaweiTaskKey }, popup, SELF);
    expect(fromPopup).toMatchObject({ ok: true, total: 30, complete: true });
    // Stored now: the panel reads them without a call.
    const calls = huawei.calls.failedItems;
    expect(await routeMessage(env.deps, { type: 'panelFailedItems', taskKey: huaweiTaskKey }, huaweiTab, SELF)).toMatchObject({ ok: true, total: 30 });
    expect(huawei.calls.failedItems).toBe(calls);
  });

  it('50 console visits before the next cycle ask for one discovery (one call), not 50', async () => {
    const { env, ids } = await setup();
    env.advance(30 * SEC);
    for (let i = 0; i < 50; i++) await routeMessage(env.deps, { type: 'consoleVisit', url: huaweiTab.url! }, huaweiTab, SELF);
    expect(Object.keys(await visitsItem.getValue())).toEqual([ids.huawei]);
    expect(env.polls).toHaveLength(1);
  });
});
