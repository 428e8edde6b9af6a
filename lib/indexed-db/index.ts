/**
 * The extension's two IndexedDB databases (the key vault, `lib/vault/`, and the private area,
 * `private-area.ts`) are opened, read and written the same way: through these. IndexedDB
 * reports through events, sometimes with no error at all; every failure here becomes a
 * rejection, with the browser's error when it gives one and the database's own error when it
 * does not, so a caller never waits on an event that will not come.
 */

export interface DatabaseSpec {
  readonly name: string;
  readonly version: number;
  /** The object stores the first version creates. */
  readonly stores: readonly string[];
  /**
   * The error of a failure IndexedDB gives none for; it names whose database failed. Made by
   * the database's owner, so its message reads as an Error's (for logs, never shown).
   */
  readonly errors: { notOpened(): Error; writeFailed(): Error; writeAborted(): Error };
}

/** A request's result, or its error. */
export function requestResult<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** Settles when the transaction has committed (resolves) or will not (rejects: nothing of it is kept). */
export function committed(tx: IDBTransaction, errors: DatabaseSpec['errors']): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? errors.writeFailed());
    tx.onabort = () => reject(tx.error ?? errors.writeAborted());
  });
}

/**
 * Gives up a transaction: nothing of it is kept. A request that failed aborts its transaction
 * by itself once its error event has been dispatched, which can be before a caller awaiting
 * that request resumes: abort() would then throw an InvalidStateError in place of the error
 * worth reporting, and leave the transaction's own rejection unhandled.
 */
export function abandon(tx: IDBTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already finished: there is nothing left to undo.
  }
}

export function openDatabase(factory: IDBFactory, spec: DatabaseSpec): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = factory.open(spec.name, spec.version);
    // Version 1 is only ever upgraded from nothing; a version 2 must branch on event.oldVersion.
    open.onupgradeneeded = () => {
      for (const store of spec.stores) open.result.createObjectStore(store);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? spec.errors.notOpened());
  });
}

/**
 * One connection per factory, shared by every call that asks for it. A failed open is not
 * kept: the next call tries again (a worker may live for hours, and a database that would not
 * open once must not stay broken until it restarts). Tests swap the factory between cases;
 * a new one gets its own connection, and an earlier one's late failure does not drop it.
 */
export function sharedConnection<F>(open: (factory: F) => Promise<IDBDatabase>): (factory: F) => Promise<IDBDatabase> {
  let last: { factory: F; db: Promise<IDBDatabase> } | undefined;
  return (factory) => {
    if (last?.factory === factory) return last.db;
    const opened = { factory, db: open(factory) };
    last = opened;
    opened.db.catch(() => {
      if (last === opened) last = undefined;
    });
    return opened.db;
  };
}
