import { IDBFactory } from 'fake-indexeddb';

/**
 * A failure IndexedDB can report. `refuseWrite` and `recheckFails` go through the real engine
 * (a request fails: an error event, then the transaction aborts and rolls back, as a full disk
 * does); `read`, `open` and `abort` stand in for what the engine cannot be made to do (a value
 * that cannot be read back, a database that cannot be opened, a commit that fails on disk).
 * `error: null` is an IndexedDB that does not say why.
 *
 * `read` fails a read-only transaction's next read; `recheckFails` a read inside a read-write
 * transaction (the vault's re-check, the private area's "moved" mark); `abort` the next
 * read-write transaction, whose pending requests then fail with an AbortError, as in a browser.
 */
export type Fault =
  | { on: 'open'; error: DOMException | null }
  | { on: 'read'; error: DOMException | null }
  | { on: 'refuseWrite'; store: string }
  | { on: 'recheckFails' }
  | { on: 'abort'; error: DOMException | null };

/** A real (fake-indexeddb) database behind a factory that fails once, where and how a test says. */
export function faultyIndexedDB() {
  const real = new IDBFactory();
  const faults: Fault[] = [];
  let opens = 0;
  function take<K extends Fault['on']>(on: K, match: (f: Extract<Fault, { on: K }>) => boolean = () => true): Extract<Fault, { on: K }> | undefined {
    const i = faults.findIndex((f) => f.on === on && match(f as Extract<Fault, { on: K }>));
    return i < 0 ? undefined : (faults.splice(i, 1)[0] as Extract<Fault, { on: K }>);
  }
  /** A member of the real object; methods stay bound to it (fake-indexeddb checks `this`). */
  const forward = (t: object, p: PropertyKey): unknown => {
    const v: unknown = Reflect.get(t, p, t);
    return typeof v === 'function' ? v.bind(t) : v;
  };
  /** The real object, with some members replaced (`own`, read when asked for). */
  function around<T extends object>(target: T, own: Record<string, () => unknown>): T {
    return new Proxy(target, {
      get: (t, p) => (typeof p === 'string' && Object.hasOwn(own, p) ? own[p]!() : forward(t, p)),
      set: (t, p, v) => Reflect.set(t, p, v, t),
    });
  }
  /** A request that fails a tick after the caller has attached its handlers. */
  function failedRequest<T>(error: DOMException | null): IDBRequest<T> {
    const req = { result: undefined, error, onsuccess: null, onerror: null, onupgradeneeded: null, addEventListener: () => undefined } as unknown as IDBOpenDBRequest;
    setTimeout(() => req.onerror?.call(req, new Event('error')));
    return req as unknown as IDBRequest<T>;
  }
  /** A transaction the browser aborts at commit (nothing written), with this error or none. */
  function abortedTransaction(error: DOMException | null): IDBTransaction {
    const pending: IDBRequest[] = [];
    const request = (): IDBRequest => {
      const req = { result: undefined, error: null, onsuccess: null, onerror: null, addEventListener: () => undefined } as unknown as IDBRequest;
      pending.push(req);
      return req;
    };
    const store = { get: request, getKey: request, getAll: request, getAllKeys: request, put: request, add: request, delete: request };
    const tx = { error, objectStore: () => store, abort: () => undefined, oncomplete: null, onerror: null, onabort: null } as unknown as IDBTransaction;
    setTimeout(() => {
      for (const req of pending) {
        Object.assign(req, { error: new DOMException('The transaction was aborted.', 'AbortError') });
        req.onerror?.call(req, new Event('error'));
      }
      tx.onabort?.call(tx, new Event('abort'));
    });
    return tx;
  }
  /** Makes the transaction fail the way the engine does: a request that cannot be carried out. */
  function poison(store: IDBObjectStore): IDBRequest {
    store.put(0, '\u0000poison');
    return store.add(0, '\u0000poison');
  }
  function wrapStore(store: IDBObjectStore, mode: IDBTransactionMode): IDBObjectStore {
    if (mode === 'readonly') {
      const read = (op: 'get' | 'getAll') => (...args: unknown[]) => {
        const fault = take('read');
        return fault ? failedRequest(fault.error) : (store[op] as (...a: unknown[]) => IDBRequest)(...args);
      };
      return around(store, { get: () => read('get'), getAll: () => read('getAll') });
    }
    const write = (op: 'put' | 'add') => (value: unknown, key: IDBValidKey) => {
      const req = store[op](value, key);
      if (take('refuseWrite', (f) => f.store === store.name)) store.add(value, key);
      return req;
    };
    const recheck = (op: 'get' | 'getKey' | 'getAll' | 'getAllKeys') => (...args: unknown[]) =>
      take('recheckFails') ? poison(store) : (store[op] as (...a: unknown[]) => IDBRequest)(...args);
    return around(store, {
      put: () => write('put'),
      add: () => write('add'),
      get: () => recheck('get'),
      getKey: () => recheck('getKey'),
      getAll: () => recheck('getAll'),
      getAllKeys: () => recheck('getAllKeys'),
    });
  }
  function wrapDb(db: IDBDatabase): IDBDatabase {
    return around(db, {
      transaction: () => (names: string | string[], mode: IDBTransactionMode = 'readonly') => {
        const fault = mode === 'readwrite' ? take('abort') : undefined;
        if (fault) return abortedTransaction(fault.error);
        const tx = db.transaction(names, mode);
        return around(tx, { objectStore: () => (name: string) => wrapStore(tx.objectStore(name), mode) });
      },
    });
  }
  const factory = around(real, {
    open: () => (name: string, version?: number) => {
      opens++;
      const fault = take('open');
      if (fault) return failedRequest(fault.error);
      const open = real.open(name, version);
      let wrapped: IDBDatabase | undefined;
      return around(open, { result: () => (wrapped ??= wrapDb(open.result)) });
    },
  });
  return { factory, real, fail: (fault: Fault) => void faults.push(fault), pending: () => faults.length, opens: () => opens };
}
