import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { applyHistoryCaps, DEFAULT_SETTINGS, migrateTasksV1toV2, tasksItem, type StoredTask } from '../../../lib/store/index';
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
