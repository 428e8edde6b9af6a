/**
 * IndexedDB failing under the private area (issue 29, finding 7): accounts, tasks and failed
 * items live there now, so a failure must be a clear rejection, never a hang; nothing stored
 * is lost; the pages are told of a change only when it landed; and the move from
 * storage.local is never half-done.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createPrivateArea, type LocalArea } from '../../../lib/store/private-area';
import { faultyIndexedDB } from '../support/faulty-indexeddb';

beforeEach(() => fakeBrowser.reset());

const local = (): LocalArea => fakeBrowser.storage.local as unknown as LocalArea;
const localNow = (): Promise<Record<string, unknown>> => fakeBrowser.storage.local.get(null);
const account = { id: 'acc-1', provider: 'huawei', name: 'Prod', settings: { region: 'cn-north-4' } };
/** An install from before finding 7: its accounts and a task still in storage.local. */
const older = { accounts: [account], 'task:acc-1:dns:T1': { providerTaskId: 'T1' }, settings: { intervalMinutes: 1 } };

describe('a store that cannot be opened', () => {
  it('rejects with the browser\'s error, or says the extension store could not be opened when IndexedDB gives none', async () => {
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    const refused = new DOMException('The user denied permission to access the database.', 'UnknownError');
    idb.fail({ on: 'open', error: refused });
    await expect(area.get(['accounts'])).rejects.toBe(refused);
    idb.fail({ on: 'open', error: null });
    await expect(area.set({ accounts: [account] })).rejects.toThrow('The extension store could not be opened');
    expect(await localNow()).toEqual({});
  });

  it('leaves an older install\'s storage.local whole, and moves it at the next use', async () => {
    await fakeBrowser.storage.local.set(older);
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    idb.fail({ on: 'open', error: null });
    await expect(area.get(['accounts'])).rejects.toThrow();
    expect(await localNow()).toEqual(older);
    expect(await area.get(['accounts', 'task:acc-1:dns:T1'])).toEqual({ accounts: [account], 'task:acc-1:dns:T1': { providerTaskId: 'T1' } });
    expect(await localNow()).toEqual({ settings: older.settings });
  });
});

describe('a read IndexedDB fails', () => {
  it('rejects with its error, or says an IndexedDB request failed, and the next read finds the value', async () => {
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    await area.set({ accounts: [account] });
    const unreadable = new DOMException('Failed to read large IndexedDB value', 'UnknownError');
    idb.fail({ on: 'read', error: unreadable });
    await expect(area.get(['accounts'])).rejects.toBe(unreadable);
    idb.fail({ on: 'read', error: null });
    await expect(area.get(['accounts'])).rejects.toThrow('IndexedDB request failed');
    expect(await area.get(['accounts'])).toEqual({ accounts: [account] });
  });
});

describe('a write IndexedDB does not commit keeps what was stored, and tells no page of a change', () => {
  it('a write IndexedDB refuses rejects with "store write failed", keeps the previous value and signals nothing', async () => {
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    await area.set({ accounts: [account] });
    const signalled = await localNow();
    idb.fail({ on: 'refuseWrite', store: 'kv' });
    const err = await area.set({ accounts: [], runtime: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('store write failed');
    expect(await area.get(['accounts', 'runtime'])).toEqual({ accounts: [account] });
    expect(await localNow()).toEqual(signalled);
  });

  it('a write the browser aborts at commit rejects with its error, or says the store write was aborted, and the value stays', async () => {
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    await area.set({ accounts: [account] });
    const signalled = await localNow();
    const full = new DOMException('The disk is full.', 'QuotaExceededError');
    idb.fail({ on: 'abort', error: full });
    await expect(area.set({ accounts: [] })).rejects.toBe(full);
    idb.fail({ on: 'abort', error: null });
    await expect(area.set({ accounts: [] })).rejects.toThrow('store write aborted');
    expect(await area.get(['accounts'])).toEqual({ accounts: [account] });
    expect(await localNow()).toEqual(signalled);
  });

  it('a removal the browser aborts rejects, and the value is still there', async () => {
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    await area.set({ accounts: [account] });
    const signalled = await localNow();
    idb.fail({ on: 'abort', error: null });
    await expect(area.remove(['accounts'])).rejects.toThrow('store write aborted');
    expect(await area.get(['accounts'])).toEqual({ accounts: [account] });
    expect(await localNow()).toEqual(signalled);
  });
});

describe('the move from storage.local is never half-done', () => {
  it('a move whose transaction the browser aborts rejects, leaves storage.local whole, and the next use moves everything', async () => {
    await fakeBrowser.storage.local.set(older);
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    idb.fail({ on: 'abort', error: new DOMException('The disk is full.', 'QuotaExceededError') });
    await expect(area.get(['accounts'])).rejects.toMatchObject({ name: 'AbortError' });
    expect(await localNow()).toEqual(older);
    expect(await area.get(['accounts'])).toEqual({ accounts: [account] });
    expect(await localNow()).toEqual({ settings: older.settings });
  });

  it('a move whose check for the "moved" mark IndexedDB cannot read rejects with that error, copies nothing and removes nothing', async () => {
    await fakeBrowser.storage.local.set(older);
    const idb = faultyIndexedDB();
    const area = createPrivateArea({ indexedDB: () => idb.factory, local });
    idb.fail({ on: 'recheckFails' });
    // The failed request's own error (the fault's: a key added twice), not an InvalidStateError from aborting it again.
    await expect(area.get(['accounts'])).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await localNow()).toEqual(older);
    // Nothing of the failed attempt was committed: the next one copies (no mark stopped it).
    expect(await area.get(['accounts', 'task:acc-1:dns:T1'])).toEqual({ accounts: [account], 'task:acc-1:dns:T1': { providerTaskId: 'T1' } });
    expect(await localNow()).toEqual({ settings: older.settings });
  });
});
