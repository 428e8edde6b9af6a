/**
 * Issue 29, findings 2 and 3: what a console page may cost an account is counted per signed
 * fetch, discoveries included, and a worker restart gives the page no fresh allowance.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import type { ServiceDeps } from '../../../lib/engine/service/common';
import { createPageCallBudget, isPageBudgetError, PAGE_CALL_LIMITS, PageBudgetError, readPageCallWindows } from '../../../lib/engine/page-call-budget';
import { pageCallBudget } from '../../../lib/engine/page-call-store';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import { ProviderError, type Provider } from '../../../lib/providers/types';
import { runtimeItem, visitsItem } from '../../../lib/store/index';
import { CLOCK_START, engineDeps, MemorySecrets } from '../support/fakes';
import { scriptedProvider } from './scripted';

/** Workers of the running test: their last writes land before the next test's storage is reset. */
const workers: ServiceDeps[] = [];
beforeEach(() => fakeBrowser.reset());
afterEach(async () => {
  await Promise.all(workers.splice(0).map((deps) => pageCallBudget(deps).saved()));
});

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const SEC = 1000;
const MIN = 60 * SEC;
const options: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };
const dnspodTab = (documentId: string): MessageSender => ({ id: 'ext-id', url: 'https://console.dnspod.cn/dns/list', documentId, tab: { id: 9, url: 'https://console.dnspod.cn/dns/list' } });
const huaweiTab: MessageSender = { id: 'ext-id', url: 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones', documentId: 'doc-h', tab: { id: 7, url: 'https://console.huaweicloud.com/dns/' } };

/** Huawei-like: every discovery makes FETCHES_PER_DISCOVERY signed fetches (list pages), each through ctx.fetch as http.ts sends them. */
const FETCHES_PER_DISCOVERY = 4;
function pagedHuawei() {
  const scripted = scriptedProvider('huawei', { listable: true, remote: [] });
  const provider: Provider = {
    ...scripted.provider,
    async discover(cred, ctx) {
      for (let page = 1; page <= FETCHES_PER_DISCOVERY; page++) {
        try {
          await ctx.fetch(`https://huawei.example/v2/jobs?page=${page}`);
        } catch (cause) {
          // What http.ts makes of a fetch that rejects.
          throw new ProviderError('network', 'The request could not be sent (network error)', { cause });
        }
      }
      return scripted.provider.discover(cred, ctx);
    },
  };
  return provider;
}

/** A background (worker) over the shared browser storage: a second one is the same browser after a restart. */
function worker(providers: Provider[], secrets: MemorySecrets, fetches: number[], clock: { now: number }) {
  const env = engineDeps(providers, secrets, {
    fetch: async () => {
      fetches.push(clock.now);
      return new Response('{}');
    },
    now: () => clock.now,
  });
  workers.push(env.deps);
  return env;
}

async function saveAccount(env: ReturnType<typeof worker>, provider: string): Promise<string> {
  const r = await routeMessage(env.deps, { type: 'saveAccount', provider, name: `${provider} account`, settings: { region: 'r1' }, secrets: { secretKey: `secret-${provider}-1` } }, options, SELF);
  if (!r.ok) throw new Error(r.error);
  return (r as unknown as { accountId: string }).accountId;
}

describe('a discovery a console page causes spends one unit of the page budget per signed fetch (finding 2)', () => {
  async function setup() {
    const clock = { now: CLOCK_START };
    const fetches: number[] = [];
    const env = worker([pagedHuawei()], new MemorySecrets(), fetches, clock);
    const id = await saveAccount(env, 'huawei');
    // The first discovery is the account's own (it was never listed): the page pays nothing.
    await runCycle(env.deps);
    expect(fetches).toHaveLength(FETCHES_PER_DISCOVERY);
    expect(pageCallBudget(env.deps).remaining(id, clock.now)).toBe(10);
    fetches.length = 0;
    clock.now += 30 * SEC;
    return { clock, fetches, env, id };
  }

  const visitAndCycle = async (env: ReturnType<typeof worker>) => {
    expect(await routeMessage(env.deps, { type: 'consoleVisit', url: huaweiTab.url! }, huaweiTab, SELF)).toMatchObject({ ok: true });
    await runCycle(env.deps);
  };

  it(`a visit's discovery of ${FETCHES_PER_DISCOVERY} list pages costs ${FETCHES_PER_DISCOVERY} units, not 1`, async () => {
    const { clock, fetches, env, id } = await setup();
    await visitAndCycle(env);
    expect(fetches).toHaveLength(FETCHES_PER_DISCOVERY);
    expect(pageCallBudget(env.deps).remaining(id, clock.now)).toBe(10 - FETCHES_PER_DISCOVERY);
  });

  it('a discovery that would pass the 10th call of the minute stops there, and the account is not marked as failing', async () => {
    const { clock, fetches, env, id } = await setup();
    const budget = pageCallBudget(env.deps);
    await budget.ready();
    // The page already caused 8 signed calls this minute (ids it showed, the panel's pages).
    for (let i = 0; i < 8; i++) expect(budget.spend(id, clock.now)).toBe(true);
    const before = (await runtimeItem.getValue())[id];
    await visitAndCycle(env);
    // 8 + 2 = 10; without counting each fetch it was 8 + 4 = 12 (the review measured 13).
    expect(fetches).toHaveLength(2);
    expect(budget.remaining(id, clock.now)).toBe(0);
    const after = (await runtimeItem.getValue())[id];
    expect(after?.problem).toBeUndefined();
    expect(after?.backoffUntil).toBeUndefined();
    expect(after?.failures).toBe(0);
    expect(after?.lastDiscoveryAt).toBe(before?.lastDiscoveryAt);
    // At the account's own cadence the discovery runs whole, and costs the page nothing.
    clock.now += 5 * MIN;
    fetches.length = 0;
    await runCycle(env.deps);
    expect(fetches).toHaveLength(FETCHES_PER_DISCOVERY);
    expect((await runtimeItem.getValue())[id]?.lastDiscoveryAt).toBe(clock.now);
  });

  it('visits at machine speed for five minutes: at most 10 signed calls in any minute, discoveries included', async () => {
    const { clock, fetches, env } = await setup();
    const start = clock.now;
    while (clock.now < start + 5 * MIN) {
      await visitAndCycle(env);
      clock.now += 3 * SEC;
    }
    // The account's own discoveries (every 5 minutes, idle) are not the page's doing.
    const pageCaused = fetches.filter((at) => at < start + 4.5 * MIN);
    for (const at of pageCaused) expect(pageCaused.filter((t) => t >= at && t < at + MIN).length).toBeLessThanOrEqual(PAGE_CALL_LIMITS.callsPerWindow);
    expect(pageCaused.length).toBeGreaterThan(0);
  });

  it('a discovery due anyway (the account is due at its cadence) costs the page nothing', async () => {
    const { clock, fetches, env, id } = await setup();
    clock.now += 5 * MIN;
    await visitAndCycle(env);
    expect(fetches).toHaveLength(FETCHES_PER_DISCOVERY);
    expect(pageCallBudget(env.deps).remaining(id, clock.now)).toBe(10);
  });

  it('a visit to an account whose window is spent asks for no discovery at all', async () => {
    const { clock, env, id } = await setup();
    const budget = pageCallBudget(env.deps);
    await budget.ready();
    for (let i = 0; i < 10; i++) budget.spend(id, clock.now);
    await routeMessage(env.deps, { type: 'consoleVisit', url: huaweiTab.url! }, huaweiTab, SELF);
    expect(await visitsItem.getValue()).toEqual({});
  });
});

describe('the page budget outlives the worker (finding 3)', () => {
  /** DNSPod-like: tracked by id, one signed call per id. */
  async function setup() {
    const clock = { now: CLOCK_START };
    const remote = Array.from({ length: 100 }, (_, i) => ({ id: String(1000 + i), finishAt: CLOCK_START - 1, final: 'succeeded' as const, createdAt: CLOCK_START - MIN }));
    const dnspod = scriptedProvider('dnspod', { listable: false, remote });
    const secrets = new MemorySecrets();
    const restart = () => worker([dnspod.provider], secrets, [], clock);
    const env = restart();
    const id = await saveAccount(env, 'dnspod');
    return { clock, dnspod, restart, env, id };
  }
  // Each id on its own page view, so the 20-ids-a-view limit is not what stops them.
  const track = (env: ReturnType<typeof worker>, n: number) => routeMessage(env.deps, { type: 'trackFromPage', taskId: String(1000 + n) }, dnspodTab(`doc-${n}`), SELF);

  it('10 ids tracked, the worker restarts: the 11th id in the same minute is refused without a call', async () => {
    const { clock, dnspod, restart, env } = await setup();
    for (let n = 0; n < 10; n++) expect(await track(env, n)).toMatchObject({ ok: true });
    expect(dnspod.calls.track).toBe(10);
    clock.now += 30 * SEC;
    const next = restart();
    expect(await track(next, 10)).toMatchObject({ ok: false, error: expect.stringContaining('too many task ids') });
    expect(dnspod.calls.track).toBe(10);
    // A minute after the first calls, the window has room again.
    clock.now += 30 * SEC;
    expect(await track(next, 11)).toMatchObject({ ok: true });
    expect(dnspod.calls.track).toBe(11);
  });

  it('restarting every few ids changes nothing: at most 10 calls in any minute', async () => {
    const { clock, dnspod, restart } = await setup();
    const sentAt: number[] = [];
    let env = restart();
    for (let n = 0; n < 60; n++) {
      if (n % 3 === 0) env = restart();
      const before = dnspod.calls.track;
      await track(env, n);
      if (dnspod.calls.track > before) sentAt.push(clock.now);
      clock.now += 2 * SEC;
    }
    for (const at of sentAt) expect(sentAt.filter((t) => t >= at && t < at + MIN).length).toBeLessThanOrEqual(10);
    expect(sentAt.length).toBeGreaterThanOrEqual(20);
  });

  it('the windows are kept in storage.session, not storage.local', async () => {
    const { env, id } = await setup();
    await track(env, 0);
    await pageCallBudget(env.deps).saved();
    expect(await fakeBrowser.storage.session.get('pageCallWindows')).toEqual({ pageCallWindows: { [id]: [CLOCK_START] } });
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).not.toContain('pageCallWindows');
  });

  const malformed: [string, unknown][] = [
    ['a string', 'garbage'],
    ['an array', [1, 2, 3]],
    ['null', null],
    ['an account with a string', { acc1: 'x' }],
    ['an account with an object', { acc1: { 0: CLOCK_START } }],
    ['times that are not numbers', { acc1: ['1', null, {}, Number.NaN, Infinity] }],
    ['times in the future (a planted block)', { acc1: Array.from({ length: 20 }, () => CLOCK_START + 3_600_000) }],
  ];
  for (const [what, stored] of malformed) {
    it(`a stored value that is ${what} is tolerated: the page keeps its full allowance`, async () => {
      const { dnspod, restart } = await setup();
      await fakeBrowser.storage.session.set({ pageCallWindows: stored });
      const env = restart();
      for (let n = 0; n < 10; n++) expect(await track(env, n)).toMatchObject({ ok: true });
      expect(dnspod.calls.track).toBe(10);
      expect(await track(env, 10)).toMatchObject({ ok: false });
      expect(dnspod.calls.track).toBe(10);
    });
  }

  it('a store that cannot be read or written costs the restart protection, never a call of the window', async () => {
    const { dnspod, env } = await setup();
    const session = fakeBrowser.storage.session;
    const { get, set } = session;
    const failing = () => Promise.reject(new Error('storage broken'));
    Object.assign(session, { get: failing, set: failing });
    try {
      for (let n = 0; n < 12; n++) await track(env, n);
      expect(dnspod.calls.track).toBe(10);
    } finally {
      Object.assign(session, { get, set });
    }
  });
});

describe('a refusal of the budget, however it arrives', () => {
  it('is recognised thrown, or as the cause of the network error http.ts makes of it; nothing else is', () => {
    const refusal = new PageBudgetError();
    expect(refusal.name).toBe('PageBudgetError');
    expect(refusal.message).toBe('No page-triggered call left in this minute for this account');
    expect(isPageBudgetError(refusal)).toBe(true);
    expect(isPageBudgetError(new ProviderError('network', 'x', { cause: refusal }))).toBe(true);
    expect(isPageBudgetError(new ProviderError('network', 'x', { cause: new Error('dead network') }))).toBe(false);
    expect(isPageBudgetError(new Error('x'))).toBe(false);
    expect(isPageBudgetError({ cause: refusal })).toBe(false);
    expect(isPageBudgetError(undefined)).toBe(false);
  });
});

describe('reading stored windows', () => {
  it('keeps each account’s finite times, in order, at most a window’s worth (the latest)', () => {
    const times = Array.from({ length: 15 }, (_, i) => 100 - i);
    expect(readPageCallWindows({ a: times, b: [3, 'x', 1], c: [], d: 'no' })).toEqual({ a: times.slice(0, 10).sort((x, y) => x - y), b: [1, 3] });
  });

  it('reads at most 1000 accounts', () => {
    const many = Object.fromEntries(Array.from({ length: 1200 }, (_, i) => [`acc${i}`, [i]]));
    expect(Object.keys(readPageCallWindows(many))).toHaveLength(1000);
  });
});

describe('the budget’s store', () => {
  function memoryStore(initial: unknown) {
    const saves: unknown[] = [];
    let loads = 0;
    return {
      saves,
      loads: () => loads,
      store: {
        load: async () => {
          loads++;
          return initial;
        },
        save: async (windows: unknown) => void saves.push(structuredClone(windows)),
      },
    };
  }

  it('is read once, however often the budget is made ready', async () => {
    const m = memoryStore({ a: [1000] });
    const budget = createPageCallBudget(PAGE_CALL_LIMITS, m.store);
    await Promise.all([budget.ready(), budget.ready()]);
    await budget.ready();
    expect(m.loads()).toBe(1);
    expect(budget.remaining('a', 1000)).toBe(9);
  });

  it('a spend made before the stored windows arrived is kept beside them', async () => {
    const m = memoryStore({ a: [1000, 1001] });
    const budget = createPageCallBudget(PAGE_CALL_LIMITS, m.store);
    expect(budget.spend('a', 1002)).toBe(true);
    await budget.ready();
    expect(budget.remaining('a', 1002)).toBe(7);
  });

  it('every spend is written, and saved() settles after the write of the last one', async () => {
    const m = memoryStore(undefined);
    const budget = createPageCallBudget(PAGE_CALL_LIMITS, m.store);
    await budget.ready();
    budget.spend('a', 1);
    budget.spend('b', 2);
    await budget.saved();
    expect(m.saves.at(-1)).toEqual({ a: [1], b: [2] });
    // A refused spend writes nothing.
    for (let i = 0; i < 9; i++) budget.spend('a', 3);
    await budget.saved();
    const writes = m.saves.length;
    expect(budget.spend('a', 4)).toBe(false);
    await budget.saved();
    expect(m.saves).toHaveLength(writes);
  });
});
