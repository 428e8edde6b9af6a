import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelayMs, cadenceMs, DEFAULT_BACKOFF, idleWakeupsPerHour, MAX_RETRY_AFTER_MS, planCycle, type PlanInput } from '../../../lib/engine/schedule';
import { DEFAULT_SETTINGS, type StoredTask } from '../../../lib/store/index';
import type { Account, TaskStatus } from '../../../lib/providers/types';

const NOW = 1_800_000_000_000;
const account = (id: string): Account => ({ id, provider: 'fake', name: id, settings: {} });
const task = (accountId: string, id: string, status: TaskStatus, extra: Partial<StoredTask> = {}): StoredTask => ({
  key: `${accountId}:k:${id}`, provider: 'fake', accountId, kind: 'k', providerTaskId: id, label: id, status, firstSeenAt: NOW - 1000, ...extra,
});
const input = (over: Partial<PlanInput>): PlanInput => ({
  accounts: [account('a')], tasks: {}, runtime: {}, settings: DEFAULT_SETTINGS, now: NOW, canDiscover: () => true, ...over,
});
const byKey = (...tasks: StoredTask[]) => Object.fromEntries(tasks.map((t) => [t.key, t]));
const kinds = (steps: ReturnType<typeof planCycle>) => steps.map((s) => (s.kind === 'discover' ? `discover ${s.accountId}` : `${s.kind} ${s.taskKey}`));

describe('planCycle: what is polled when', () => {
  const cases: { name: string; over: Partial<PlanInput>; expected: string[] }[] = [
    { name: 'a new account is discovered at once', over: {}, expected: ['discover a'] },
    {
      name: 'nothing pending: no discovery before the idle interval (5 min)',
      over: { runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW - 60_000, lastPolledAt: NOW - 60_000 } } },
      expected: [],
    },
    {
      name: 'nothing pending: discovery once the idle interval has passed',
      over: { runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW - 300_000, lastPolledAt: NOW - 300_000 } } },
      expected: ['discover a'],
    },
    {
      name: 'something pending: discovery and one refresh per pending task every 30 s; finished tasks are never asked for',
      over: {
        tasks: byKey(task('a', '1', 'running'), task('a', '2', 'pending'), task('a', '3', 'succeeded'), task('a', '4', 'partial', { failed: 2, failedItemsFetched: true })),
        runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW - 30_000, lastPolledAt: NOW - 30_000 } },
      },
      expected: ['discover a', 'refresh a:k:1', 'refresh a:k:2'],
    },
    {
      name: 'a status word no doc lists (unknown) is asked at the idle cadence, not every 30 s (issue 19, mismatch 3)',
      over: {
        tasks: byKey(task('a', '6', 'unknown', { polledAt: NOW - 60_000 }), task('a', '7', 'unknown', { polledAt: NOW - 300_000 }), task('a', '8', 'running', { polledAt: NOW - 30_000 })),
        runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW, lastPolledAt: NOW } },
      },
      expected: ['refresh a:k:7', 'refresh a:k:8'],
    },
    {
      name: 'a task that finished with failures while watched gets its failed items once',
      over: { tasks: byKey(task('a', '5', 'partial', { failed: 3, watched: true })), runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW, lastPolledAt: NOW } } },
      expected: ['failedItems a:k:5'],
    },
    {
      name: 'failed items already fetched are not fetched again',
      over: { tasks: byKey(task('a', '5', 'partial', { failed: 3, watched: true, failedItemsFetched: true })), runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW, lastPolledAt: NOW } } },
      expected: [],
    },
    {
      name: 'an account stopped by an auth error is not polled at all',
      over: { tasks: byKey(task('a', '1', 'running')), runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth', message: { en: '', zh: '' }, since: NOW, stopped: true } } } },
      expected: [],
    },
    {
      name: 'an account in backoff waits until the backoff ends',
      over: { tasks: byKey(task('a', '1', 'running')), runtime: { a: { failures: 2, clockOffsetMs: 0, memo: {}, backoffUntil: NOW + 10_000 } } },
      expected: [],
    },
    {
      name: 'a task the provider no longer knows is not refreshed',
      over: { tasks: byKey(task('a', '1', 'running', { gone: true })), runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW, lastPolledAt: NOW - 60_000 } } },
      expected: [],
    },
    {
      name: 'a console visit asks for discovery now',
      over: { visitedAccounts: new Set(['a']), runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW - 1000, lastPolledAt: NOW - 1000 } } },
      expected: ['discover a'],
    },
    {
      name: '"Refresh now" polls everything eligible regardless of cadence',
      over: { force: true, tasks: byKey(task('a', '1', 'running')), runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: NOW - 1000, lastPolledAt: NOW - 1000 } } },
      expected: ['discover a', 'refresh a:k:1'],
    },
  ];
  for (const c of cases) it(c.name, () => expect(kinds(planCycle(input(c.over)))).toEqual(c.expected));
});

describe('cadence', () => {
  it('wakes the worker 12 times an hour at most when nothing is pending', () => {
    expect(idleWakeupsPerHour(DEFAULT_SETTINGS)).toBe(12);
  });
  it('never polls faster than the 30 s minimum of MV3 alarms', () => {
    expect(cadenceMs({ ...DEFAULT_SETTINGS, pendingIntervalSec: 5 }, true)).toBe(30_000);
  });
});

describe('backoff: full jitter, capped, Retry-After honoured', () => {
  it('stays below the capped exponential ceiling for any failure count and draw', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (failures, r) => {
        const delay = backoffDelayMs(failures, () => r);
        const ceiling = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (failures - 1));
        return delay >= 0 && delay < ceiling;
      }),
      { numRuns: 2_000 },
    );
  });
  it('spreads retries (jitter): two draws give different delays', () => {
    expect(backoffDelayMs(3, () => 0.1)).not.toBe(backoffDelayMs(3, () => 0.9));
  });
  it('waits at least as long as the server asked, up to six hours', () => {
    expect(backoffDelayMs(1, () => 0, 120_000)).toBe(120_000);
    expect(backoffDelayMs(1, () => 0, 48 * 3600_000)).toBe(MAX_RETRY_AFTER_MS);
  });
});
