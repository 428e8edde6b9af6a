import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import fc from 'fast-check';
import {
  ACTIVE_TASKS_KEY,
  DEFAULT_SETTINGS,
  failedIndexItem,
  forgetTaskLayoutCheck,
  historyEvictions,
  MAX_FAILED_ITEM_SETS,
  MAX_STORED_FAILED_ITEMS,
  migrateTaskLayout,
  parseStoredTask,
  readActiveTaskKeys,
  readAllTasks,
  readFailedItems,
  readTask,
  readTaskIndex,
  removeFailedItems,
  removeTasks,
  taskIndexShard,
  taskStamp,
  taskStorageKey,
  writeFailedItems,
  writeTasks,
  type StoredTask,
} from '../../../lib/store/index';
import { isTerminal } from '../../../lib/providers/types';
import { privateArea } from '../../../lib/store/private-area';
import { plantPrivate, privateDump } from '../support/private-area';

beforeEach(() => fakeBrowser.reset());

const DAY = 24 * 3600 * 1000;
const NOW = 1_800_000_000_000;
const task = (id: string, status: StoredTask['status'], createdAt: number): StoredTask => ({
  key: `a:k:${id}`, provider: 'p', accountId: 'a', kind: 'k', providerTaskId: id, label: id, status, createdAt, firstSeenAt: createdAt,
});
const finished = (t: StoredTask) => isTerminal(t.status);

const indexOf = (tasks: StoredTask[]) => new Map(tasks.map((t) => [t.key, taskStamp(t)]));
const unfinishedOf = (tasks: StoredTask[]) => new Set(tasks.filter((t) => !finished(t)).map((t) => t.key));

describe('task history caps (from the index alone)', () => {
  it('drops finished tasks older than the age cap but never an unfinished one', () => {
    const tasks = [task('old', 'succeeded', NOW - 31 * DAY), task('oldPending', 'running', NOW - 90 * DAY), task('new', 'failed', NOW - DAY)];
    expect(historyEvictions(indexOf(tasks), unfinishedOf(tasks), DEFAULT_SETTINGS, NOW)).toEqual(['a:k:old']);
  });

  it('keeps at most the count cap, oldest finished first out', () => {
    const tasks = Array.from({ length: 600 }, (_, i) => task(String(i), i < 5 ? 'running' : 'succeeded', NOW - (600 - i) * 60_000));
    const evicted = new Set(historyEvictions(indexOf(tasks), unfinishedOf(tasks), DEFAULT_SETTINGS, NOW));
    expect(evicted.size).toBe(100);
    for (let i = 0; i < 5; i++) expect(evicted.has(`a:k:${i}`)).toBe(false);
    expect(evicted.has('a:k:5')).toBe(true);
    expect(evicted.has('a:k:104')).toBe(true);
    expect(evicted.has('a:k:105')).toBe(false);
  });
});

describe('one storage key per task', () => {
  const bytesOf = (items: Record<string, unknown>) => Object.entries(items).reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);

  it('a change to one of 5,000 tasks writes that task alone', async () => {
    const many = Array.from({ length: 5_000 }, (_, i) => task(String(i), i === 0 ? 'running' : 'succeeded', NOW - i * 60_000));
    await writeTasks(many);
    const set = vi.spyOn(privateArea, 'set');
    await writeTasks([{ ...many[0]!, done: 10, total: 100 }]);
    expect(set).toHaveBeenCalledTimes(1);
    const written = set.mock.calls[0]![0] as Record<string, unknown>;
    expect(Object.keys(written)).toEqual([taskStorageKey('a:k:0')]);
    expect(bytesOf(written)).toBeLessThan(400);
    expect((await readTask('a:k:0'))?.done).toBe(10);
  });

  it('adding a task rewrites one 64th of the index, and the active list only when it changes', async () => {
    await writeTasks(Array.from({ length: 6_400 }, (_, i) => task(String(i), 'succeeded', NOW - i)));
    const set = vi.spyOn(privateArea, 'set');
    await writeTasks([task('new', 'running', NOW)]);
    const written = set.mock.calls[0]![0] as Record<string, unknown>;
    expect(Object.keys(written).sort()).toEqual([ACTIVE_TASKS_KEY, taskStorageKey('a:k:new'), taskIndexShard('a:k:new')].sort());
    expect(Object.keys(written[taskIndexShard('a:k:new')] as object).length).toBeLessThan(200);
    set.mockClear();
    await writeTasks([task('new', 'succeeded', NOW)]);
    expect(Object.keys(set.mock.calls[0]![0] as object).sort()).toEqual([ACTIVE_TASKS_KEY, taskStorageKey('a:k:new')].sort());
  });

  it('knows every task from the index and the unfinished ones from the active list', async () => {
    await writeTasks([task('1', 'running', NOW), task('2', 'succeeded', NOW), { ...task('3', 'partial', NOW), failed: 2, watched: true }]);
    expect([...(await readTaskIndex()).keys()].sort()).toEqual(['a:k:1', 'a:k:2', 'a:k:3']);
    // Task 3 finished with failures whose items are not fetched yet: a cycle still has work.
    expect((await readActiveTaskKeys()).sort()).toEqual(['a:k:1', 'a:k:3']);
    await writeTasks([{ ...task('3', 'partial', NOW), failed: 2, watched: true, failedItemsFetched: true }]);
    expect(await readActiveTaskKeys()).toEqual(['a:k:1']);
    await removeTasks(['a:k:1', 'a:k:2']);
    expect(Object.keys(await readAllTasks())).toEqual(['a:k:3']);
    expect(await readActiveTaskKeys()).toEqual([]);
    expect(await privateArea.get([taskStorageKey('a:k:1')])).toEqual({});
  });

  it('never keeps the provider\'s raw answer', async () => {
    await writeTasks([{ ...task('1', 'running', NOW), raw: { huge: 'x'.repeat(10_000) } } as StoredTask]);
    const stored = await privateArea.get([taskStorageKey('a:k:1')]);
    expect(JSON.stringify(stored)).not.toContain('huge');
  });

  it('a worker killed during a write leaves the task and its index whole (both or neither)', async () => {
    await writeTasks([task('1', 'running', NOW)]);
    vi.spyOn(privateArea, 'set').mockRejectedValueOnce(new Error('worker killed'));
    await expect(writeTasks([task('2', 'running', NOW)])).rejects.toThrow('worker killed');
    expect(Object.keys(await readAllTasks())).toEqual(['a:k:1']);
    expect(await readActiveTaskKeys()).toEqual(['a:k:1']);
    // And the next write goes through.
    await writeTasks([task('2', 'running', NOW)]);
    expect(Object.keys(await readAllTasks()).sort()).toEqual(['a:k:1', 'a:k:2']);
  });
});

describe('stored tasks are untrusted (an older version or a bug may have written them)', () => {
  it('reads a value that is not a task, or claims another task\'s key, as absent, and leaves it in place', async () => {
    await writeTasks([task('1', 'running', NOW), task('2', 'running', NOW)]);
    await plantPrivate({ [taskStorageKey('a:k:1')]: { key: 'a:k:1', nonsense: true }, [taskStorageKey('a:k:2')]: { ...task('9', 'running', NOW) } });
    expect(await readAllTasks()).toEqual({});
    expect(await privateArea.get([taskStorageKey('a:k:1')])).not.toEqual({});
  });

  it('drops an odd optional field, not the task', async () => {
    await writeTasks([task('1', 'running', NOW)]);
    await plantPrivate({ [taskStorageKey('a:k:1')]: { ...task('1', 'running', NOW), total: 'many', failed: null, locator: 7, status: 'exploded', extra: { a: 1 } } });
    const read = await readTask('a:k:1');
    expect(read).toEqual({ ...task('1', 'unknown', NOW) });
  });

  it('ignores index and active-list entries that are not task keys with numbers', async () => {
    await writeTasks([task('1', 'running', NOW)]);
    await plantPrivate({ [taskIndexShard('a:k:1')]: { 'a:k:1': NOW, 'a:k:x': 'soon' }, [ACTIVE_TASKS_KEY]: ['a:k:1', 7, null] });
    expect([...(await readTaskIndex()).keys()]).toEqual(['a:k:1']);
    expect(await readActiveTaskKeys()).toEqual(['a:k:1']);
  });

  it('reads any stored value without throwing', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      const parsed = parseStoredTask(value);
      if (parsed) expect(typeof parsed.key).toBe('string');
    }));
  });
});

describe('the layout migration (one `tasks` map → one key per task)', () => {
  const v2Tasks = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => {
    const t: StoredTask & { raw?: unknown } = { ...task(String(i), i % 10 === 0 ? 'running' : i % 3 ? 'succeeded' : 'partial', NOW - i * 1000), ...(i % 3 ? {} : { failed: 2, watched: true, failedItemsFetched: i % 2 === 0 }), raw: { Big: 'answer' } };
    return [t.key, t];
  }));

  it('moves every task of a v2 map, loses none, and marks the notified ones', async () => {
    const old = v2Tasks(1_000);
    await fakeBrowser.storage.local.set({ tasks: old, tasks$: { v: 2 }, notified: ['a:k:3', 'a:k:6'], notified$: { v: 1 } });
    expect(await migrateTaskLayout()).toEqual({ migrated: 1_000 });
    const migrated = await readAllTasks();
    expect(Object.keys(migrated)).toHaveLength(1_000);
    for (const [key, t] of Object.entries(old)) {
      const { raw: _raw, ...expected } = t;
      expect(migrated[key]).toEqual({ ...expected, ...(key === 'a:k:3' || key === 'a:k:6' ? { notified: true } : {}) });
    }
    expect((await readActiveTaskKeys()).sort()).toEqual(Object.values(old).filter((t) => !finished(t) || (t.watched && !t.failedItemsFetched)).map((t) => t.key).sort());
    expect(await fakeBrowser.storage.local.get(['tasks', 'tasks$', 'notified', 'notified$'])).toEqual({});
    expect(await privateArea.get(['tasks', 'notified'])).toEqual({});
  });

  it('moves a v1 array, dropping junk entries and dating tasks without firstSeenAt', async () => {
    const { firstSeenAt: _f, ...noFirstSeen } = task('1', 'running', NOW);
    await fakeBrowser.storage.local.set({ tasks: [noFirstSeen, { nonsense: true }, null, task('2', 'succeeded', NOW)], tasks$: { v: 1 } });
    expect(await migrateTaskLayout()).toEqual({ migrated: 2 });
    const migrated = await readAllTasks();
    expect(Object.keys(migrated).sort()).toEqual(['a:k:1', 'a:k:2']);
    expect(migrated['a:k:1']?.firstSeenAt).toBe(NOW);
  });

  it('a worker killed between the copy and the removal migrates again to the same result', async () => {
    const old = v2Tasks(50);
    await fakeBrowser.storage.local.set({ tasks: old, tasks$: { v: 2 } });
    await privateDump();
    vi.spyOn(privateArea, 'remove').mockRejectedValueOnce(new Error('worker killed'));
    await expect(migrateTaskLayout()).rejects.toThrow('worker killed');
    const once = await privateDump();
    expect(await migrateTaskLayout()).toEqual({ migrated: 50 });
    const twice = await privateDump();
    const { tasks: _t, 'tasks$': _m, ...rest } = once;
    expect(twice).toEqual(rest);
    expect(Object.keys(await readAllTasks())).toHaveLength(50);
  });

  it('a worker killed before the copy loses nothing: the old map is still there', async () => {
    await fakeBrowser.storage.local.set({ tasks: v2Tasks(10), tasks$: { v: 2 } });
    await privateDump();
    vi.spyOn(privateArea, 'set').mockRejectedValueOnce(new Error('worker killed'));
    await expect(migrateTaskLayout()).rejects.toThrow('worker killed');
    expect(Object.keys((await privateArea.get(['tasks'])).tasks as object)).toHaveLength(10);
    expect(await migrateTaskLayout()).toEqual({ migrated: 10 });
  });

  it('runs by itself before the first read', async () => {
    await fakeBrowser.storage.local.set({ tasks: v2Tasks(3), tasks$: { v: 2 } });
    forgetTaskLayoutCheck();
    expect(Object.keys(await readAllTasks())).toHaveLength(3);
  });
});

describe('failed items', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ item: `r${i}`, message: 'm' }));

  it('keeps 10,000 items of one task, and no more', async () => {
    await writeFailedItems('a:k:big', items(MAX_STORED_FAILED_ITEMS + 5));
    expect(MAX_STORED_FAILED_ITEMS).toBeGreaterThanOrEqual(10_000);
    expect(await readFailedItems('a:k:big')).toHaveLength(MAX_STORED_FAILED_ITEMS);
  });

  it('keeps the most recently written sets only (an evicted one is fetched again on demand)', async () => {
    for (let i = 0; i < MAX_FAILED_ITEM_SETS + 3; i++) await writeFailedItems(`a:k:${i}`, items(1));
    for (let i = 0; i < 3; i++) expect(await readFailedItems(`a:k:${i}`)).toBeNull();
    for (let i = 3; i < MAX_FAILED_ITEM_SETS + 3; i++) expect(await readFailedItems(`a:k:${i}`)).toHaveLength(1);
    // Writing a set again makes it the newest.
    await writeFailedItems('a:k:3', items(2));
    await writeFailedItems('a:k:new', items(1));
    expect(await readFailedItems('a:k:3')).toHaveLength(2);
    expect(await readFailedItems('a:k:4')).toBeNull();
  });

  it('removing sets forgets them from the index too', async () => {
    await writeFailedItems('a:k:1', items(1));
    await writeFailedItems('a:k:2', items(1));
    await removeFailedItems(['a:k:1']);
    expect(await readFailedItems('a:k:1')).toBeNull();
    expect(await failedIndexItem.getValue()).toEqual(['a:k:2']);
  });

  it('reads anything that is not a list as nothing stored', async () => {
    await plantPrivate({ 'failed:a:k:odd': { not: 'a list' } });
    expect(await readFailedItems('a:k:odd')).toBeNull();
  });
});

describe('storage holds no secret', () => {
  it('a full dump after saving, polling and tracking contains no canary', async () => {
    const { engineDeps } = await import('../support/fakes');
    const { scriptedProvider } = await import('../engine/scripted');
    const { saveAccount, trackTask } = await import('../../../lib/engine/service');
    const { runCycle } = await import('../../../lib/engine/cycle');
    const canary = 'CANARY-SECRET-storage-9c1';
    const tracker = scriptedProvider('tracker', { listable: false, remote: [{ id: '5001', finishAt: 0, final: 'partial', failed: 2, createdAt: NOW }] });
    const env = engineDeps([tracker.provider]);
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'tracker', name: 'n', settings: { region: 'r' }, secrets: { secretKey: canary } });
    if (!saved.ok) throw new Error(saved.error);
    await trackTask(env.deps, saved.accountId, '5001');
    await runCycle(env.deps);
    const dump = JSON.stringify([await fakeBrowser.storage.local.get(null), await privateDump()]);
    expect(dump).toContain('5001');
    expect(dump).not.toContain(canary);
    expect(env.secrets.data.get(saved.accountId)).toEqual({ secretKey: canary });
  });
});
