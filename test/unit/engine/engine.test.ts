import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { badgeFor, runCycle } from '../../../lib/engine/cycle';
import { CALL_BUDGET_MS, FETCH_TIMEOUT_MS } from '../../../lib/engine/context';
import { LEASE_MS } from '../../../lib/engine/lease';
import { createCycleRunner } from '../../../lib/engine/runner';
import { cadenceMs, DEFAULT_BACKOFF, hasPendingWork, idleWakeupsPerHour } from '../../../lib/engine/schedule';
import { saveAccount, saveSettings, trackTask } from '../../../lib/engine/service';
import { ProviderError, type Account, type ErrorClass } from '../../../lib/providers/types';
import {
  accountsItem,
  DEFAULT_SETTINGS,
  getSettings,
  leaseItem,
  readFailedItems,
  runtimeItem,
  readAllTasks,
  type AccountRuntime,
  type StoredTask,
} from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider, type ScriptedProvider } from './scripted';
import { CHANGE_SIGNAL, privateArea } from '../../../lib/store/private-area';
import { resetStores } from '../support/private-area';

beforeEach(() => fakeBrowser.reset());

const CANARY = 'CANARY-SECRET-d41d8cd9';
const SEC = 1000;

type Env = ReturnType<typeof engineDeps>;

async function addAccount(env: Env, provider: string, over: { name?: string; secret?: string; region?: string } = {}): Promise<string> {
  const reply = await saveAccount(env.deps, {
    type: 'saveAccount',
    provider,
    name: over.name ?? `${provider} prod`,
    settings: { region: over.region ?? 'r1' },
    secrets: { secretKey: over.secret ?? `${CANARY}-${provider}` },
  });
  if (!reply.ok) throw new Error(reply.error);
  return reply.accountId;
}

/** Runs one cycle per alarm period from now until `until` (inclusive). */
async function runAlarmsUntil(env: Env, until: number, every = 30 * SEC): Promise<number> {
  let cycles = 0;
  while (env.deps.now() <= until) {
    await runCycle(env.deps);
    cycles++;
    env.advance(every);
  }
  return cycles;
}

const runtimeOf = async (accountId: string): Promise<AccountRuntime> => (await runtimeItem.getValue())[accountId]!;

describe('the theoretical minimum of calls', () => {
  it('in a scripted ten-minute scenario equals the minimum: per cadence one list per listing account, one refresh per pending tracked task, failed items once', async () => {
    const t0 = CLOCK_START;
    // A listing cloud: one task runs for 60 s and ends partial with 3 failures; one finished long ago.
    const lister = scriptedProvider('lister', {
      listable: true,
      remote: [
        { id: '1001', finishAt: t0 + 60 * SEC, final: 'partial', failed: 3, createdAt: t0 - 10 * SEC },
        { id: '1000', finishAt: t0 - 3600 * SEC, final: 'succeeded', createdAt: t0 - 7200 * SEC },
      ],
    });
    // A cloud without a list: the user tracks a job that succeeds after 90 s.
    const tracker = scriptedProvider('tracker', { listable: false, remote: [{ id: '2001', finishAt: t0 + 90 * SEC, final: 'succeeded', createdAt: t0 - 5 * SEC }] });
    const env = engineDeps([lister.provider, tracker.provider]);
    await addAccount(env, 'lister');
    const trackerId = await addAccount(env, 'tracker');
    expect((await trackTask(env.deps, trackerId, '2001')).ok).toBe(true);

    await runAlarmsUntil(env, t0 + 600 * SEC);

    // Lister: listed while pending at 0, 30 and 60 s, then once per idle interval (360 s).
    // Its failures: ceil(3 / 2) pages, once. Tracker: the track call, then one refresh per
    // 30 s until it finished (30, 60, 90 s). Nothing else.
    const minimum = { lister: 3 + 1 + Math.ceil(3 / 2), tracker: 1 + 3 };
    expect(lister.calls).toEqual({ discover: 4, refresh: 0, failedItems: 2, track: 0 });
    expect(tracker.calls).toEqual({ discover: 0, refresh: 3, failedItems: 0, track: 1 });
    expect({ lister: lister.total(), tracker: tracker.total() }).toEqual(minimum);

    expect(env.notices).toHaveLength(1); // the partial one; success is silent by default
    // Nothing pending: the badge shows the one task that failed, unseen until opened (issue 32).
    expect(env.badges.at(-1)).toEqual({ text: '1', color: '#b91c1c' });
    const [accounts, tasks, runtime] = [await accountsItem.getValue(), await readAllTasks(), await runtimeItem.getValue()];
    expect(hasPendingWork(tasks, accounts, runtime)).toBe(false);
    expect(Object.values(tasks).map((t) => `${t.providerTaskId}:${t.status}`).sort()).toEqual(['1000:succeeded', '1001:partial', '2001:succeeded']);
  });

  it('wakes the worker 12 times an hour with nothing pending, 120 with something pending', () => {
    expect(idleWakeupsPerHour(DEFAULT_SETTINGS)).toBe(12);
    expect(3_600_000 / cadenceMs(DEFAULT_SETTINGS, true)).toBe(120);
    expect(idleWakeupsPerHour({ ...DEFAULT_SETTINGS, idleIntervalSec: 600 })).toBe(6);
  });
});

describe('one cycle at a time', () => {
  it('two concurrent cycles of one worker: exactly one runs', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const env = engineDeps([lister.provider]);
    await addAccount(env, 'lister');
    const results = await Promise.all([runCycle(env.deps), runCycle(env.deps)]);
    expect(results.map((r) => r.ran).sort()).toEqual([false, true]);
    expect(lister.calls.discover).toBe(1);
  });

  it('a second worker waits while the lease is live, and takes over an expired one; the old cycle then writes nothing', async () => {
    const t0 = CLOCK_START;
    const lister = scriptedProvider('lister', { listable: true, remote: [{ id: '1', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
    const env = engineDeps([lister.provider]);
    await addAccount(env, 'lister');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const discover = lister.provider.discover.bind(lister.provider);
    let first = true;
    lister.provider.discover = async (cred, ctx) => {
      const answer = await discover(cred, ctx);
      if (first) {
        first = false;
        await gate; // worker 1 hangs with an answer that is about to be stale
      }
      return answer;
    };
    const stuck = runCycle(env.deps);
    await new Promise((r) => setTimeout(r, 5));
    const worker2 = { ...env.deps, ownerId: 'worker-2' };
    expect(await runCycle(worker2)).toEqual({ ran: false, steps: 0 });
    env.advance(LEASE_MS + SEC);
    lister.remote[0]!.finishAt = t0; // finished meanwhile
    expect(await runCycle(worker2, { force: true })).toMatchObject({ ran: true, steps: 1 });
    const afterWorker2 = await readAllTasks();
    expect(Object.values(afterWorker2)[0]?.status).toBe('succeeded');
    release();
    await stuck;
    expect(await readAllTasks()).toEqual(afterWorker2);
    expect(await leaseItem.getValue()).toBeNull();
  });

  it('a runner turns requests made during a cycle into one follow-up cycle, forced if any asked for it', async () => {
    const runs: boolean[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const runner = createCycleRunner(async (o) => {
      runs.push(Boolean(o.force));
      if (runs.length === 1) await gate;
    });
    const first = runner.request();
    const joined = [runner.request(), runner.request({ force: true }), runner.request()];
    release();
    await Promise.all([first, ...joined]);
    expect(runs).toEqual([false, true]);
    await runner.request();
    expect(runs).toEqual([false, true, false]);
  });

  it('a runner keeps going after a failed cycle and reports the error', async () => {
    const errors: unknown[] = [];
    const runner = createCycleRunner(async () => {
      throw new Error('boom');
    }, (e) => errors.push(e));
    await runner.request();
    await runner.request();
    expect(errors).toHaveLength(2);
  });
});

describe('errors by class', () => {
  const transient: ErrorClass[] = ['throttled', 'network', 'timeout', 'server', 'permission'];
  for (const cls of transient) {
    it(`${cls}: backs off that account (not stopped), keeps its tasks, and says so`, async () => {
      const t0 = CLOCK_START;
      const lister = scriptedProvider('lister', { listable: true, remote: [{ id: '1', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
      const env = engineDeps([lister.provider]);
      const id = await addAccount(env, 'lister');
      await runCycle(env.deps);
      const before = await readAllTasks();
      lister.failNext(new ProviderError(cls, 'no'));
      env.advance(30 * SEC);
      await runCycle(env.deps);
      const rt = await runtimeOf(id);
      expect(rt.problem).toMatchObject({ errorClass: cls, stopped: false });
      expect(rt.backoffUntil).toBeGreaterThan(env.deps.now());
      expect(await readAllTasks()).toEqual(before);
      // Once the backoff is over, a success clears the problem.
      env.advance(DEFAULT_BACKOFF.baseMs);
      await runCycle(env.deps);
      expect((await runtimeOf(id)).problem).toBeUndefined();
      expect(lister.calls.discover).toBe(3);
    });
  }

  it('backoff doubles its ceiling per consecutive failure up to the cap (full jitter: the draw scales it)', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const draw = 0.999;
    const env = engineDeps([lister.provider], undefined, { random: () => draw });
    const id = await addAccount(env, 'lister');
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      lister.failNext(new ProviderError('server', '503'));
      await runCycle(env.deps);
      const until = (await runtimeOf(id)).backoffUntil!;
      delays.push(until - env.deps.now());
      env.advance(until - env.deps.now());
    }
    const ceilings = [1, 2, 4, 8, 16, 32, 60, 60, 60].map((m) => Math.min(m * 30 * SEC, DEFAULT_BACKOFF.capMs));
    expect(delays).toEqual(ceilings.map((c) => Math.floor(draw * c)));
    expect(lister.calls.discover).toBe(9); // exactly one call per backoff period
  });

  it('Retry-After is honoured even when the jittered delay would be shorter', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const env = engineDeps([lister.provider], undefined, { random: () => 0 });
    const id = await addAccount(env, 'lister');
    lister.failNext(new ProviderError('throttled', 'Throttling.User', { retryAfterMs: 17 * 60 * SEC }));
    await runCycle(env.deps);
    expect((await runtimeOf(id)).backoffUntil).toBe(env.deps.now() + 17 * 60 * SEC);
    env.advance(17 * 60 * SEC - SEC);
    await runCycle(env.deps, { force: true });
    expect(lister.calls.discover).toBe(1);
    env.advance(SEC);
    await runCycle(env.deps);
    expect(lister.calls.discover).toBe(2);
  });

  it('auth: stops the account for good (no retries, "!" on the badge); a rename does not resume it, new keys do', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const env = engineDeps([lister.provider]);
    const id = await addAccount(env, 'lister');
    lister.failNext(new ProviderError('auth', 'SignatureDoesNotMatch'));
    await runCycle(env.deps);
    expect((await runtimeOf(id)).problem).toMatchObject({ errorClass: 'auth', stopped: true });
    expect(env.badges.at(-1)).toEqual({ text: '!', color: '#b45309' });
    for (let i = 0; i < 20; i++) {
      env.advance(3600 * SEC);
      await runCycle(env.deps, { force: true });
    }
    expect(lister.calls.discover).toBe(1);
    await saveAccount(env.deps, { type: 'saveAccount', accountId: id, provider: 'lister', name: 'renamed', settings: { region: 'r1' }, secrets: {} });
    await runCycle(env.deps);
    expect(lister.calls.discover).toBe(1);
    await saveAccount(env.deps, { type: 'saveAccount', accountId: id, provider: 'lister', name: 'renamed', settings: { region: 'r1' }, secrets: { secretKey: 'a-new-key-123' } });
    expect(env.polls.length).toBeGreaterThan(0);
    await runCycle(env.deps);
    expect(lister.calls.discover).toBe(2);
    expect((await runtimeOf(id)).problem).toBeUndefined();
    expect(env.badges.at(-1)?.color).toBe('#1d4ed8');
  });

  it('not-found: the task is kept, marked unknown with a note, and never asked for again', async () => {
    const t0 = CLOCK_START;
    const tracker = scriptedProvider('tracker', { listable: false, remote: [{ id: '2001', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
    const env = engineDeps([tracker.provider]);
    const id = await addAccount(env, 'tracker');
    await trackTask(env.deps, id, '2001');
    tracker.remote.length = 0; // the provider forgot the job
    await runAlarmsUntil(env, t0 + 600 * SEC);
    expect(tracker.calls.refresh).toBe(1);
    const task = Object.values(await readAllTasks())[0]!;
    expect(task).toMatchObject({ status: 'unknown', gone: true, note: 'tracker failed (not-found): check the key' });
    expect((await runtimeOf(id)).backoffUntil).toBeUndefined();
    expect(env.badges.at(-1)?.text).toBe('');
  });

  it('malformed: keeps the previous data, records the problem, tries again at the normal cadence', async () => {
    const t0 = CLOCK_START;
    const tracker = scriptedProvider('tracker', { listable: false, remote: [{ id: '2001', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
    const env = engineDeps([tracker.provider]);
    const id = await addAccount(env, 'tracker');
    await trackTask(env.deps, id, '2001');
    const before = Object.values(await readAllTasks())[0]!;
    tracker.failNext(new ProviderError('malformed', 'truncated JSON'));
    env.advance(30 * SEC);
    await runCycle(env.deps);
    expect(Object.values(await readAllTasks())[0]).toEqual(before);
    expect((await runtimeOf(id)).problem).toMatchObject({ errorClass: 'malformed', stopped: false });
    env.advance(30 * SEC);
    await runCycle(env.deps);
    expect(tracker.calls.refresh).toBe(2);
    expect((await runtimeOf(id)).problem).toBeUndefined();
  });

  it('the vault locked: nothing is polled and the state says locked', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const env = engineDeps([lister.provider]);
    await addAccount(env, 'lister');
    env.secrets.locked = true;
    expect(await runCycle(env.deps)).toMatchObject({ ran: true, locked: true });
    expect(lister.total()).toBe(0);
  });
});

describe('the provider context', () => {
  it('has a timeout under 30 s, an abort signal, the UI language, fresh nonces, and the persisted clock offset and memo of its account', async () => {
    const t0 = CLOCK_START;
    const lister = scriptedProvider('lister', { listable: true, remote: [{ id: '1', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
    const discover = lister.provider.discover.bind(lister.provider);
    lister.provider.discover = async (cred, ctx) => {
      if (!ctx.memo.get('projectId')) ctx.memo.set('projectId', 'p-123');
      if (lister.calls.discover === 0) ctx.adjustClock(ctx.now() + 90 * SEC);
      return discover(cred, ctx);
    };
    const env = engineDeps([lister.provider], undefined, { lang: () => 'zh' });
    const id = await addAccount(env, 'lister');
    await runCycle(env.deps);
    expect(await runtimeOf(id)).toMatchObject({ clockOffsetMs: 90 * SEC, memo: { projectId: 'p-123' } });
    env.advance(30 * SEC);
    await runCycle(env.deps);
    const ctx = lister.contexts.at(-1)!;
    expect(ctx.now()).toBe(env.deps.now() + 90 * SEC);
    expect(ctx.memo.get('projectId')).toBe('p-123');
    expect(ctx.lang).toBe('zh');
    expect(ctx.timeoutMs).toBe(FETCH_TIMEOUT_MS);
    expect(FETCH_TIMEOUT_MS).toBeLessThan(30 * SEC);
    expect(CALL_BUDGET_MS).toBeLessThan(LEASE_MS);
    expect(ctx.signal).toBeInstanceOf(AbortSignal);
    expect(ctx.signal?.aborted).toBe(false);
    expect(ctx.nonce()).not.toBe(ctx.nonce());
  });
});

describe('a worker killed between any two steps', () => {
  // Tracked jobs: two end with failures, one succeeds. An uninterrupted run is the reference.
  const scenario = (): { tracker: ScriptedProvider; ids: string[] } => {
    const t0 = CLOCK_START;
    const tracker = scriptedProvider('tracker', {
      listable: false,
      remote: [
        { id: '3001', finishAt: t0 + 20 * SEC, final: 'partial', failed: 3, createdAt: t0 },
        { id: '3002', finishAt: t0 + 20 * SEC, final: 'failed', failed: 1, createdAt: t0 },
        { id: '3003', finishAt: t0 + 20 * SEC, final: 'succeeded', createdAt: t0 },
      ],
    });
    return { tracker, ids: ['3001', '3002', '3003'] };
  };
  const settle = async (env: Env): Promise<void> => {
    for (let i = 0; i < 6; i++) {
      env.advance(LEASE_MS); // a dead worker's lease lapses
      await runCycle(env.deps);
    }
  };
  const outcome = async () => {
    const tasks = Object.values(await readAllTasks()).sort((a, b) => a.key.localeCompare(b.key));
    return {
      tasks: tasks.map((t) => ({ key: t.key, status: t.status, failed: t.failed, fetched: t.failedItemsFetched ?? false })),
      failedItems: await Promise.all(tasks.map(async (t) => (await readFailedItems(t.key))?.length ?? 0)),
      notified: tasks.filter((t) => t.notified).map((t) => t.key),
    };
  };

  /**
   * Every write the store makes, in storage.local and in the private area (issue 29, finding 7),
   * goes through `before` first; the private area's change signals are not writes of state.
   */
  const storeWrites = (before: () => void): { restore(): void } => {
    const local = fakeBrowser.storage.local.set.bind(fakeBrowser.storage.local);
    const set = privateArea.set.bind(privateArea);
    const remove = privateArea.remove.bind(privateArea);
    const spies = [
      vi.spyOn(fakeBrowser.storage.local, 'set').mockImplementation(async (items) => {
        if (!Object.keys(items).every((k) => k.startsWith(CHANGE_SIGNAL))) before();
        return local(items);
      }),
      vi.spyOn(privateArea, 'set').mockImplementation(async (items) => {
        before();
        return set(items);
      }),
      vi.spyOn(privateArea, 'remove').mockImplementation(async (keys) => {
        before();
        return remove(keys);
      }),
    ];
    return { restore: () => spies.forEach((spy) => spy.mockRestore()) };
  };

  it('loses no task, fetches every failure, and notifies each failure exactly once', async () => {
    const reference = scenario();
    const refEnv = engineDeps([reference.tracker.provider]);
    const refId = await addAccount(refEnv, 'tracker');
    for (const x of reference.ids) await trackTask(refEnv.deps, refId, x);
    refEnv.advance(30 * SEC);
    let writesInCycle = 0;
    const counting = storeWrites(() => void writesInCycle++);
    await runCycle(refEnv.deps);
    counting.restore();
    await settle(refEnv);
    const expected = await outcome();
    // Both failures end in the same cycle: one notification names them both.
    expect(refEnv.notices).toHaveLength(1);
    expect(expected.notified).toHaveLength(2);
    expect(expected.failedItems).toEqual([3, 1, 0]);
    expect(writesInCycle).toBeGreaterThan(10);

    // The worker dies just before its n-th storage write of the cycle, for every n: nothing
    // it would have done after that happens (every later write fails too).
    for (let kill = 1; kill <= writesInCycle; kill++) {
      resetStores(() => fakeBrowser.reset());
      const { tracker, ids } = scenario();
      const env = engineDeps([tracker.provider]);
      const id = await addAccount(env, 'tracker');
      for (const x of ids) await trackTask(env.deps, id, x);
      env.advance(30 * SEC);
      let count = 0;
      const spy = storeWrites(() => {
        if (++count >= kill) throw new Error('worker killed');
      });
      const notify = env.deps.notify;
      env.deps.notify = async (n) => {
        if (count >= kill) throw new Error('worker killed');
        return notify(n);
      };
      await runCycle(env.deps).catch((e: Error) => expect(e.message).toBe('worker killed'));
      spy.restore();
      env.deps.notify = notify;
      await settle(env);
      const label = `killed before write ${kill} of ${writesInCycle}`;
      const got = await outcome();
      expect(got.tasks, label).toEqual(expected.tasks);
      expect(got.failedItems, label).toEqual(expected.failedItems);
      // At most once: a kill between "remember" and "show" may lose one, never repeat one.
      expect(env.notices.length, label).toBeLessThanOrEqual(1);
      expect(new Set(env.notices.map((n) => n.id)).size, label).toBe(env.notices.length);
      expect(tracker.calls.failedItems, label).toBeLessThanOrEqual(reference.tracker.calls.failedItems + 2);
    }
  });
});

describe('notifications', () => {
  const cases: { name: string; final: 'partial' | 'failed' | 'succeeded'; failed: number; settings?: { notifyOnFailure?: boolean; notifyOnSuccess?: boolean }; expected: number }[] = [
    { name: 'a task ending partial notifies once', final: 'partial', failed: 2, expected: 1 },
    { name: 'a task ending failed notifies once', final: 'failed', failed: 5, expected: 1 },
    { name: 'a success is silent by default', final: 'succeeded', failed: 0, expected: 0 },
    { name: 'a success notifies when asked to', final: 'succeeded', failed: 0, settings: { notifyOnSuccess: true }, expected: 1 },
    { name: 'failures are silent when failure notifications are off', final: 'partial', failed: 2, settings: { notifyOnFailure: false }, expected: 0 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const t0 = CLOCK_START;
      const lister = scriptedProvider('lister', { listable: true, remote: [{ id: '77', finishAt: t0 + 30 * SEC, final: c.final, failed: c.failed, createdAt: t0 }] });
      const env = engineDeps([lister.provider]);
      await addAccount(env, 'lister', { name: 'Team <b>A</b>' });
      if (c.settings) await saveSettings(env.deps, c.settings);
      await runAlarmsUntil(env, t0 + 900 * SEC);
      expect(env.notices).toHaveLength(c.expected);
      for (const n of env.notices) {
        expect(JSON.stringify(n)).not.toContain(CANARY);
        expect(n.title).toContain('Cloud lister');
        expect(n.message).toContain('Job 77');
        expect(n.message).toContain('Team <b>A</b>'); // plain text: shown as typed, never parsed
        if (c.failed) expect(n.message).toContain(`${c.failed} failed`);
      }
    });
  }
});

describe('badge', () => {
  const account = (id: string): Account => ({ id, provider: 'p', name: id, settings: {} });
  const task = (accountId: string, n: number, status: StoredTask['status'], extra: Partial<StoredTask> = {}): StoredTask => ({
    key: `${accountId}:k:${n}`, provider: 'p', accountId, kind: 'k', providerTaskId: String(n), label: '', status, firstSeenAt: 0, ...extra,
  });
  const stopped: AccountRuntime = { failures: 0, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth', message: { en: '', zh: '' }, since: 0, stopped: true } };
  const throttled: AccountRuntime = { failures: 1, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'throttled', message: { en: '', zh: '' }, since: 0, stopped: false } };
  const cases: { name: string; tasks: StoredTask[]; runtime?: Record<string, AccountRuntime>; expected: { text: string; color: string } }[] = [
    { name: 'empty with nothing pending', tasks: [task('a', 1, 'succeeded'), task('a', 2, 'partial')], expected: { text: '', color: '#1d4ed8' } },
    { name: 'counts pending and running across accounts', tasks: [task('a', 1, 'pending'), task('b', 2, 'running'), task('b', 3, 'failed'), task('a', 4, 'unknown')], expected: { text: '2', color: '#1d4ed8' } },
    { name: 'does not count a task that is gone', tasks: [task('a', 1, 'running', { gone: true })], expected: { text: '', color: '#1d4ed8' } },
    { name: 'does not count tasks of a removed account', tasks: [task('zombie', 1, 'running')], expected: { text: '', color: '#1d4ed8' } },
    { name: '"!" in the warning colour when an account is stopped for an auth error and nothing is pending', tasks: [], runtime: { b: stopped }, expected: { text: '!', color: '#b45309' } },
    { name: 'red when an account is stopped for an auth error and tasks are pending', tasks: [task('a', 1, 'running')], runtime: { b: stopped }, expected: { text: '1', color: '#b91c1c' } },
    { name: 'blue for a transient problem', tasks: [task('a', 1, 'running')], runtime: { a: throttled }, expected: { text: '1', color: '#1d4ed8' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(badgeFor(Object.fromEntries(c.tasks.map((t) => [t.key, t])), [account('a'), account('b')], c.runtime ?? {})).toEqual(c.expected);
    });
  }
  it('is restored from storage (what a restarted worker shows first)', async () => {
    const t0 = CLOCK_START;
    const tracker = scriptedProvider('tracker', { listable: false, remote: [{ id: '2001', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
    const env = engineDeps([tracker.provider]);
    await trackTask(env.deps, await addAccount(env, 'tracker'), '2001');
    const restarted = engineDeps([tracker.provider], env.secrets);
    const { updateBadge } = await import('../../../lib/engine/cycle');
    await updateBadge(restarted.deps);
    expect(restarted.badges).toEqual([{ text: '1', color: '#1d4ed8' }]);
  });
});

describe('history', () => {
  it('a cycle applies the count cap: oldest finished first out, with their failed items; unfinished stay', async () => {
    const t0 = CLOCK_START;
    const remote = Array.from({ length: 14 }, (_, i) => ({ id: String(100 + i), finishAt: t0 - 1, final: 'partial' as const, failed: 1, createdAt: t0 - (14 - i) * 60 * SEC }));
    remote.push({ id: '999', finishAt: t0 + 3600 * SEC, final: 'partial', failed: 1, createdAt: t0 - 3600 * SEC });
    const lister = scriptedProvider('lister', { listable: true, remote });
    const env = engineDeps([lister.provider]);
    await saveSettings(env.deps, { historyMaxTasks: 10 });
    expect((await getSettings()).historyMaxTasks).toBe(10);
    await addAccount(env, 'lister');
    await runCycle(env.deps);
    const keys = Object.values(await readAllTasks()).map((t) => t.providerTaskId).sort();
    expect(keys).toEqual(['105', '106', '107', '108', '109', '110', '111', '112', '113', '999']);
  });
});

describe('an account whose stored keys cannot be read (issue 18, finding 4)', () => {
  it('takes new keys on the first save', async () => {
    const env = engineDeps([scriptedProvider('lister', { listable: true, remote: [] }).provider]);
    const id = await addAccount(env, 'lister');
    const { SecretUnreadableError } = await import('../../../lib/vault/types');
    const readable = env.secrets.get.bind(env.secrets);
    let unreadable = true;
    env.secrets.get = async (accountId: string) => {
      if (unreadable && accountId === id) throw new SecretUnreadableError(accountId);
      return readable(accountId);
    };
    const reply = await saveAccount(env.deps, { type: 'saveAccount', accountId: id, provider: 'lister', name: 'lister prod', settings: { region: 'r1' }, secrets: { secretKey: "new-secret-key" } });
    expect(reply).toMatchObject({ ok: true });
    unreadable = false;
    expect(await env.secrets.get(id)).toEqual({ secretKey: "new-secret-key" });
  });
});
