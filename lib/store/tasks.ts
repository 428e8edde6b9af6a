/**
 * Task history, one storage key per task, so a change to one task writes that task and not
 * the history (issue 21: with one `tasks` map, 5,000 tasks meant megabytes rewritten every
 * 30 s for one changed task).
 *
 *   task:<task key>      the task (StoredTask), validated with zod whenever it is read
 *   taskIndex:<00..63>   which tasks exist: task key → age stamp, in 64 shards by a hash of
 *                        the key, so adding or evicting a task rewrites 1/64 of the index
 *   activeTasks          keys of the unfinished tasks, and of finished ones whose failed
 *                        items are still to be fetched: a cycle reads these and nothing
 *                        else, so its cost follows the work, not the history (and the
 *                        popup's first page, unfinished first, is found without a scan)
 *
 * Every write of a task goes out in one transaction of the extension's IndexedDB
 * (private-area.ts: content scripts can neither read nor write it) with the index shard and
 * the active list it changes, so a worker killed mid-write leaves either all or none of it.
 * Every value read here is still checked (an older version, or one with a bug, wrote it),
 * and a value that fails the check is treated as absent (never deleted: that is the user's history).
 */
import { privateArea } from './private-area';
import { z } from 'zod';
import { isTerminal, type Task } from '../providers/types';
import { labelSchema } from '../i18n/words';

export interface StoredTask extends Omit<Task, 'raw'> {
  /** When Batchwatch first saw it (for history age). */
  firstSeenAt: number;
  /** When the provider last told us this task's state (epoch ms): refreshes wait a cadence after it. */
  polledAt?: number;
  /** Seen while not finished: a later finish with failures notifies. */
  watched?: boolean;
  /** The provider no longer knows it; it is kept but not polled. */
  gone?: boolean;
  /** Failed items have been fetched (stored under failedItemsKey unless evicted since). */
  failedItemsFetched?: boolean;
  /** More failed items than Batchwatch keeps, or more pages than it asks for. */
  failedItemsTruncated?: boolean;
  /** Why the task is not polled any more (e.g. the provider no longer knows it). Plain text. */
  note?: string;
  /** Its finish was notified (remembered before it is shown: at most once). */
  notified?: boolean;
}

export const TASK_PREFIX = 'task:';
export const TASK_INDEX_PREFIX = 'taskIndex:';
export const ACTIVE_TASKS_KEY = 'activeTasks';
export const TASK_INDEX_SHARDS = 64;
/** The layout before this one: every task in one map (v2) or array (v1), and the notified list. */
const LEGACY_KEYS = ['tasks', 'tasks$', 'notified', 'notified$'] as const;

export const taskStorageKey = (taskKey: string): string => `${TASK_PREFIX}${taskKey}`;

/** FNV-1a: stable across browsers and releases, unlike anything built in. */
export function taskIndexShard(taskKey: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < taskKey.length; i++) {
    hash ^= taskKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${TASK_INDEX_PREFIX}${String((hash >>> 0) % TASK_INDEX_SHARDS).padStart(2, '0')}`;
}
const ALL_SHARDS = Array.from({ length: TASK_INDEX_SHARDS }, (_, i) => `${TASK_INDEX_PREFIX}${String(i).padStart(2, '0')}`);

/** History order (age cap, newest first): the provider's creation time, else its last update, else when Batchwatch first saw it. */
export const taskStamp = (t: Pick<StoredTask, 'createdAt' | 'updatedAt' | 'firstSeenAt'>): number => t.createdAt ?? t.updatedAt ?? t.firstSeenAt;

/** Finished, and not (entirely) successfully: notified once. */
export const finishedWithFailures = (task: Pick<Task, 'status' | 'failed'>): boolean => isTerminal(task.status) && (task.status !== 'succeeded' || (task.failed ?? 0) > 0);

/** Worth asking for failed items: finished with failures, unless the provider counted none. */
export const mayHaveFailedItems = (task: Pick<Task, 'status' | 'failed'>): boolean => finishedWithFailures(task) && task.failed !== 0;

/**
 * Unfinished (gone ones too: nothing polls them, but the popup lists them first), or
 * finished with failed items still to fetch (planCycle's rule).
 */
export const isActiveTask = (t: StoredTask): boolean => !isTerminal(t.status) || Boolean(t.watched && !t.failedItemsFetched && mayHaveFailedItems(t));

// An optional field that does not check out is dropped, not the task: one odd value must
// not hide a task from its owner.
const opt = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const text = z.string().max(2_000);
const storedTaskSchema = z.object({
  key: z.string().min(1).max(600),
  provider: z.string().min(1).max(64),
  accountId: z.string().min(1).max(200),
  kind: z.string().min(1).max(64),
  providerTaskId: z.string().min(1).max(300),
  label: labelSchema.catch(''),
  status: z.enum(['pending', 'running', 'succeeded', 'failed', 'partial', 'unknown']).catch('unknown'),
  statusText: opt(text),
  total: opt(z.number()),
  done: opt(z.number()),
  failed: opt(z.number()),
  createdAt: opt(z.number()),
  updatedAt: opt(z.number()),
  finishedAt: opt(z.number()),
  locator: opt(z.record(z.string().max(100), z.string().max(2_000))),
  firstSeenAt: z.number().catch(0),
  polledAt: opt(z.number()),
  watched: opt(z.boolean()),
  gone: opt(z.boolean()),
  failedItemsFetched: opt(z.boolean()),
  failedItemsTruncated: opt(z.boolean()),
  note: opt(text),
  notified: opt(z.boolean()),
});

/** A stored value as a task, or undefined when it is not one (or claims another key). */
export function parseStoredTask(value: unknown, expectedKey?: string): StoredTask | undefined {
  const parsed = storedTaskSchema.safeParse(value);
  if (!parsed.success || (expectedKey !== undefined && parsed.data.key !== expectedKey)) return undefined;
  const task: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.data)) if (v !== undefined) task[k] = v;
  return task as unknown as StoredTask;
}

/** What is kept of a task: the documented fields, never the provider's raw answer. */
export function toStoredTask(task: StoredTask & { raw?: unknown }): StoredTask {
  const { raw: _raw, ...kept } = task;
  return kept;
}

type IndexShard = Record<string, number>;
const parseShard = (value: unknown): IndexShard => {
  const out: IndexShard = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [k, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
};
const parseKeyList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : []);

// ---- the layout migration -------------------------------------------------------------

let layoutReady: Promise<void> | undefined;

/**
 * Moves the one-map layout (v1 array, v2 record) into per-task keys. The new keys and the
 * index go out in one write; the old keys are removed only after it, so a worker killed in
 * between migrates again from the same data next time, to the same result.
 */
export async function migrateTaskLayout(): Promise<{ migrated: number }> {
  const stored = await browserLocal().get([...LEGACY_KEYS]);
  if (stored.tasks === undefined) {
    if (stored.notified !== undefined) await browserLocal().remove(['notified', 'notified$']);
    return { migrated: 0 };
  }
  const legacy: unknown[] = Array.isArray(stored.tasks) ? stored.tasks : stored.tasks && typeof stored.tasks === 'object' ? Object.values(stored.tasks) : [];
  const notified = new Set(parseKeyList(stored.notified));
  const tasks: StoredTask[] = [];
  for (const entry of legacy) {
    if (!entry || typeof entry !== 'object') continue;
    const old = entry as Partial<StoredTask>;
    // v1 had no firstSeenAt: the task's own creation is the best guess.
    const task = parseStoredTask({ firstSeenAt: typeof old.createdAt === 'number' ? old.createdAt : 0, ...old });
    if (!task) continue;
    tasks.push(notified.has(task.key) ? { ...task, notified: true } : task);
  }
  const [shards, active] = await Promise.all([readShards(ALL_SHARDS), readActiveKeys()]);
  const activeSet = new Set(active);
  const items: Record<string, unknown> = {};
  const touched = new Set<string>();
  for (const task of tasks) {
    items[taskStorageKey(task.key)] = task;
    const shard = taskIndexShard(task.key);
    (shards[shard] ??= {})[task.key] = taskStamp(task);
    touched.add(shard);
    if (isActiveTask(task)) activeSet.add(task.key);
  }
  for (const shard of touched) items[shard] = shards[shard];
  items[ACTIVE_TASKS_KEY] = [...activeSet];
  await browserLocal().set(items);
  await browserLocal().remove([...LEGACY_KEYS]);
  return { migrated: tasks.length };
}

/** Runs the migration once per worker before the first read or write of a task. */
function ready(): Promise<void> {
  layoutReady ??= migrateTaskLayout().then(
    () => undefined,
    (err: unknown) => {
      layoutReady = undefined;
      throw err;
    },
  );
  return layoutReady;
}

/** Tests reset storage between cases; the next read must look for an old layout again. */
export function forgetTaskLayoutCheck(): void {
  layoutReady = undefined;
}

// In the extension's IndexedDB (private-area.ts), out of content scripts' reach.
const browserLocal = (): typeof privateArea => privateArea;

// ---- reads ------------------------------------------------------------------------------

async function readShards(names: readonly string[]): Promise<Record<string, IndexShard>> {
  const values = await browserLocal().get([...names]);
  return Object.fromEntries(names.map((name) => [name, parseShard(values[name])]));
}

async function readActiveKeys(): Promise<string[]> {
  return parseKeyList((await browserLocal().get([ACTIVE_TASKS_KEY]))[ACTIVE_TASKS_KEY]);
}

/** Every task key with its age stamp (the index only: no task is read). */
export async function readTaskIndex(): Promise<Map<string, number>> {
  await ready();
  const shards = await readShards(ALL_SHARDS);
  const index = new Map<string, number>();
  for (const shard of Object.values(shards)) for (const [key, stamp] of Object.entries(shard)) index.set(key, stamp);
  return index;
}

/** Keys of the tasks a cycle has work for. */
export async function readActiveTaskKeys(): Promise<string[]> {
  await ready();
  return readActiveKeys();
}

/** The tasks stored under these keys (absent or invalid ones are left out). */
export async function readTasks(keys: Iterable<string>): Promise<Record<string, StoredTask>> {
  await ready();
  const wanted = [...new Set(keys)];
  const out: Record<string, StoredTask> = {};
  if (!wanted.length) return out;
  const values = await browserLocal().get(wanted.map(taskStorageKey));
  for (const key of wanted) {
    const task = parseStoredTask(values[taskStorageKey(key)], key);
    if (task) out[key] = task;
  }
  return out;
}

export async function readTask(key: string): Promise<StoredTask | undefined> {
  return (await readTasks([key]))[key];
}

/** The tasks a cycle has work for. */
export async function readActiveTasks(): Promise<Record<string, StoredTask>> {
  return readTasks(await readActiveTaskKeys());
}

/** Every task. O(history): for surfaces that show the whole history, and tests. */
export async function readAllTasks(): Promise<Record<string, StoredTask>> {
  return readTasks((await readTaskIndex()).keys());
}

// ---- writes -----------------------------------------------------------------------------

/** Writes in this realm one at a time: each reads the index shards it then rewrites. */
let writeChain: Promise<unknown> = Promise.resolve();
function serialized<T>(write: () => Promise<T>): Promise<T> {
  const next = writeChain.then(write, write);
  writeChain = next.catch(() => undefined);
  return next;
}

/**
 * Stores these tasks (each replacing what is stored under its key) in one write, with the
 * index shards and the active list only where they change.
 */
export function writeTasks(tasks: readonly StoredTask[]): Promise<void> {
  if (!tasks.length) return Promise.resolve();
  return serialized(async () => {
    await ready();
    const shardNames = [...new Set(tasks.map((t) => taskIndexShard(t.key)))];
    const [shards, active] = await Promise.all([readShards(shardNames), readActiveKeys()]);
    const activeSet = new Set(active);
    const items: Record<string, unknown> = {};
    const touched = new Set<string>();
    let activeChanged = false;
    for (const raw of tasks) {
      const task = toStoredTask(raw);
      items[taskStorageKey(task.key)] = task;
      const shard = taskIndexShard(task.key);
      if (shards[shard]![task.key] !== taskStamp(task)) {
        shards[shard]![task.key] = taskStamp(task);
        touched.add(shard);
      }
      if (isActiveTask(task) !== activeSet.has(task.key)) {
        if (isActiveTask(task)) activeSet.add(task.key);
        else activeSet.delete(task.key);
        activeChanged = true;
      }
    }
    for (const shard of touched) items[shard] = shards[shard];
    if (activeChanged) items[ACTIVE_TASKS_KEY] = [...activeSet];
    await browserLocal().set(items);
  });
}

/**
 * Forgets these tasks: first out of the index and the active list (one write), then their
 * values. A worker killed in between leaves values no index names: never read, and
 * overwritten if the task is seen again.
 */
export function removeTasks(keys: readonly string[]): Promise<void> {
  if (!keys.length) return Promise.resolve();
  return serialized(async () => {
    await ready();
    const gone = new Set(keys);
    const shardNames = [...new Set(keys.map(taskIndexShard))];
    const [shards, active] = await Promise.all([readShards(shardNames), readActiveKeys()]);
    const items: Record<string, unknown> = {};
    for (const name of shardNames) {
      const shard = shards[name]!;
      for (const key of keys) delete shard[key];
      items[name] = shard;
    }
    if (active.some((k) => gone.has(k))) items[ACTIVE_TASKS_KEY] = active.filter((k) => !gone.has(k));
    await browserLocal().set(items);
    await browserLocal().remove(keys.map(taskStorageKey));
  });
}
