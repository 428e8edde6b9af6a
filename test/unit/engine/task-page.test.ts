import { beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { readTaskPage, TASK_PAGE_READ_BATCH, type TaskPageRequest } from '../../../lib/engine/task-page';
import { pageRequestSchema } from '../../../lib/messaging/messages';
import { isTerminal, taskOrder, type Account, type TaskStatus } from '../../../lib/providers/types';
import { readAllTasks, TASK_PREFIX, taskStamp, writeTasks, type StoredTask } from '../../../lib/store/index';

beforeEach(() => fakeBrowser.reset());

const NOW = 1_800_000_000_000;
const ACCOUNTS: Account[] = [
  { id: 'acc-hw', provider: 'huawei', name: 'Prod', settings: {} },
  { id: 'acc-ali', provider: 'alibaba', name: 'Ops', settings: {} },
];
const FINISHED: TaskStatus[] = ['succeeded', 'failed', 'partial'];

/** `n` tasks over both accounts (and one removed account), newest first, every 50th unfinished. */
function history(n: number): StoredTask[] {
  return Array.from({ length: n }, (_, i) => {
    const account = i % 7 === 6 ? { id: 'acc-gone', provider: 'huawei' } : ACCOUNTS[i % 2]!;
    const status: TaskStatus = i % 50 === 0 ? (i % 100 === 0 ? 'running' : 'pending') : FINISHED[i % 3]!;
    const id = `task-${String(i).padStart(5, '0')}`;
    return {
      key: `${account.id}:job:${id}`,
      provider: account.provider,
      accountId: account.id,
      kind: 'job',
      providerTaskId: id,
      label: i % 97 === 0 ? `zone example-${i}.com` : `zone ${i % 10}.example.org`,
      status,
      // Some share a creation time: the key decides between them.
      createdAt: NOW - Math.floor(i / 2) * 60_000,
      firstSeenAt: NOW,
    };
  });
}

/** Popup order over everything, computed the plain way: the reference the pages are checked against. */
function reference(all: StoredTask[], req: TaskPageRequest): StoredTask[] {
  const live = new Map(ACCOUNTS.map((a) => [a.id, a]));
  const q = req.query?.trim().toLowerCase();
  const f = req.filter ?? {};
  const matching = all.filter(
    (t) =>
      live.has(t.accountId) &&
      (!f.accountId || t.accountId === f.accountId) &&
      (!f.provider || live.get(t.accountId)!.provider === f.provider) &&
      (!f.status || t.status === f.status) &&
      (!f.keys || f.keys.includes(t.key)) &&
      (!q || t.providerTaskId.toLowerCase().includes(q) || t.label.toLowerCase().includes(q)),
  );
  const unfinished = matching.filter((t) => !isTerminal(t.status)).sort(taskOrder);
  const finished = matching.filter((t) => isTerminal(t.status)).sort((a, b) => taskStamp(b) - taskStamp(a) || a.key.localeCompare(b.key));
  return [...unfinished, ...finished];
}

/** Task bodies the store asked storage for while `run` ran. */
async function bodiesRead<T>(run: () => Promise<T>): Promise<{ result: T; bodies: number }> {
  const get = vi.spyOn(fakeBrowser.storage.local, 'get');
  try {
    const result = await run();
    const keys = get.mock.calls.flatMap(([k]) => (Array.isArray(k) ? k : typeof k === 'string' ? [k] : []));
    return { result, bodies: keys.filter((k) => k.startsWith(TASK_PREFIX)).length };
  } finally {
    get.mockRestore();
  }
}

describe('a page of 10,000 stored tasks', () => {
  it('the first page reads its own bodies and the unfinished ones, not the history', async () => {
    const all = history(10_000);
    await writeTasks(all);
    await readAllTasks(); // the layout check is done once per worker, before this page
    const { result, bodies } = await bodiesRead(() => readTaskPage(ACCOUNTS, { limit: 50 }));
    const expected = reference(all, {});
    expect(result.tasks.map((t) => t.key)).toEqual(expected.slice(0, 50).map((t) => t.key));
    expect(result).toMatchObject({ count: expected.length, matching: expected.length, more: true });
    const unfinished = all.filter((t) => !isTerminal(t.status)).length;
    expect(bodies).toBeLessThanOrEqual(unfinished + 50);
  });

  it('a search that matches recent tasks reads a batch or two of bodies, not 10,000', async () => {
    const all = history(10_000);
    await writeTasks(all);
    await readAllTasks();
    const req = { limit: 20, query: 'EXAMPLE-' };
    const { result, bodies } = await bodiesRead(() => readTaskPage(ACCOUNTS, req));
    expect(result.tasks.map((t) => t.key)).toEqual(reference(all, req).slice(0, 20).map((t) => t.key));
    expect(result.more).toBe(true);
    // Not known without reading the rest: the popup says "show more" without a number.
    expect(result.matching).toBeUndefined();
    const unfinished = all.filter((t) => !isTerminal(t.status)).length;
    expect(bodies).toBeLessThanOrEqual(unfinished + 12 * TASK_PAGE_READ_BATCH);
    expect(bodies).toBeLessThan(all.length / 2);
  });

  it('a filter on an unfinished status reads no finished task', async () => {
    const all = history(10_000);
    await writeTasks(all);
    await readAllTasks();
    const { result, bodies } = await bodiesRead(() => readTaskPage(ACCOUNTS, { limit: 50, filter: { status: 'running' } }));
    const expected = reference(all, { filter: { status: 'running' } });
    expect(result.tasks.map((t) => t.key)).toEqual(expected.slice(0, 50).map((t) => t.key));
    expect(bodies).toBeLessThanOrEqual(all.filter((t) => !isTerminal(t.status)).length);
    // Every match is among the unfinished: their number is known.
    expect(result).toMatchObject({ matching: expected.length, more: true });
  });

  it('pages asked one after another cover the history once, in order, with or without a filter', async () => {
    const all = history(1_000);
    await writeTasks(all);
    for (const req of [{}, { query: '3' }, { filter: { status: 'failed' as const } }, { filter: { provider: 'alibaba' } }] as TaskPageRequest[]) {
      const seen: string[] = [];
      for (let offset = 0; ; offset += 64) {
        const page = await readTaskPage(ACCOUNTS, { ...req, offset, limit: 64 });
        seen.push(...page.tasks.map((t) => t.key));
        if (!page.more) break;
      }
      expect(seen).toEqual(reference(all, req).map((t) => t.key));
    }
  });
});

describe('what a page holds', () => {
  it('exactly the tasks the filter and search match, in popup order, for any filter', async () => {
    const all = history(400);
    await writeTasks(all);
    const keys = all.map((t) => t.key);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            provider: fc.constantFrom('huawei', 'alibaba', 'dnspod'),
            accountId: fc.constantFrom('acc-hw', 'acc-ali', 'acc-gone'),
            status: fc.constantFrom<TaskStatus>('pending', 'running', 'succeeded', 'failed', 'partial', 'unknown'),
            keys: fc.subarray(keys, { maxLength: 30 }),
          },
          { requiredKeys: [] },
        ),
        fc.option(fc.constantFrom('', ' 0', 'EXAMPLE', 'task-001', 'zone 3', 'nothing like it'), { nil: undefined }),
        fc.nat(420),
        fc.integer({ min: 0, max: 120 }),
        async (filter, query, offset, limit) => {
          const req: TaskPageRequest = { filter, offset, limit, ...(query !== undefined ? { query } : {}) };
          const page = await readTaskPage(ACCOUNTS, req);
          const expected = reference(all, req);
          expect(page.tasks.map((t) => t.key)).toEqual(expected.slice(offset, offset + limit).map((t) => t.key));
          expect(page.more).toBe(expected.length > offset + limit);
          if (page.matching !== undefined) expect(page.matching).toBe(expected.length);
          expect(page.count).toBe(all.filter((t) => t.accountId !== 'acc-gone').length);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('limit 0 reads no task (the options page shows none)', async () => {
    await writeTasks(history(300));
    await readAllTasks();
    const { result, bodies } = await bodiesRead(() => readTaskPage(ACCOUNTS, { limit: 0, filter: {} }));
    expect(result.tasks).toEqual([]);
    expect(result.count).toBeGreaterThan(0);
    // The unfinished ones are read for their order; nothing of the finished history is.
    expect(bodies).toBeLessThanOrEqual(history(300).filter((t) => !isTerminal(t.status)).length);
  });
});

describe('the getState request a page is asked with', () => {
  const ok = (req: unknown) => pageRequestSchema.safeParse(req).success;
  it('takes an offset, a limit, a filter and a search', () => {
    expect(ok({ type: 'getState', offset: 100, limit: 50, filter: { provider: 'huawei', accountId: 'a', status: 'failed', keys: ['a:k:1'] }, query: 'zone' })).toBe(true);
    expect(ok({ type: 'getState', limit: 0 })).toBe(true);
  });
  it('refuses what is not a page: negative numbers, an unknown status or filter field, a search of any length', () => {
    expect(ok({ type: 'getState', offset: -1 })).toBe(false);
    expect(ok({ type: 'getState', limit: 1.5 })).toBe(false);
    expect(ok({ type: 'getState', filter: { status: 'exploded' } })).toBe(false);
    expect(ok({ type: 'getState', filter: { label: 'x' } })).toBe(false);
    expect(ok({ type: 'getState', filter: { keys: Array.from({ length: 501 }, (_, i) => `k${i}`) } })).toBe(false);
    expect(ok({ type: 'getState', query: 'x'.repeat(201) })).toBe(false);
  });
});

describe('a page of one task kind', () => {
  it('holds that kind\'s tasks only, decided from the index (no body read for the others)', async () => {
    const tasks = history(300).map((t, i) => (i % 3 === 0 ? { ...t, kind: 'other-kind', key: `${t.accountId}:other-kind:${t.providerTaskId}` } : t));
    await writeTasks(tasks);
    const { result, bodies } = await bodiesRead(() => readTaskPage(ACCOUNTS, { limit: 20, filter: { kind: 'other-kind' } }));
    expect(result.tasks.length).toBe(20);
    expect(result.tasks.every((t) => t.kind === 'other-kind')).toBe(true);
    expect(result.matching).toBe(tasks.filter((t) => t.kind === 'other-kind' && t.accountId !== 'acc-gone').length);
    // About a page of bodies (the unfinished ones come with the active list), never the 300.
    expect(bodies).toBeLessThan(40);
    expect(pageRequestSchema.safeParse({ type: 'getState', filter: { kind: 'other-kind' } }).success).toBe(true);
  });
});
