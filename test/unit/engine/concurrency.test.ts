import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { CALL_BUDGET_MS } from '../../../lib/engine/context';
import { LEASE_MS, LEASE_RENEW_AFTER_MS } from '../../../lib/engine/lease';
import { createCallLimiter, forEachAtMost, PER_HOST_CALLS, Semaphore } from '../../../lib/engine/limits';
import { saveAccount } from '../../../lib/engine/service';
import { ProviderError, taskKey, type Provider } from '../../../lib/providers/types';
import { readAllTasks, runtimeItem } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

/** A fetch whose answers wait until the test lets them go, counting what is in flight. */
function heldFetch() {
  const waiting: (() => void)[] = [];
  const inFlight = new Map<string, number>();
  const most = new Map<string, number>();
  let total = 0;
  let mostTotal = 0;
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    const who = url.searchParams.get('account') ?? '';
    inFlight.set(who, (inFlight.get(who) ?? 0) + 1);
    most.set(who, Math.max(most.get(who) ?? 0, inFlight.get(who)!));
    mostTotal = Math.max(mostTotal, ++total);
    await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight.set(who, inFlight.get(who)! - 1);
    total--;
    return new Response(JSON.stringify({ ok: true }), { status: url.searchParams.get('throttle') ? 429 : 200 });
  };
  return {
    fetch,
    most,
    mostTotal: () => mostTotal,
    /** Answers everything in flight, then lets the callers run on. */
    async releaseAll() {
      for (let i = 0; i < 200 && waiting.length === 0; i++) await new Promise((r) => setTimeout(r, 0));
      while (waiting.length) waiting.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('the call limiter', () => {
  it('lets one call per account and PER_HOST_CALLS per host be in flight at once', async () => {
    const held = heldFetch();
    const limiter = createCallLimiter();
    const calls: Promise<Response>[] = [];
    for (let a = 0; a < 10; a++) for (let i = 0; i < 3; i++) calls.push(limiter.fetchFor(`a${a}`, held.fetch)(`https://api.example/x?account=a${a}`));
    let done = false;
    const all = Promise.all(calls).then(() => (done = true));
    while (!done) await held.releaseAll();
    await all;
    expect(Math.max(...held.most.values())).toBe(1);
    expect(held.mostTotal()).toBe(PER_HOST_CALLS);
  });

  it('different hosts do not wait for each other', async () => {
    const held = heldFetch();
    const limiter = createCallLimiter(1, 1);
    const a = limiter.fetchFor('a', held.fetch)('https://one.example/?account=a');
    const b = limiter.fetchFor('b', held.fetch)('https://two.example/?account=b');
    await held.releaseAll();
    expect(held.mostTotal()).toBe(2);
    await Promise.all([a, b]);
  });

  it('a call aborted while it waits for its turn leaves the queue and never goes out', async () => {
    const held = heldFetch();
    const limiter = createCallLimiter(1, 4);
    const first = limiter.fetchFor('a', held.fetch)('https://api.example/?account=a');
    const controller = new AbortController();
    const second = limiter.fetchFor('a', held.fetch)('https://api.example/?account=a', { signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toThrow();
    await held.releaseAll();
    await first;
    const third = limiter.fetchFor('a', held.fetch)('https://api.example/?account=a');
    await held.releaseAll();
    await third;
    expect(held.most.get('a')).toBe(1);
  });

  it('a semaphore hands its place to the next waiter and never over-counts', async () => {
    const s = new Semaphore(2);
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    let third = false;
    const p = s.acquire().then((r) => ((third = true), r));
    await Promise.resolve();
    expect(third).toBe(false);
    r1();
    r1(); // twice is once
    const r3 = await p;
    expect(third).toBe(true);
    r2();
    r3();
    expect(s.busy).toBe(false);
  });

  it('forEachAtMost never runs more than its limit at once and runs every item', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachAtMost(Array.from({ length: 20 }, (_, i) => i), 3, async (i) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 0));
      seen.push(i);
      running--;
    });
    expect(most).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

/** A provider whose discovery makes two signed calls at once (the limiter must queue them). */
function fetchingProvider(): Provider {
  return {
    id: 'net',
    name: { en: 'Net', zh: '网' },
    fields: [{ key: 'key', label: { en: 'Key', zh: '密钥' }, secret: true, required: true }],
    apiHostPatterns: ['https://api.example/*'],
    async discover(cred, ctx) {
      const throttle = cred.account.name === 'throttled' ? '&throttle=1' : '';
      const answers = await Promise.all([1, 2].map((i) => ctx.fetch(`https://api.example/list?account=${cred.account.id}&page=${i}${throttle}`)));
      if (answers.some((r) => r.status === 429)) throw new ProviderError('throttled', 'slow down', { retryAfterMs: 60_000 });
      return [{ key: taskKey(cred.account.id, 'k', '1'), provider: 'net', accountId: cred.account.id, kind: 'k', providerTaskId: '1', label: 'one', status: 'succeeded', createdAt: CLOCK_START }];
    },
    refresh: async () => {
      throw new Error('not used');
    },
    failedItems: async () => ({ items: [] }),
    testConnection: async () => undefined,
    consoleUrl: () => 'https://console.example/',
    describeError: (err) => ({ en: `Net says ${err.cls}`, zh: `Net says ${err.cls}` }),
  };
}

describe('a cycle with many accounts', () => {
  it('works on accounts side by side, never more than one call in flight for one account', async () => {
    const held = heldFetch();
    const env = engineDeps([fetchingProvider()], undefined, { fetch: held.fetch });
    for (let i = 0; i < 12; i++) {
      const reply = await saveAccount(env.deps, { type: 'saveAccount', provider: 'net', name: `n${i}`, settings: {}, secrets: { key: 'k' } });
      expect(reply.ok).toBe(true);
    }
    let done = false;
    const cycle = runCycle(env.deps).then(() => (done = true));
    while (!done) await held.releaseAll();
    await cycle;
    expect(held.most.size).toBe(12);
    expect(Math.max(...held.most.values())).toBe(1);
    // Side by side, within the host's share: neither one by one nor all at once.
    expect(held.mostTotal()).toBe(PER_HOST_CALLS);
    expect(Object.keys(await readAllTasks())).toHaveLength(12);
  });

  it('a throttled account backs off alone: the others are polled and keep no backoff', async () => {
    const held = heldFetch();
    const env = engineDeps([fetchingProvider()], undefined, { fetch: held.fetch });
    const ids: string[] = [];
    for (const name of ['a', 'throttled', 'b']) {
      const reply = await saveAccount(env.deps, { type: 'saveAccount', provider: 'net', name, settings: {}, secrets: { key: 'k' } });
      if (!reply.ok) throw new Error(reply.error);
      ids.push(reply.accountId);
    }
    let done = false;
    const cycle = runCycle(env.deps).then(() => (done = true));
    while (!done) await held.releaseAll();
    await cycle;
    const runtime = await runtimeItem.getValue();
    expect(runtime[ids[1]!]?.backoffUntil).toBeGreaterThan(env.deps.now());
    expect(runtime[ids[1]!]?.problem?.errorClass).toBe('throttled');
    for (const id of [ids[0]!, ids[2]!]) {
      expect(runtime[id]?.backoffUntil).toBeUndefined();
      expect(runtime[id]?.problem).toBeUndefined();
      expect(runtime[id]?.lastDiscoveryAt).toBe(env.deps.now());
    }
    expect(Object.keys(await readAllTasks()).sort()).toEqual([taskKey(ids[0]!, 'k', '1'), taskKey(ids[2]!, 'k', '1')].sort());
  });

  it('a lease renewed only every LEASE_RENEW_AFTER_MS still outlasts any call started under it', () => {
    expect(LEASE_MS - LEASE_RENEW_AFTER_MS).toBeGreaterThan(CALL_BUDGET_MS);
  });
});
