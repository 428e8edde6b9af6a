import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  applyHistoryCaps,
  DEFAULT_SETTINGS,
  failedIndexItem,
  MAX_FAILED_ITEM_SETS,
  MAX_STORED_FAILED_ITEMS,
  migrateTasksV1toV2,
  readFailedItems,
  removeFailedItems,
  tasksItem,
  writeFailedItems,
  type StoredTask,
} from '../../../lib/store/index';
import { isTerminal } from '../../../lib/providers/types';

beforeEach(() => fakeBrowser.reset());

const DAY = 24 * 3600 * 1000;
const NOW = 1_800_000_000_000;
const task = (id: string, status: StoredTask['status'], createdAt: number): StoredTask => ({
  key: `a:k:${id}`, provider: 'p', accountId: 'a', kind: 'k', providerTaskId: id, label: id, status, createdAt, firstSeenAt: createdAt,
});
const finished = (t: StoredTask) => isTerminal(t.status);

describe('task history', () => {
  it('drops finished tasks older than the age cap but never an unfinished one', () => {
    const tasks = Object.fromEntries([task('old', 'succeeded', NOW - 31 * DAY), task('oldPending', 'running', NOW - 90 * DAY), task('new', 'failed', NOW - DAY)].map((t) => [t.key, t]));
    const { kept, evicted } = applyHistoryCaps(tasks, DEFAULT_SETTINGS, NOW, finished);
    expect(Object.keys(kept).sort()).toEqual(['a:k:new', 'a:k:oldPending']);
    expect(evicted).toEqual(['a:k:old']);
  });

  it('keeps at most the count cap, oldest finished first out', () => {
    const tasks = Object.fromEntries(Array.from({ length: 600 }, (_, i) => task(String(i), i < 5 ? 'running' : 'succeeded', NOW - (600 - i) * 60_000)).map((t) => [t.key, t]));
    const { kept, evicted } = applyHistoryCaps(tasks, DEFAULT_SETTINGS, NOW, finished);
    expect(Object.keys(kept)).toHaveLength(500);
    expect(evicted).toHaveLength(100);
    for (let i = 0; i < 5; i++) expect(kept[`a:k:${i}`]).toBeDefined();
    expect(kept['a:k:5']).toBeUndefined();
    expect(kept['a:k:599']).toBeDefined();
  });
});

describe('schema migrations', () => {
  it('moves v1 (an array of tasks) to v2 (keyed by task key), dropping junk', async () => {
    const v1 = [task('1', 'running', NOW), { nonsense: true }, null, task('2', 'succeeded', NOW)];
    await fakeBrowser.storage.local.set({ tasks: v1, tasks$: { v: 1 } });
    await tasksItem.migrate();
    const migrated = await tasksItem.getValue();
    expect(Object.keys(migrated).sort()).toEqual(['a:k:1', 'a:k:2']);
    expect(migrated['a:k:1']?.firstSeenAt).toBe(NOW);
  });

  it('gives an empty history for a v1 value that is not an array', () => {
    expect(migrateTasksV1toV2({ broken: 1 })).toEqual({});
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
    await fakeBrowser.storage.local.set({ 'failed:a:k:odd': { not: 'a list' } });
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
    const dump = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(dump).toContain('5001');
    expect(dump).not.toContain(canary);
    expect(env.secrets.data.get(saved.accountId)).toEqual({ secretKey: canary });
  });
});
