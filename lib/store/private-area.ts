/**
 * The extension's own key-value store, in its origin's IndexedDB (issue 29, finding 7). In
 * Firefox a content script can read all of storage.local (there is no setAccessLevel), so
 * everything that names an account or a task — accounts and their polling state, tasks,
 * failed items with their record values, the popup's snapshot — lives here instead, where
 * only the extension's own pages and worker can reach it, in both browsers.
 *
 * storage.local keeps what reveals nothing (settings, the lease, timestamps) and one signal
 * per kind of change (`changed:<kind>`, a random number): the pages and the worker already
 * follow storage.onChanged, and IndexedDB has no change event. A signal names a kind
 * (`task:`, `accounts`), never a key or a value.
 *
 * Existing installs: the first use in each realm moves the old keys out of storage.local.
 * The copy and a "moved" mark commit in one transaction before anything is removed, so an
 * interrupted move loses nothing, and a later one never copies stale values over newer ones.
 */
import { browser } from 'wxt/browser';
import { abandon, committed as settled, openDatabase, requestResult as request, sharedConnection, type DatabaseSpec } from '../indexed-db';

const KV = 'kv';
const STORE: DatabaseSpec = {
  name: 'batchwatch-store',
  version: 1,
  stores: [KV],
  errors: {
    notOpened: () => new Error('The extension store could not be opened'),
    writeFailed: () => new Error('store write failed'),
    writeAborted: () => new Error('store write aborted'),
  },
};
const done = (tx: IDBTransaction): Promise<void> => settled(tx, STORE.errors);
/** Set in the same transaction as the moved values: from then on storage.local's copies are stale. */
const MOVED_MARK = '\u0000movedFromStorageLocal';

/** The storage.local prefix of change signals. */
export const CHANGE_SIGNAL = 'changed:';

/** Keys kept here, whole (their `$` version companions of @wxt-dev/storage go with them). */
export const PRIVATE_KEYS = [
  'accounts',
  'runtime',
  'accountPrefs',
  'muted',
  'unseenFailures',
  'noticeGroups',
  'popupFocus',
  'visits',
  'untracked',
  'popupSnapshot',
  'popupStatus',
  'activeTasks',
  'failedIndex',
  // The task layout before per-task keys: moved here, then migrated by tasks.ts.
  'tasks',
  'notified',
] as const;
/** Key prefixes kept here: one task, one index shard, one task's failed items. */
export const PRIVATE_PREFIXES = ['task:', 'taskIndex:', 'failed:'] as const;

/** Whether a storage.local key (or its `$` companion) belongs here. */
export function isPrivateKey(key: string): boolean {
  const name = key.endsWith('$') ? key.slice(0, -1) : key;
  return (PRIVATE_KEYS as readonly string[]).includes(name) || PRIVATE_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/** What a change signal says of a key: its prefix (`task:`), or the key of a single item. */
export const changeKind = (key: string): string => {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon + 1);
};

export interface PrivateArea {
  /** The stored values of these keys (absent ones are left out). */
  get(keys: readonly string[]): Promise<Record<string, unknown>>;
  /** Writes all of them in one transaction: all or none. An undefined value removes its key. */
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
}

/** storage.local as the area needs it (injected, so tests need no browser). */
export interface LocalArea {
  get(keys: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export interface PrivateAreaDeps {
  /** Read at each use: tests swap the global factory between cases. */
  indexedDB?: () => IDBFactory;
  local?: () => LocalArea;
  random?: () => number;
}

/**
 * Moves storage.local's private keys here. Copy and mark commit together; the removal comes
 * after. With the mark already set, whatever storage.local still holds is stale (an earlier
 * removal was interrupted, or a content script planted it): it is removed, never copied.
 */
export async function moveFromStorageLocal(db: IDBDatabase, local: LocalArea): Promise<void> {
  const all = await local.get(null);
  const old = Object.keys(all).filter(isPrivateKey);
  const tx = db.transaction(KV, 'readwrite');
  const committed = done(tx);
  const kv = tx.objectStore(KV);
  try {
    if ((await request(kv.getKey(MOVED_MARK))) === undefined) {
      for (const key of old) {
        if (key.endsWith('$')) continue;
        kv.put(all[key], key);
      }
      // When it was moved (the value is not read: the key's presence is the mark).
      kv.put(Date.now(), MOVED_MARK);
    }
  } catch (err) {
    // A value that cannot be copied, or a mark that cannot be read: nothing is kept of this
    // attempt, storage.local stays whole, and the caller hears IndexedDB's own error.
    abandon(tx);
    await committed.catch(() => undefined);
    throw err;
  }
  await committed;
  if (old.length) await local.remove(old);
}

// The write itself is committed: only the pages' refresh is late (until the next change).
const signalFailed = (): void => console.warn('Batchwatch: a change signal could not be written to storage.local');

export function createPrivateArea(deps: PrivateAreaDeps = {}): PrivateArea {
  const factoryOf = deps.indexedDB ?? (() => globalThis.indexedDB);
  const localOf = deps.local ?? ((): LocalArea => browser.storage.local as unknown as LocalArea);
  const random = deps.random ?? Math.random;
  // Moved into once per realm: an open whose move failed is not kept either, so the next call moves again.
  const connection = sharedConnection(async (factory: IDBFactory) => {
    const database = await openDatabase(factory, STORE);
    await moveFromStorageLocal(database, localOf());
    return database;
  });
  const db = (): Promise<IDBDatabase> => connection(factoryOf());

  /** Tells the pages and the worker (storage.onChanged) which kinds changed; nothing more. */
  const signal = async (keys: readonly string[]): Promise<void> => {
    const kinds = [...new Set(keys.map(changeKind))];
    await localOf().set(Object.fromEntries(kinds.map((kind) => [`${CHANGE_SIGNAL}${kind}`, random()])));
  };

  return {
    async get(keys) {
      const out: Record<string, unknown> = {};
      if (!keys.length) return out;
      const kv = (await db()).transaction(KV, 'readonly').objectStore(KV);
      const values = await Promise.all(keys.map((key) => request(kv.get(key))));
      keys.forEach((key, i) => {
        if (values[i] !== undefined) out[key] = values[i];
      });
      return out;
    },
    async set(items) {
      const keys = Object.keys(items);
      if (!keys.length) return;
      const tx = (await db()).transaction(KV, 'readwrite');
      const committed = done(tx);
      const kv = tx.objectStore(KV);
      try {
        for (const key of keys) {
          if (items[key] === undefined) kv.delete(key);
          else kv.put(items[key], key);
        }
      } catch (err) {
        // A value that cannot be stored: the earlier ones of this write are not kept either (all or none).
        abandon(tx);
        await committed.catch(() => undefined);
        throw err;
      }
      await committed;
      await signal(keys).catch(signalFailed);
    },
    async remove(keys) {
      if (!keys.length) return;
      const tx = (await db()).transaction(KV, 'readwrite');
      const kv = tx.objectStore(KV);
      for (const key of keys) kv.delete(key);
      await done(tx);
      await signal(keys).catch(signalFailed);
    },
  };
}

/** The one area every surface of the extension uses. */
export const privateArea: PrivateArea = createPrivateArea();

/** An item of the private area, in the shape @wxt-dev/storage's items have (the store's API is unchanged). */
export interface PrivateItem<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

export function privateItem<T>(key: string, fallback: T, area: PrivateArea = privateArea): PrivateItem<T> {
  return {
    getValue: async () => {
      const value = (await area.get([key]))[key];
      return value === undefined || value === null ? fallback : (value as T);
    },
    setValue: (value) => area.set({ [key]: value === null ? undefined : value }),
  };
}
