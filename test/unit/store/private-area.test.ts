/**
 * Issue 29, finding 7: in Firefox a content script can read all of storage.local, and it held
 * every account name, region, task and failed item's record values. They are kept in the
 * extension's IndexedDB instead (lib/store/private-area.ts), in both browsers; storage.local
 * keeps what names nothing. Existing installs are moved once: copied first, removed after.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing';
import {
  accountPrefsItem,
  accountsItem,
  markUnseen,
  mutedItem,
  noticeGroupsItem,
  popupFocusItem,
  readAllTasks,
  readFailedItems,
  readUnseen,
  runtimeItem,
  settingsItem,
  untrackedItem,
  visitsItem,
  writeFailedItems,
  writePopupSnapshotParts,
  writeTasks,
  emptyRuntime,
  DEFAULT_SETTINGS,
  type StoredTask,
} from '../../../lib/store/index';
import { changeKind, createPrivateArea, isPrivateKey, privateArea, privateItem, type LocalArea } from '../../../lib/store/private-area';
import { changesStateView, POPUP_SNAPSHOT_SCHEMA } from '../../../lib/popup/snapshot';
import { restrictToTrustedContexts } from '../../../lib/store/access-level';
import { privateDump } from '../support/private-area';

beforeEach(() => fakeBrowser.reset());

const NAME = 'Prod-account-NAME-7f3';
const REGION = 'cn-north-4';
const TASK_ID = 'TASKID-5521';
const RECORD = 'RECORDVALUE-203.0.113.9';
const task: StoredTask = { key: `acc-1:dns:${TASK_ID}`, provider: 'huawei', accountId: 'acc-1', kind: 'dns', providerTaskId: TASK_ID, label: `Import ${TASK_ID}`, status: 'partial', failed: 1, firstSeenAt: 1 };
const account = { id: 'acc-1', provider: 'huawei', name: NAME, settings: { region: REGION } };
const local = (): LocalArea => fakeBrowser.storage.local as unknown as LocalArea;
const localDump = async (): Promise<string> => JSON.stringify(await fakeBrowser.storage.local.get(null));

describe('what a content script could read (storage.local) holds no account, task or failed item', () => {
  it('after the store has kept an account, its state, a task, its failed items, unseen failures and the popup snapshot', async () => {
    await accountsItem.setValue([account]);
    await runtimeItem.setValue({ 'acc-1': { ...emptyRuntime(), memo: { project: REGION } } });
    await accountPrefsItem.setValue({ 'acc-1': { keyIdHint: 'AKID…XY' } });
    await writeTasks([task]);
    await writeFailedItems(task.key, [{ item: `www ${RECORD}`, message: 'conflict', fields: { value: RECORD } }]);
    await markUnseen([task.key]);
    await mutedItem.setValue([task.key]);
    await noticeGroupsItem.setValue({ g: [task.key] });
    await popupFocusItem.setValue({ taskKeys: [task.key], at: 1 });
    await visitsItem.setValue({ [`huawei:${TASK_ID}`]: 1 });
    await untrackedItem.setValue({ 'console.huaweicloud.com': { count: 1, lastAt: 1 } });
    await writePopupSnapshotParts({
      tasks: { schema: POPUP_SNAPSHOT_SCHEMA, lang: 'en', view: { tasks: [] , taskCount: 1 } },
      status: { schema: POPUP_SNAPSHOT_SCHEMA, lang: 'en', view: { accounts: [{ name: NAME }] } as never },
    });
    await settingsItem.setValue(DEFAULT_SETTINGS);

    const exposed = await localDump();
    for (const secret of [NAME, REGION, TASK_ID, RECORD, 'acc-1', 'AKID', 'huaweicloud']) expect(exposed).not.toContain(secret);
    // What stays in storage.local names nothing: settings, and which kinds of thing changed.
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => !key.startsWith('changed:'))).toEqual(expect.arrayContaining(['settings']));
    for (const key of Object.keys(await fakeBrowser.storage.local.get(null))) expect(isPrivateKey(key), key).toBe(false);

    // And the extension reads it all back.
    expect(await accountsItem.getValue()).toEqual([account]);
    expect(Object.keys(await readAllTasks())).toEqual([task.key]);
    expect(await readFailedItems(task.key)).toHaveLength(1);
    expect(await readUnseen()).toEqual([task.key]);
    const stored = JSON.stringify(await privateDump());
    for (const secret of [NAME, TASK_ID, RECORD]) expect(stored).toContain(secret);
  });

  it('a change is signalled in storage.local by its kind alone, so the popup and options still follow it', async () => {
    await writeTasks([task]);
    await writeFailedItems(task.key, [{ item: RECORD, message: 'm' }]);
    const signals = Object.keys(await fakeBrowser.storage.local.get(null));
    expect(signals.sort()).toEqual(['changed:failed:', 'changed:failedIndex', 'changed:task:', 'changed:taskIndex:']);
    expect(changesStateView(['changed:task:'])).toBe(true);
    expect(changesStateView(['changed:accounts'])).toBe(true);
    expect(changesStateView(['changed:failed:', 'changed:failedIndex', 'changed:popupSnapshot', 'changed:popupStatus'])).toBe(false);
    expect([changeKind('task:a:b:c'), changeKind('accounts'), changeKind(':x')]).toEqual(['task:', 'accounts', ':']);
  });

  it('each write signals a new value (storage.onChanged fires only on a change)', async () => {
    let n = 0;
    const area = createPrivateArea({ indexedDB: () => globalThis.indexedDB, local, random: () => ++n });
    await area.set({ accounts: [] });
    await area.set({ accounts: [account] });
    expect(await fakeBrowser.storage.local.get('changed:accounts')).toEqual({ 'changed:accounts': 2 });
    await area.remove(['accounts']);
    expect(await fakeBrowser.storage.local.get('changed:accounts')).toEqual({ 'changed:accounts': 3 });
    expect(await area.get(['accounts'])).toEqual({});
  });

  it('a failed signal is said, without data, and the write stands', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const area = createPrivateArea({ indexedDB: () => globalThis.indexedDB, local: () => ({ ...local(), get: local().get, remove: local().remove, set: () => Promise.reject(new Error('quota')) }) });
    await area.set({ accounts: [account] });
    expect(await area.get(['accounts'])).toEqual({ accounts: [account] });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('change signal could not be written'));
    expect(JSON.stringify(warn.mock.calls)).not.toContain(NAME);
  });

  it('an item reads its fallback when absent or null, and null removes it', async () => {
    const item = privateItem<string[] | null>('muted', ['fallback']);
    expect(await item.getValue()).toEqual(['fallback']);
    await item.setValue(['k']);
    expect(await item.getValue()).toEqual(['k']);
    await item.setValue(null);
    expect(Object.keys(await privateDump())).toEqual([]);
    expect(await item.getValue()).toEqual(['fallback']);
    expect(Object.keys(await privateArea.get(['muted', 'absent']))).toEqual([]);
  });

  it('opens its database once per factory and moves once; an empty read or write opens nothing', async () => {
    const get = vi.fn(local().get);
    const area = createPrivateArea({ indexedDB: () => globalThis.indexedDB, local: () => ({ ...local(), set: local().set, remove: local().remove, get }) });
    await area.get(['accounts']);
    await area.set({ accounts: [] });
    await area.get(['accounts']);
    expect(get).toHaveBeenCalledTimes(1);
    const broken = { open: () => { throw new Error('no IndexedDB'); } } as unknown as IDBFactory;
    const idle = createPrivateArea({ indexedDB: () => broken, local });
    const before = await fakeBrowser.storage.local.get(null);
    expect(await idle.get([])).toEqual({});
    await idle.set({});
    await idle.remove([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
    await expect(idle.get(['accounts'])).rejects.toThrow('no IndexedDB');
  });

  it('a write is all or none: a value that cannot be stored keeps the others of that write out too', async () => {
    const area = createPrivateArea({ indexedDB: () => globalThis.indexedDB, local });
    await area.set({ accounts: [account] });
    await expect(area.set({ accounts: [], runtime: { f: () => 1 } })).rejects.toThrow();
    expect(await area.get(['accounts', 'runtime'])).toEqual({ accounts: [account] });
  });

  it('a stored null reads as absent, and an item\'s fallback', async () => {
    const factory = new IDBFactory();
    const area = createPrivateArea({ indexedDB: () => factory, local });
    await area.get(['-']);
    const db = await new Promise<IDBDatabase>((resolve) => {
      const open = factory.open('batchwatch-store');
      open.onsuccess = () => resolve(open.result);
    });
    await new Promise<void>((resolve) => {
      const tx = db.transaction('kv', 'readwrite');
      tx.objectStore('kv').put(null, 'muted');
      tx.oncomplete = () => resolve();
    });
    db.close();
    expect(await privateItem<string[]>('muted', ['fallback'], area).getValue()).toEqual(['fallback']);
  });
});

/** The keys the private area's database holds, read as another realm would (without moving anything). */
async function storedKeys(factory: IDBFactory): Promise<IDBValidKey[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = factory.open('batchwatch-store');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
    const req = db.transaction('kv').objectStore('kv').getAllKeys();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  db.close();
  return keys;
}

describe('an existing install is moved once: copied first, removed after', () => {
  const v1 = {
    accounts: [account],
    accounts$: { v: 1 },
    runtime: { 'acc-1': emptyRuntime() },
    [`task:${task.key}`]: task,
    'taskIndex:07': { [task.key]: 1 },
    activeTasks: [task.key],
    [`failed:${task.key}`]: [{ item: RECORD, message: 'm' }],
    failedIndex: [task.key],
    failedIndex$: { v: 1 },
    popupSnapshot: { schema: 2, lang: 'en', view: { tasks: [] } },
    settings: DEFAULT_SETTINGS,
    lease: { owner: 'x', expiresAt: 1 },
  };
  const privateKeys = Object.keys(v1).filter((key) => key !== 'settings' && key !== 'lease');

  it('reads the old keys from storage.local, keeps them here, and leaves storage.local what names nothing', async () => {
    await fakeBrowser.storage.local.set(v1);
    expect(await accountsItem.getValue()).toEqual([account]);
    expect((await readAllTasks())[task.key]?.providerTaskId).toBe(TASK_ID);
    expect(await readFailedItems(task.key)).toEqual([{ item: RECORD, message: 'm' }]);
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['lease', 'settings']);
    expect(Object.keys(await privateDump()).sort()).toEqual(privateKeys.filter((key) => !key.endsWith('$')).sort());
  });

  it('removes nothing from storage.local before the copy is committed in IndexedDB', async () => {
    await fakeBrowser.storage.local.set(v1);
    const factory = new IDBFactory();
    let copiedWhenRemoved: unknown;
    const area = createPrivateArea({
      indexedDB: () => factory,
      local: () => ({
        ...local(),
        get: local().get,
        set: local().set,
        remove: async (keys) => {
          // What another realm (the popup) finds in IndexedDB at the moment of the removal.
          copiedWhenRemoved = await createPrivateArea({ indexedDB: () => factory, local: () => ({ get: async () => ({}), set: async () => undefined, remove: async () => undefined }) }).get(['accounts', `failed:${task.key}`]);
          await local().remove(keys);
        },
      }),
    });
    await area.get(['accounts']);
    expect(copiedWhenRemoved).toEqual({ accounts: [account], [`failed:${task.key}`]: [{ item: RECORD, message: 'm' }] });
  });

  it('a move interrupted before its removal keeps every task; the next worker removes the stale copies without copying them over newer values', async () => {
    await fakeBrowser.storage.local.set(v1);
    const factory = new IDBFactory();
    const killed = vi.fn().mockRejectedValueOnce(new Error('worker killed'));
    const first = createPrivateArea({ indexedDB: () => factory, local: () => ({ ...local(), get: local().get, set: local().set, remove: killed }) });
    await expect(first.get(['accounts'])).rejects.toThrow('worker killed');
    // storage.local still has everything; IndexedDB has it too.
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(expect.arrayContaining(privateKeys));
    const second = createPrivateArea({ indexedDB: () => factory, local });
    expect(await second.get(['accounts'])).toEqual({ accounts: [account] });
    await second.set({ accounts: [{ ...account, name: 'Renamed' }] });
    // A planted (or stale) value reappearing in storage.local is removed, never copied.
    await fakeBrowser.storage.local.set({ accounts: [{ ...account, name: 'Stale' }] });
    const third = createPrivateArea({ indexedDB: () => factory, local });
    expect(await third.get(['accounts'])).toEqual({ accounts: [{ ...account, name: 'Renamed' }] });
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).filter((key) => isPrivateKey(key))).toEqual([]);
  });

  it('a move that cannot be copied loses nothing: storage.local stays whole and the next try moves it', async () => {
    await fakeBrowser.storage.local.set(v1);
    const factory = new IDBFactory();
    const uncloneable = createPrivateArea({
      indexedDB: () => factory,
      local: () => ({ ...local(), set: local().set, remove: local().remove, get: async () => ({ ...v1, runtime: { f: () => 1 } }) }),
    });
    await expect(uncloneable.get(['accounts'])).rejects.toThrow();
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(expect.arrayContaining(privateKeys));
    // Not even the values before the one that failed: copy and mark commit together, or not at all.
    expect(await storedKeys(factory)).toEqual([]);
    const next = createPrivateArea({ indexedDB: () => factory, local });
    expect(await next.get(['accounts', 'runtime'])).toEqual({ accounts: [account], runtime: { 'acc-1': emptyRuntime() } });
  });

  it('a database that will not open is tried again at the next use, and storage.local is left alone meanwhile', async () => {
    await fakeBrowser.storage.local.set(v1);
    const factory = new IDBFactory();
    let fail = true;
    const flaky = {
      open: (name: string, version?: number) => {
        if (!fail) return factory.open(name, version);
        fail = false;
        throw new DOMException('IndexedDB is not available', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    const area = createPrivateArea({ indexedDB: () => flaky, local });
    await expect(area.get(['accounts'])).rejects.toBeDefined();
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(expect.arrayContaining(privateKeys));
    expect(await area.get(['accounts'])).toEqual({ accounts: [account] });
  });

  it('asks storage.local to remove nothing when it holds nothing to move', async () => {
    await fakeBrowser.storage.local.set({ settings: DEFAULT_SETTINGS });
    const remove = vi.fn(local().remove);
    const area = createPrivateArea({ indexedDB: () => new IDBFactory(), local: () => ({ ...local(), get: local().get, set: local().set, remove }) });
    await area.get(['accounts']);
    expect(remove).not.toHaveBeenCalled();
  });

  it('knows which storage.local keys are private, their version companions included', () => {
    for (const key of ['accounts', 'accounts$', 'runtime', 'task:a:b:c', 'taskIndex:00', 'failed:a:b:c', 'popupSnapshot', 'popupStatus', 'unseenFailures', 'muted', 'tasks', 'notified$'])
      expect(isPrivateKey(key), key).toBe(true);
    for (const key of ['settings', 'settings$', 'lease', 'lastCycleAt', 'panelCollapsed', 'historyCheckedAt', 'changed:task:', 'taskish', 'failedIndexes'])
      expect(isPrivateKey(key), key).toBe(false);
  });
});

describe('Chrome closes storage to content scripts; a refusal is said, not swallowed', () => {
  it('asks every area for TRUSTED_CONTEXTS and warns, without data, about one that refuses', async () => {
    const warn = vi.fn();
    const session = { setAccessLevel: vi.fn().mockResolvedValue(undefined) };
    const localArea = { setAccessLevel: vi.fn().mockRejectedValue(new Error(`refused ${NAME}`)) };
    await restrictToTrustedContexts({ session, local: localArea }, warn);
    expect(session.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    expect(localArea.setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toContain('storage.local');
    expect(JSON.stringify(warn.mock.calls)).not.toContain(NAME);
  });

  it('says nothing where the call succeeds or does not exist (Firefox)', async () => {
    const warn = vi.fn();
    await restrictToTrustedContexts({ session: {}, local: { setAccessLevel: async () => undefined } }, warn);
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns on the console by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await restrictToTrustedContexts({ local: { setAccessLevel: () => Promise.reject(new Error('no')) } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('setAccessLevel failed'));
  });
});
