/**
 * lib/indexed-db: how the key vault and the private area open, read and write their
 * databases. IndexedDB speaks in events, sometimes without an error; every outcome here is a
 * settled promise with the browser's error or the database's own error, never a wait.
 */
import { describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { abandon, committed, openDatabase, requestResult, sharedConnection, type DatabaseSpec } from '../../../lib/indexed-db';
import { faultyIndexedDB } from '../support/faulty-indexeddb';

const SPEC: DatabaseSpec = {
  name: 'test-db',
  version: 1,
  stores: ['one', 'two'],
  errors: {
    notOpened: () => new Error('The test database could not be opened'),
    writeFailed: () => new Error('test write failed'),
    writeAborted: () => new Error('test write aborted'),
  },
};

const put = async (db: IDBDatabase, store: string, value: unknown, key: string): Promise<void> => {
  const tx = db.transaction(store, 'readwrite');
  tx.objectStore(store).put(value, key);
  await committed(tx, SPEC.errors);
};
const get = (db: IDBDatabase, store: string, key: string): Promise<unknown> => requestResult(db.transaction(store).objectStore(store).get(key));

describe('opening a database', () => {
  it('creates each store of the first version, and a later open finds what was kept', async () => {
    const factory = new IDBFactory();
    const first = await openDatabase(factory, SPEC);
    expect([...first.objectStoreNames]).toEqual(['one', 'two']);
    await put(first, 'two', 'kept', 'k');
    first.close();
    const again = await openDatabase(factory, SPEC);
    expect(await get(again, 'two', 'k')).toBe('kept');
    again.close();
  });

  it('rejects with the browser\'s error, or the database\'s own error when IndexedDB gives none', async () => {
    const idb = faultyIndexedDB();
    const denied = new DOMException('The user denied permission to access the database.', 'UnknownError');
    idb.fail({ on: 'open', error: denied });
    await expect(openDatabase(idb.factory, SPEC)).rejects.toBe(denied);
    idb.fail({ on: 'open', error: null });
    await expect(openDatabase(idb.factory, SPEC)).rejects.toThrow('The test database could not be opened');
  });
});

describe('a request', () => {
  it('gives its result, or its error, or says an IndexedDB request failed when there is none', async () => {
    const idb = faultyIndexedDB();
    const db = await openDatabase(idb.factory, SPEC);
    await put(db, 'one', { a: 1 }, 'k');
    expect(await get(db, 'one', 'k')).toEqual({ a: 1 });
    const unreadable = new DOMException('Failed to read large IndexedDB value', 'UnknownError');
    idb.fail({ on: 'read', error: unreadable });
    await expect(get(db, 'one', 'k')).rejects.toBe(unreadable);
    idb.fail({ on: 'read', error: null });
    await expect(get(db, 'one', 'k')).rejects.toThrow('IndexedDB request failed');
  });
});

describe('a transaction', () => {
  it('resolves once committed', async () => {
    const db = await openDatabase(new IDBFactory(), SPEC);
    await put(db, 'one', 1, 'k');
    expect(await get(db, 'one', 'k')).toBe(1);
  });

  it('a request IndexedDB refuses fails the write with the database\'s own error, and keeps none of it', async () => {
    const idb = faultyIndexedDB();
    const db = await openDatabase(idb.factory, SPEC);
    const tx = db.transaction('one', 'readwrite');
    const done = committed(tx, SPEC.errors);
    tx.objectStore('one').put('lost', 'a');
    tx.objectStore('one').add('first', 'b');
    tx.objectStore('one').add('twice', 'b');
    const err = await done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('test write failed');
    expect([await get(db, 'one', 'a'), await get(db, 'one', 'b')]).toEqual([undefined, undefined]);
  });

  it('an abort rejects with the browser\'s error, or the database\'s own error when it gives none', async () => {
    const idb = faultyIndexedDB();
    const db = await openDatabase(idb.factory, SPEC);
    const full = new DOMException('The disk is full.', 'QuotaExceededError');
    idb.fail({ on: 'abort', error: full });
    await expect(committed(db.transaction('one', 'readwrite'), SPEC.errors)).rejects.toBe(full);
    // Aborted with no request pending (one that is pending fails first, and says "write failed").
    const given = db.transaction('one', 'readwrite');
    const done = committed(given, SPEC.errors);
    given.abort();
    await expect(done).rejects.toThrow('test write aborted');
  });

  it('abandoned, keeps nothing of it', async () => {
    const db = await openDatabase(new IDBFactory(), SPEC);
    const tx = db.transaction('one', 'readwrite');
    const done = committed(tx, SPEC.errors);
    tx.objectStore('one').put(1, 'k');
    abandon(tx);
    await expect(done).rejects.toThrow();
    expect(await get(db, 'one', 'k')).toBeUndefined();
  });

  it('abandoning one a failed request has aborted already does not throw in place of that request\'s error', async () => {
    const db = await openDatabase(new IDBFactory(), SPEC);
    const tx = db.transaction('one', 'readwrite');
    const done = committed(tx, SPEC.errors).catch((e: unknown) => e);
    const store = tx.objectStore('one');
    store.add(1, 'k');
    await expect(requestResult(store.add(2, 'k'))).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(() => abandon(tx)).not.toThrow();
    expect(await done).toBeInstanceOf(Error);
    expect(await get(db, 'one', 'k')).toBeUndefined();
  });
});

describe('one shared connection', () => {
  it('is opened once per factory, whatever the number of callers', async () => {
    const idb = faultyIndexedDB();
    const connection = sharedConnection((f: IDBFactory) => openDatabase(f, SPEC));
    const [a, b] = await Promise.all([connection(idb.factory), connection(idb.factory)]);
    expect(a).toBe(b);
    expect(await connection(idb.factory)).toBe(a);
    expect(idb.opens()).toBe(1);
  });

  it('a failed open is not kept: the next call opens again, and is answered', async () => {
    const idb = faultyIndexedDB();
    const connection = sharedConnection((f: IDBFactory) => openDatabase(f, SPEC));
    idb.fail({ on: 'open', error: null });
    await expect(connection(idb.factory)).rejects.toThrow('could not be opened');
    const db = await connection(idb.factory);
    await put(db, 'one', 1, 'k');
    expect(idb.opens()).toBe(2);
  });

  it('a new factory gets its own connection, which an earlier factory\'s late failure does not drop', async () => {
    let failEarlier: (err: Error) => void = () => undefined;
    const earlier = new Promise<IDBDatabase>((_, reject) => (failEarlier = reject));
    const later = new IDBFactory();
    const open = vi.fn((f: IDBFactory | 'earlier') => (f === 'earlier' ? earlier : openDatabase(f, SPEC)));
    const connection = sharedConnection(open);
    const pending = connection('earlier');
    const current = await connection(later);
    failEarlier(new Error('too late'));
    await expect(pending).rejects.toThrow('too late');
    expect(await connection(later)).toBe(current);
    expect(open).toHaveBeenCalledTimes(2);
  });
});
