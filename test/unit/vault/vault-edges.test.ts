import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { IDBFactory } from 'fake-indexeddb';
import { handlePageRequest } from '../../../lib/engine/service';
import { createVault, DEFAULT_MAX_UNLOCKED_MS, MIN_PASSPHRASE_LENGTH, memorySession, SecretUnreadableError, WeakPassphraseError, WrongPassphraseError } from '../../../lib/vault/index';
import { engineDeps, fakeProvider } from '../support/fakes';
import { corruptSecret, racingContexts } from '../support/vault';
import { faultyIndexedDB } from '../support/faulty-indexeddb';

beforeEach(() => fakeBrowser.reset());

const PASSPHRASE = 'correct horse battery';

/** Opens the vault's database directly, as another part of the browser would see it. */
function rawDb(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = factory.open('batchwatch-vault');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

/** Every key and value of one of the vault's stores. */
async function rawStore(factory: IDBFactory, name: 'keys' | 'secrets'): Promise<Map<string, unknown>> {
  const db = await rawDb(factory);
  const store = db.transaction(name).objectStore(name);
  const keysReq = store.getAllKeys();
  const values = await new Promise<unknown[]>((resolve, reject) => {
    const req = store.getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  db.close();
  return new Map((keysReq.result as string[]).map((k, i) => [k, values[i]]));
}

/** A crypto that records every key the vault makes (and how often it generates one). */
function recordingCrypto() {
  const keys: CryptoKey[] = [];
  let generated = 0;
  const subtle = crypto.subtle;
  const record = async (made: Promise<CryptoKey | CryptoKeyPair>) => {
    const key = await made;
    keys.push(key as CryptoKey);
    return key;
  };
  const recording = new Proxy(subtle, {
    get(t, p) {
      if (p === 'generateKey') return (...a: Parameters<SubtleCrypto['generateKey']>) => (generated++, record(t.generateKey(...a) as Promise<CryptoKey>));
      if (p === 'importKey') return (...a: Parameters<SubtleCrypto['importKey']>) => record(t.importKey(...a));
      if (p === 'deriveKey') return (...a: Parameters<SubtleCrypto['deriveKey']>) => record(t.deriveKey(...a));
      const v = Reflect.get(t, p, t);
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
  const api = { subtle: recording, getRandomValues: <T extends ArrayBufferView>(a: T) => crypto.getRandomValues(a) } as unknown as Crypto;
  return { crypto: api, keys, generated: () => generated };
}

describe('IndexedDB failing under the vault: a clear rejection, never a hang, nothing lost', () => {
  it('a database that cannot be opened rejects with the browser\'s error, or the vault\'s own words when it gives none', async () => {
    const idb = faultyIndexedDB();
    const refused = new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    idb.fail({ on: 'open', error: refused });
    await expect(createVault({ indexedDB: idb.factory }).get('a')).rejects.toBe(refused);
    idb.fail({ on: 'open', error: null });
    const silent = createVault({ indexedDB: idb.factory });
    await expect(silent.get('a')).rejects.toThrow('The key vault could not be opened');
    idb.fail({ on: 'open', error: null });
    expect(await silent.isLocked()).toBe(true);
  });

  it('a database that could not be opened once is opened again on the next call: the vault is not broken until the worker restarts', async () => {
    const idb = faultyIndexedDB();
    const vault = createVault({ indexedDB: idb.factory });
    idb.fail({ on: 'open', error: null });
    await expect(vault.set('a', { k: 'v' })).rejects.toThrow('The key vault could not be opened');
    await vault.set('a', { k: 'v' });
    expect(await vault.get('a')).toEqual({ k: 'v' });
    expect(await vault.isLocked()).toBe(false);
  });

  it('a read IndexedDB fails rejects with its error (or the vault\'s own words), and the next read works', async () => {
    const idb = faultyIndexedDB();
    const vault = createVault({ indexedDB: idb.factory });
    await vault.set('a', { k: 'v' });
    const unreadable = new DOMException('Failed to read large IndexedDB value', 'UnknownError');
    idb.fail({ on: 'read', error: unreadable });
    await expect(vault.get('a')).rejects.toBe(unreadable);
    idb.fail({ on: 'read', error: null });
    await expect(vault.get('a')).rejects.toThrow('IndexedDB request failed');
    expect(await vault.get('a')).toEqual({ k: 'v' });
  });

  it('a save IndexedDB refuses rejects at once with "vault write failed", is not retried, and keeps the previous secret', async () => {
    const idb = faultyIndexedDB();
    let writes = 0;
    const vault = createVault({ indexedDB: idb.factory, beforeWrite: () => void writes++ });
    await vault.set('a', { k: 'before' });
    writes = 0;
    idb.fail({ on: 'refuseWrite', store: 'secrets' });
    const err = await vault.set('a', { k: 'after' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('vault write failed');
    expect(writes).toBe(1);
    expect(await vault.get('a')).toEqual({ k: 'before' });
  });

  it('a re-encryption whose re-check IndexedDB cannot read fails at once and changes nothing', async () => {
    const idb = faultyIndexedDB();
    let commits = 0;
    const vault = createVault({ indexedDB: idb.factory, session: memorySession(), iterations: 1_000, beforeCommit: () => void commits++ });
    await vault.set('a', { k: 'v' });
    idb.fail({ on: 'recheckFails' });
    await expect(vault.enablePassphrase(PASSPHRASE)).rejects.toThrow('vault write failed');
    expect(commits).toBe(1);
    expect(idb.pending()).toBe(0);
    expect(await vault.mode()).toBe('device');
    expect(await vault.get('a')).toEqual({ k: 'v' });
    await vault.enablePassphrase(PASSPHRASE);
    expect(await vault.mode()).toBe('passphrase');
  });

  it('a write the browser aborts at commit rejects with the browser\'s error, or "vault write aborted" when it gives none', async () => {
    const idb = faultyIndexedDB();
    const vault = createVault({ indexedDB: idb.factory });
    await vault.set('a', { k: 'v' });
    const full = new DOMException('The disk is full.', 'QuotaExceededError');
    idb.fail({ on: 'abort', error: full });
    await expect(vault.delete('a')).rejects.toBe(full);
    idb.fail({ on: 'abort', error: null });
    await expect(vault.delete('a')).rejects.toThrow('vault write aborted');
    expect(await vault.get('a')).toEqual({ k: 'v' });
  });
});

describe('the device key: made once per profile, shared by every context', () => {
  it('a second context, or the next worker, uses the stored key and makes none', async () => {
    const factory = new IDBFactory();
    const first = recordingCrypto();
    await createVault({ indexedDB: factory, crypto: first.crypto }).set('a', { k: 'v' });
    expect(first.generated()).toBe(1);
    const second = recordingCrypto();
    const next = createVault({ indexedDB: factory, crypto: second.crypto });
    expect(await next.get('a')).toEqual({ k: 'v' });
    await next.set('b', { k: 'w' });
    expect(second.generated()).toBe(0);
  });

  it('when its key cannot be stored and no other context stored one, it says so, and the next save tries again', async () => {
    const idb = faultyIndexedDB();
    const vault = createVault({ indexedDB: idb.factory });
    idb.fail({ on: 'refuseWrite', store: 'keys' });
    await expect(vault.set('a', { k: 'v' })).rejects.toThrow('The key vault could not create its key');
    expect(await rawStore(idb.real, 'keys')).toEqual(new Map());
    await vault.set('a', { k: 'v' });
    expect(await vault.get('a')).toEqual({ k: 'v' });
    expect(await createVault({ indexedDB: idb.real }).get('a')).toEqual({ k: 'v' });
  });

  it('no key the vault uses can be exported: the device key, the passphrase key and the data key', async () => {
    const recording = recordingCrypto();
    const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000, crypto: recording.crypto });
    await vault.set('a', { k: 'v' });
    await vault.enablePassphrase(PASSPHRASE);
    await vault.lock();
    await vault.unlock(PASSPHRASE);
    expect(await vault.get('a')).toEqual({ k: 'v' });
    await vault.changePassphrase(PASSPHRASE, 'another passphrase');
    await vault.disablePassphrase('another passphrase');
    const kinds = new Set(recording.keys.map((k) => k.algorithm.name));
    expect(kinds).toEqual(new Set(['AES-GCM', 'PBKDF2']));
    expect(recording.keys.length).toBeGreaterThan(5);
    for (const key of recording.keys) expect(key.extractable).toBe(false);
  });
});

describe('the unlocked session: only a well-formed, current entry counts', () => {
  const make = (over: Parameters<typeof createVault>[0] = {}) => {
    const session = memorySession();
    let clock = 1_000_000;
    const vault = createVault({ indexedDB: new IDBFactory(), session, iterations: 1_000, now: () => clock, idleLockMs: 60_000, ...over });
    return { vault, session, advance: (ms: number) => (clock += ms) };
  };

  it('an entry whose times are text (even text of the right numbers) is refused and removed', async () => {
    const { vault, session } = make();
    await vault.enablePassphrase(PASSPHRASE);
    const good = (await session.get('vault:unlocked'))['vault:unlocked'] as { unlockedAt: number; lastActive: number };
    for (const bad of [{ ...good, unlockedAt: String(good.unlockedAt) }, { ...good, lastActive: String(good.lastActive) }]) {
      await session.set({ 'vault:unlocked': bad });
      expect(await vault.isLocked()).toBe(true);
      expect(await session.get('vault:unlocked')).toEqual({});
    }
  });

  it('activity on a locked vault leaves nothing in session storage', async () => {
    const { vault, session, advance } = make();
    await vault.enablePassphrase(PASSPHRASE);
    advance(60_001);
    await vault.noteUserActivity();
    expect(await session.get('vault:unlocked')).toEqual({});
    await vault.lock();
    await vault.noteUserActivity();
    expect(await session.get('vault:unlocked')).toEqual({});
    expect(await vault.isLocked()).toBe(true);
  });

  it('a maximum unlocked time that is not a positive finite number means the 12-hour default', async () => {
    for (const nonsense of [Number.POSITIVE_INFINITY, undefined]) {
      const { vault, advance } = make({ idleLockMs: DEFAULT_MAX_UNLOCKED_MS * 2, maxUnlockedMs: () => nonsense as number });
      await vault.enablePassphrase(PASSPHRASE);
      advance(DEFAULT_MAX_UNLOCKED_MS);
      expect(await vault.isLocked()).toBe(false);
      advance(1);
      expect(await vault.isLocked()).toBe(true);
    }
  });
});

describe('re-encryption racing another context: retried, nothing lost, nothing overwritten', () => {
  it('an account saved again by another context meanwhile keeps its new secrets', async () => {
    const { vault, commits } = racingContexts((other) => other.set('a', { k: 'saved again' }));
    await vault.set('a', { k: 'first' });
    await vault.set('b', { k: 'untouched' });
    await vault.enablePassphrase(PASSPHRASE);
    expect(commits()).toBe(2);
    expect([await vault.get('a'), await vault.get('b')]).toEqual([{ k: 'saved again' }, { k: 'untouched' }]);
  });

  it('one account removed and another added meanwhile (as many as before): the new one moves, the removed one stays gone', async () => {
    const { vault, commits } = racingContexts(async (other) => {
      await other.delete('b');
      await other.set('c', { k: 'added' });
    });
    await vault.set('a', { k: 'one' });
    await vault.set('b', { k: 'two' });
    await vault.enablePassphrase(PASSPHRASE);
    expect(commits()).toBe(2);
    expect([await vault.get('a'), await vault.get('b'), await vault.get('c')]).toEqual([{ k: 'one' }, undefined, { k: 'added' }]);
  });

  it('two pages turning the passphrase on at once: the first to commit wins, the other changes nothing', async () => {
    const { vault: loser, other: winner } = racingContexts((other) => other.enablePassphrase('the winning passphrase'));
    await expect(loser.enablePassphrase('the losing passphrase')).rejects.toThrow('nothing was changed');
    await winner.lock();
    await expect(winner.unlock('the losing passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    await winner.unlock('the winning passphrase');
    await winner.set('a', { k: 'v' });
    expect(await loser.get('a')).toEqual({ k: 'v' });
  });

  it('a set-aside unreadable blob is kept as it is through turning on, changing and turning off, and goes with its account', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory, session: memorySession(), iterations: 1_000 });
    await vault.set('good', { k: 'fine' });
    await vault.set('bad', { k: 'lost' });
    await corruptSecret(factory, 'bad');
    await expect(vault.get('bad')).rejects.toBeInstanceOf(SecretUnreadableError);
    const setAside = (await rawStore(factory, 'secrets')).get('unreadable:bad');
    expect(setAside).toBeDefined();
    await vault.enablePassphrase(PASSPHRASE);
    await vault.changePassphrase(PASSPHRASE, 'another passphrase');
    await vault.disablePassphrase('another passphrase');
    const secrets = await rawStore(factory, 'secrets');
    expect([...secrets.keys()].sort()).toEqual(['good', 'unreadable:bad']);
    expect(secrets.get('unreadable:bad')).toEqual(setAside);
    expect(await vault.get('good')).toEqual({ k: 'fine' });
    await vault.delete('bad');
    expect([...(await rawStore(factory, 'secrets')).keys()]).toEqual(['good']);
  });

  it('turning it off leaves the keys store as device mode has it: the device key only', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory, session: memorySession(), iterations: 1_000 });
    await vault.set('a', { k: 'v' });
    await vault.enablePassphrase(PASSPHRASE);
    expect([...(await rawStore(factory, 'keys')).keys()].sort()).toEqual(['device', 'meta']);
    await vault.disablePassphrase(PASSPHRASE);
    expect([...(await rawStore(factory, 'keys')).keys()]).toEqual(['device']);
  });
});

describe('what the user is told', () => {
  it(`a passphrase of exactly ${MIN_PASSPHRASE_LENGTH} characters is accepted, one fewer is refused`, async () => {
    expect(MIN_PASSPHRASE_LENGTH).toBe(10);
    const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000 });
    await expect(vault.enablePassphrase('123456789')).rejects.toBeInstanceOf(WeakPassphraseError);
    await vault.enablePassphrase('1234567890');
    await expect(vault.changePassphrase('1234567890', 'abcdefghi')).rejects.toBeInstanceOf(WeakPassphraseError);
    await vault.changePassphrase('1234567890', 'abcdefghij');
    await vault.lock();
    await vault.unlock('abcdefghij');
    expect(await vault.isLocked()).toBe(false);
  });

  it('the options page marks the passphrase field: "Wrong passphrase." or "At least 10 characters."', async () => {
    const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000 });
    const { deps } = engineDeps([], undefined, { vault, secrets: vault });
    expect(await handlePageRequest(deps, { type: 'vaultEnable', passphrase: 'too short' })).toMatchObject({ ok: false, fieldErrors: { passphrase: 'At least 10 characters.' } });
    expect(await handlePageRequest(deps, { type: 'vaultEnable', passphrase: PASSPHRASE })).toEqual({ ok: true });
    expect(await handlePageRequest(deps, { type: 'vaultLock' })).toEqual({ ok: true });
    expect(await handlePageRequest(deps, { type: 'vaultUnlock', passphrase: 'not the passphrase' })).toMatchObject({
      ok: false, error: 'That passphrase is not the right one. Nothing was changed.', fieldErrors: { passphrase: 'Wrong passphrase.' },
    });
  });

  it('saving an account while the vault is locked tells the user to enter the passphrase in the options page', async () => {
    const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000 });
    const provider = fakeProvider('fa');
    const { deps } = engineDeps([provider.provider], undefined, { vault, secrets: vault });
    await vault.enablePassphrase(PASSPHRASE);
    await vault.lock();
    const reply = await handlePageRequest(deps, { type: 'saveAccount', provider: 'fa', name: 'fa', settings: {}, secrets: { key: 'CANARY-SECRET-abc123' } });
    expect(reply).toEqual({ ok: false, error: 'The key vault is locked: enter the passphrase in the options page to resume polling.' });
  });

  it('each error says what happened and what to do, under a name the worker can log without the message', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory, session: memorySession(), iterations: 1_000 });
    await vault.set('acc1', { k: 'v' });
    await vault.set('acc2', { k: 'w' });
    await corruptSecret(factory, 'acc1');
    const errors = [
      await vault.get('acc1').catch((e: unknown) => e),
      await vault.enablePassphrase('too short').catch((e: unknown) => e),
      await vault.enablePassphrase(PASSPHRASE).then(() => vault.lock()).then(() => vault.unlock('not the passphrase')).catch((e: unknown) => e),
      await vault.get('acc2').catch((e: unknown) => e),
    ] as Error[];
    expect(errors.map((e) => [e.name, e.message])).toEqual([
      ['SecretUnreadableError', 'Its keys could not be read: enter them again.'],
      ['WeakPassphraseError', 'Use a passphrase of at least 10 characters.'],
      ['WrongPassphraseError', 'That passphrase is not the right one. Nothing was changed.'],
      ['VaultLockedError', 'The key vault is locked: enter the passphrase in the options page to resume polling.'],
    ]);
  });
});
