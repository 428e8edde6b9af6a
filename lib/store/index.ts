/**
 * The one source of truth, in storage.local through @wxt-dev/storage items with schema
 * versions. Only public data lives here: secrets are in the vault. Every write is one
 * item, so a worker killed between two writes leaves each item whole.
 */
import { storage } from '@wxt-dev/storage';
import type { Account, ErrorClass, FailedItem, Task } from '../providers/types';
import type { Settings } from '../messages';
import { DEFAULT_SETTINGS } from '../settings';
import { POPUP_SNAPSHOT_KEY, type PopupSnapshot } from '../popup-snapshot';

export { DEFAULT_SETTINGS };

export interface AccountProblem {
  errorClass: ErrorClass;
  /** The provider's describeError sentences, both languages, so the UI can pick. */
  message: { en: string; zh: string };
  since: number;
  /** Polling stopped until the keys are edited (auth errors). */
  stopped: boolean;
}

export interface AccountRuntime {
  problem?: AccountProblem;
  /** Consecutive transient failures, for backoff. */
  failures: number;
  backoffUntil?: number;
  lastDiscoveryAt?: number;
  lastPolledAt?: number;
  clockOffsetMs: number;
  memo: Record<string, string>;
}

export interface StoredTask extends Task {
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
}

export interface Lease {
  owner: string;
  expiresAt: number;
}

export const accountsItem = storage.defineItem<Account[]>('local:accounts', { fallback: [], version: 1 });

/**
 * v1 kept tasks as an array; v2 keys them by Task.key so one task's update does not
 * rewrite a list scan, and duplicates (the same task seen twice) collapse.
 */
export const tasksItem = storage.defineItem<Record<string, StoredTask>>('local:tasks', {
  fallback: {},
  version: 2,
  migrations: {
    2: (old: unknown): Record<string, StoredTask> => migrateTasksV1toV2(old),
  },
});

export function migrateTasksV1toV2(old: unknown): Record<string, StoredTask> {
  const out: Record<string, StoredTask> = {};
  if (!Array.isArray(old)) return out;
  for (const entry of old as unknown[]) {
    if (!entry || typeof entry !== 'object') continue;
    const task = entry as Partial<StoredTask>;
    if (typeof task.key !== 'string' || typeof task.provider !== 'string' || typeof task.accountId !== 'string') continue;
    out[task.key] = { ...(task as StoredTask), firstSeenAt: typeof task.firstSeenAt === 'number' ? task.firstSeenAt : (task.createdAt ?? 0) };
  }
  return out;
}

export const runtimeItem = storage.defineItem<Record<string, AccountRuntime>>('local:runtime', { fallback: {}, version: 1 });
export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS, version: 1 });
export const leaseItem = storage.defineItem<Lease | null>('local:lease', { fallback: null, version: 1 });
export const notifiedItem = storage.defineItem<string[]>('local:notified', { fallback: [], version: 1 });
export const lastCycleItem = storage.defineItem<number>('local:lastCycleAt', { fallback: 0, version: 1 });
/** Pending console visits (families) that ask for a discovery in the next cycle. */
export const visitsItem = storage.defineItem<Record<string, number>>('local:visits', { fallback: {}, version: 1 });

/** The popup's first page, written by the background (lib/popup-snapshot.ts). */
export const popupSnapshotItem = storage.defineItem<PopupSnapshot | null>(`local:${POPUP_SNAPSHOT_KEY}`, { fallback: null });

export const failedItemsKey = (taskKey: string): `local:${string}` => `local:failed:${taskKey}`;

/** One task's failures can be 10,000 items; more than this are not kept (the view says so). */
export const MAX_STORED_FAILED_ITEMS = 10_000;
/**
 * storage.local holds 10 MB without `unlimitedStorage`: only the most recently written sets
 * of failed items are kept. An evicted set is fetched again when a surface asks for it.
 */
export const MAX_FAILED_ITEM_SETS = 20;

/** Task keys with stored failed items, oldest write first. */
export const failedIndexItem = storage.defineItem<string[]>('local:failedIndex', { fallback: [], version: 1 });

export async function readFailedItems(taskKey: string): Promise<FailedItem[] | null> {
  const items = await storage.getItem<unknown>(failedItemsKey(taskKey));
  return Array.isArray(items) ? (items as FailedItem[]) : null;
}

export async function writeFailedItems(taskKey: string, items: FailedItem[]): Promise<void> {
  const index = (await failedIndexItem.getValue()).filter((k) => k !== taskKey);
  index.push(taskKey);
  const evicted = index.splice(0, Math.max(0, index.length - MAX_FAILED_ITEM_SETS));
  if (evicted.length) await storage.removeItems(evicted.map(failedItemsKey));
  await failedIndexItem.setValue(index);
  await storage.setItem(failedItemsKey(taskKey), items.slice(0, MAX_STORED_FAILED_ITEMS));
}

export async function removeFailedItems(taskKeys: string[]): Promise<void> {
  if (!taskKeys.length) return;
  await storage.removeItems(taskKeys.map(failedItemsKey));
  const gone = new Set(taskKeys);
  const index = await failedIndexItem.getValue();
  if (index.some((k) => gone.has(k))) await failedIndexItem.setValue(index.filter((k) => !gone.has(k)));
}

export const emptyRuntime = (): AccountRuntime => ({ failures: 0, clockOffsetMs: 0, memo: {} });

export async function getSettings(): Promise<Settings> {
  return { ...DEFAULT_SETTINGS, ...(await settingsItem.getValue()) };
}

/**
 * History caps: finished tasks older than the age cap go, then the oldest finished ones
 * beyond the count cap. Unfinished tasks are never evicted (they are still being watched).
 */
export function applyHistoryCaps(tasks: Record<string, StoredTask>, settings: Settings, now: number, isFinished: (t: StoredTask) => boolean): { kept: Record<string, StoredTask>; evicted: string[] } {
  const maxAgeMs = settings.historyMaxAgeDays * 24 * 3600 * 1000;
  const evicted: string[] = [];
  const stamp = (t: StoredTask): number => t.createdAt ?? t.firstSeenAt;
  let entries = Object.values(tasks);
  entries = entries.filter((t) => {
    const old = isFinished(t) && now - stamp(t) > maxAgeMs;
    if (old) evicted.push(t.key);
    return !old;
  });
  if (entries.length > settings.historyMaxTasks) {
    const finishedOldestFirst = entries.filter(isFinished).sort((a, b) => stamp(a) - stamp(b));
    const excess = entries.length - settings.historyMaxTasks;
    const drop = new Set(finishedOldestFirst.slice(0, excess).map((t) => t.key));
    entries = entries.filter((t) => !drop.has(t.key));
    evicted.push(...drop);
  }
  return { kept: Object.fromEntries(entries.map((t) => [t.key, t])), evicted };
}
