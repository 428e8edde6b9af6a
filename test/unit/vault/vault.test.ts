import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { createVault, DEFAULT_MAX_UNLOCKED_MS, memorySession, PBKDF2_ITERATIONS, SecretUnreadableError, WeakPassphraseError, WrongPassphraseError } from '../../../lib/vault/index';
import { VaultLockedError } from '../../../lib/vault/types';
import { corruptSecret, racingContexts } from '../support/vault';

const CANARY = 'CANARY-SECRET-1234567890';

/** Every value stored in the fake IndexedDB, as text, to scan for plaintext. */
async function dumpIndexedDb(factory: IDBFactory): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = factory.open('batchwatch-vault');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const parts: string[] = [];
  for (const name of Array.from(db.objectStoreNames)) {
    const all = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction(name).objectStore(name).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    for (const value of all) {
      if (value && typeof value === 'object' && 'data' in value) {
        const v = value as { iv: Uint8Array; data: ArrayBuffer };
        parts.push(Buffer.from(v.data).toString('latin1'), Buffer.from(v.data).toString('base64'), Buffer.from(v.data).toString('hex'));
      } else parts.push(String(value));
    }
  }
  db.close();
  return parts.join('\n');
}

describe('vault (device mode)', () => {
  it('round-trips an account\'s secrets and keeps no plaintext at rest', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory });
    await vault.set('acc1', { secretAccessKey: CANARY, accessKeyId: 'AKID-CANARY' });
    expect(await vault.get('acc1')).toEqual({ secretAccessKey: CANARY, accessKeyId: 'AKID-CANARY' });
    const dump = await dumpIndexedDb(factory);
    for (const needle of [CANARY, Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY).toString('hex'), 'AKID-CANARY']) expect(dump).not.toContain(needle);
  });

  it('keeps its key non-extractable', async () => {
    const factory = new IDBFactory();
    await createVault({ indexedDB: factory }).set('a', { k: 'v' });
    const key = await new Promise<CryptoKey>((resolve, reject) => {
      const open = factory.open('batchwatch-vault');
      open.onsuccess = () => {
        const req = open.result.transaction('keys').objectStore('keys').get('device');
        req.onsuccess = () => resolve(req.result as CryptoKey);
        req.onerror = () => reject(req.error);
      };
    });
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('uses a fresh IV for every write', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory });
    const ivs = new Set<string>();
    for (let i = 0; i < 200; i++) {
      await vault.set('acc', { k: 'same value' });
      const iv = await new Promise<Uint8Array>((resolve) => {
        const open = factory.open('batchwatch-vault');
        open.onsuccess = () => {
          const req = open.result.transaction('secrets').objectStore('secrets').get('acc');
          req.onsuccess = () => resolve((req.result as { iv: Uint8Array }).iv);
        };
      });
      ivs.add(Buffer.from(iv).toString('hex'));
    }
    expect(ivs.size).toBe(200);
  });

  it('cannot be fooled into decrypting one account\'s blob as another\'s', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory });
    await vault.set('victim', { k: CANARY });
    const blob = await new Promise<unknown>((resolve) => {
      const open = factory.open('batchwatch-vault');
      open.onsuccess = () => {
        const req = open.result.transaction('secrets').objectStore('secrets').get('victim');
        req.onsuccess = () => resolve(req.result);
      };
    });
    await new Promise<void>((resolve) => {
      const open = factory.open('batchwatch-vault');
      open.onsuccess = () => {
        const tx = open.result.transaction('secrets', 'readwrite');
        tx.objectStore('secrets').put(blob, 'attacker');
        tx.oncomplete = () => resolve();
      };
    });
    await expect(vault.get('attacker')).rejects.toThrow();
  });

  it('forgets an account\'s secrets on delete, and a second vault instance reads the same key', async () => {
    const factory = new IDBFactory();
    await createVault({ indexedDB: factory }).set('a', { k: 'v' });
    expect(await createVault({ indexedDB: factory }).get('a')).toEqual({ k: 'v' });
    await createVault({ indexedDB: factory }).delete('a');
    expect(await createVault({ indexedDB: factory }).get('a')).toBeUndefined();
  });

  it('round-trips any map of unicode secrets', async () => {
    const vault = createVault({ indexedDB: new IDBFactory() });
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 60 })), async (secrets) => {
        await vault.set('acc', secrets);
        expect(await vault.get('acc')).toEqual(secrets);
      }),
      { numRuns: 200 },
    );
  });
});

describe('vault (passphrase mode)', () => {
  const make = (over: Parameters<typeof createVault>[0] = {}) => {
    const session = memorySession();
    let clock = 1_000_000;
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory, session, iterations: 1_000, now: () => clock, idleLockMs: 60_000, ...over });
    return { vault, session, factory, advance: (ms: number) => (clock += ms) };
  };

  it('uses PBKDF2-SHA256 with at least 600,000 iterations by default', async () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory, session: memorySession() });
    await vault.enablePassphrase('correct horse battery');
    const stored = await new Promise<{ iterations: number; salt: Uint8Array }>((resolve) => {
      const open = factory.open('batchwatch-vault');
      open.onsuccess = () => {
        const req = open.result.transaction('keys').objectStore('keys').get('meta');
        req.onsuccess = () => resolve(req.result);
      };
    });
    expect(stored.iterations).toBeGreaterThanOrEqual(600_000);
    expect(stored.salt).toHaveLength(16);
  });

  it('keeps secrets readable after turning it on, locks, and unlocks with the passphrase only', async () => {
    const { vault } = make();
    await vault.set('a', { k: CANARY });
    await vault.enablePassphrase('correct horse battery');
    expect(await vault.mode()).toBe('passphrase');
    expect(await vault.get('a')).toEqual({ k: CANARY });
    await vault.lock();
    expect(await vault.isLocked()).toBe(true);
    await expect(vault.get('a')).rejects.toBeInstanceOf(VaultLockedError);
    await expect(vault.unlock('wrong passphrase!!')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(await vault.isLocked()).toBe(true);
    await vault.unlock('correct horse battery');
    expect(await vault.get('a')).toEqual({ k: CANARY });
  });

  it('refuses a short passphrase with a clear error and changes nothing', async () => {
    const { vault } = make();
    await vault.set('a', { k: 'v' });
    await expect(vault.enablePassphrase('short')).rejects.toBeInstanceOf(WeakPassphraseError);
    expect(await vault.mode()).toBe('device');
    expect(await vault.get('a')).toEqual({ k: 'v' });
  });

  it('locks itself after the idle time', async () => {
    const { vault, advance } = make();
    await vault.enablePassphrase('correct horse battery');
    await vault.set('a', { k: 'v' });
    advance(59_000);
    expect(await vault.get('a')).toEqual({ k: 'v' });
    advance(61_000);
    await expect(vault.get('a')).rejects.toBeInstanceOf(VaultLockedError);
  });

  it('keeps the unlocked data key only in session storage, never in IndexedDB in the clear', async () => {
    const { vault, session, factory } = make();
    await vault.enablePassphrase('correct horse battery');
    const unlocked = (await session.get('vault:unlocked'))['vault:unlocked'] as { key: string };
    expect(unlocked.key).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const dump = await dumpIndexedDb(factory);
    expect(dump).not.toContain(unlocked.key);
    expect(dump).not.toContain(Buffer.from(unlocked.key, 'base64').toString('hex'));
  });

  it('changing the passphrase re-encrypts everything; a wrong current passphrase changes nothing', async () => {
    const { vault } = make();
    await vault.set('a', { k: 'one' });
    await vault.set('b', { k: 'two' });
    await vault.enablePassphrase('first passphrase');
    await expect(vault.changePassphrase('not the first one', 'second passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.changePassphrase('first passphrase', 'second passphrase');
    await vault.lock();
    await expect(vault.unlock('first passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    await vault.unlock('second passphrase');
    expect([await vault.get('a'), await vault.get('b')]).toEqual([{ k: 'one' }, { k: 'two' }]);
  });

  it('a failure midway through a re-encryption leaves the old state whole and readable', async () => {
    let fail = false;
    const { vault } = make({ beforeCommit: () => { if (fail) throw new Error('disk full'); } });
    await vault.set('a', { k: 'one' });
    await vault.enablePassphrase('first passphrase');
    fail = true;
    await expect(vault.changePassphrase('first passphrase', 'second passphrase')).rejects.toThrow('disk full');
    await expect(vault.disablePassphrase('first passphrase')).rejects.toThrow('disk full');
    await vault.lock();
    await vault.unlock('first passphrase');
    expect(await vault.get('a')).toEqual({ k: 'one' });
    expect(await vault.mode()).toBe('passphrase');
  });

  it('turning it off goes back to the device key, with the secrets intact', async () => {
    const { vault } = make();
    await vault.set('a', { k: 'one' });
    await vault.enablePassphrase('first passphrase');
    await vault.disablePassphrase('first passphrase');
    expect(await vault.mode()).toBe('device');
    expect(await vault.isLocked()).toBe(false);
    expect(await vault.get('a')).toEqual({ k: 'one' });
  });
});

describe('vault lock: measured from the user, never from polling (issue 18, finding 2)', () => {
  const make = (over: Parameters<typeof createVault>[0] = {}) => {
    const session = memorySession();
    let clock = 1_000_000;
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory, session, iterations: 1_000, now: () => clock, idleLockMs: 60_000, ...over });
    return { vault, session, factory, advance: (ms: number) => (clock += ms) };
  };

  it('locks after the idle time although polling reads the secrets all along', async () => {
    const { vault, advance } = make();
    await vault.set('a', { k: 'v' });
    await vault.enablePassphrase('correct horse battery');
    for (let t = 0; t < 60_000; t += 10_000) {
      expect(await vault.get('a')).toEqual({ k: 'v' });
      advance(10_000);
    }
    expect(await vault.isLocked()).toBe(false);
    advance(1);
    expect(await vault.isLocked()).toBe(true);
    await expect(vault.get('a')).rejects.toBeInstanceOf(VaultLockedError);
  });

  it('counts the idle time from the user\'s last activity (opening the popup, options or panel)', async () => {
    const { vault, advance } = make();
    await vault.set('a', { k: 'v' });
    await vault.enablePassphrase('correct horse battery');
    advance(50_000);
    await vault.noteUserActivity();
    advance(50_000);
    expect(await vault.get('a')).toEqual({ k: 'v' });
    advance(10_001);
    await expect(vault.get('a')).rejects.toBeInstanceOf(VaultLockedError);
    // Activity on a locked vault does not unlock it.
    await vault.noteUserActivity();
    expect(await vault.isLocked()).toBe(true);
  });

  it('asks for the passphrase again 12 hours after unlocking, however active the user', async () => {
    expect(DEFAULT_MAX_UNLOCKED_MS).toBe(12 * 3_600_000);
    const { vault, advance } = make({ idleLockMs: 3_600_000 });
    await vault.set('a', { k: 'v' });
    await vault.enablePassphrase('correct horse battery');
    for (let h = 0; h < 24; h++) {
      advance(30 * 60_000);
      await vault.noteUserActivity();
    }
    expect(await vault.isLocked()).toBe(false);
    advance(1);
    await vault.noteUserActivity();
    expect(await vault.isLocked()).toBe(true);
    await vault.unlock('correct horse battery');
    expect(await vault.get('a')).toEqual({ k: 'v' });
  });

  it('reads the maximum from the settings at each check; a nonsense value means the default', async () => {
    let max: number = 5 * 60_000;
    const { vault, advance } = make({ idleLockMs: 3_600_000, maxUnlockedMs: async () => max });
    await vault.enablePassphrase('correct horse battery');
    advance(5 * 60_000);
    expect(await vault.isLocked()).toBe(false);
    advance(1);
    expect(await vault.isLocked()).toBe(true);
    for (const nonsense of [0, -1, Number.NaN]) {
      max = nonsense;
      await vault.unlock('correct horse battery');
      advance(3_000_000);
      expect(await vault.isLocked()).toBe(false);
    }
    const fixed = make({ idleLockMs: 3_600_000, maxUnlockedMs: 1_000 });
    await fixed.vault.enablePassphrase('correct horse battery');
    fixed.advance(1_001);
    expect(await fixed.vault.isLocked()).toBe(true);
  });

  it('refuses a session key that is not the current passphrase\'s, or of an older shape', async () => {
    const { vault, session } = make();
    await vault.set('a', { k: 'v' });
    await vault.enablePassphrase('correct horse battery');
    const good = (await session.get('vault:unlocked'))['vault:unlocked'] as Record<string, unknown>;
    for (const bad of [{ ...good, salt: 'c3RhbGU=' }, { key: good.key, lastUsed: 1_000_000 }, { ...good, unlockedAt: 'now' }, { ...good, lastActive: undefined }, { ...good, key: 42 }]) {
      await session.set({ 'vault:unlocked': bad });
      expect(await vault.isLocked()).toBe(true);
      expect(await session.get('vault:unlocked')).toEqual({});
    }
    await session.set({ 'vault:unlocked': good });
    expect(await vault.get('a')).toEqual({ k: 'v' });
  });

  it('is never locked in device mode, and activity there is a no-op', async () => {
    const { vault, session, advance } = make();
    await vault.set('a', { k: 'v' });
    await vault.noteUserActivity();
    advance(10 * 3_600_000);
    expect(await vault.isLocked()).toBe(false);
    expect(await session.get('vault:unlocked')).toEqual({});
  });
});

describe('vault writes: one queue, re-checked at commit (issue 18, finding 4)', () => {
  it('a save made while the passphrase is being turned on lands under the new key, readable', async () => {
    const factory = new IDBFactory();
    const session = memorySession();
    let saving: Promise<void> | undefined;
    const vault = createVault({ indexedDB: factory, session, iterations: 1_000, beforeCommit: () => void (saving ??= vault.set('b', { k: 'saved meanwhile' })) });
    await vault.set('a', { k: 'one' });
    await vault.enablePassphrase('correct horse battery');
    await saving;
    await vault.lock();
    await vault.unlock('correct horse battery');
    expect([await vault.get('a'), await vault.get('b')]).toEqual([{ k: 'one' }, { k: 'saved meanwhile' }]);
  });

  it('another context\'s save during a re-encryption makes it start over, not lose the save', async () => {
    const { vault, other, factory, session, commits: reencryptions } = racingContexts((other) => other.set('b', { k: 'from the other context' }));
    await vault.set('a', { k: 'one' });
    await vault.enablePassphrase('correct horse battery');
    expect(reencryptions()).toBe(2);
    expect([await vault.get('a'), await vault.get('b')]).toEqual([{ k: 'one' }, { k: 'from the other context' }]);
    // The same for an account removed meanwhile, and for a change of passphrase.
    let commits = 0;
    const changing = createVault({ indexedDB: factory, session, iterations: 1_000, beforeCommit: async () => void (++commits === 1 && (await other.delete('b'))) });
    await changing.changePassphrase('correct horse battery', 'another passphrase');
    expect(commits).toBe(2);
    expect([await changing.get('a'), await changing.get('b')]).toEqual([{ k: 'one' }, undefined]);
  });

  it('a save whose key changed under it (another context) is redone under the current key', async () => {
    const factory = new IDBFactory();
    const session = memorySession();
    const other = createVault({ indexedDB: factory, session, iterations: 1_000 });
    let writes = 0;
    const vault = createVault({ indexedDB: factory, session, iterations: 1_000, beforeWrite: async () => void (++writes === 1 && (await other.enablePassphrase('correct horse battery'))) });
    await vault.set('a', { k: 'v' });
    expect(writes).toBe(2);
    await vault.lock();
    await vault.unlock('correct horse battery');
    expect(await vault.get('a')).toEqual({ k: 'v' });
  });

  it('gives up, saying so, on a key that keeps changing', async () => {
    const factory = new IDBFactory();
    const session = memorySession();
    const other = createVault({ indexedDB: factory, session, iterations: 1_000 });
    let on = false;
    let writes = 0;
    const flip = async (): Promise<void> => {
      writes++;
      if (on) await other.disablePassphrase('correct horse battery');
      else await other.enablePassphrase('correct horse battery');
      on = !on;
    };
    const vault = createVault({ indexedDB: factory, session, iterations: 1_000, beforeWrite: flip });
    await expect(vault.set('a', { k: 'v' })).rejects.toThrow('The key vault kept changing; the keys were not saved');
    expect(writes).toBe(3);
    let commits = 0;
    const reencrypting = createVault({ indexedDB: factory, session, iterations: 1_000, beforeCommit: async () => void (await other.set(`x${++commits}`, { k: 'v' })) });
    if (on) await other.disablePassphrase('correct horse battery');
    await expect(reencrypting.enablePassphrase('correct horse battery')).rejects.toThrow('kept changing during re-encryption');
    expect(commits).toBe(3);
    expect(await reencrypting.mode()).toBe('device');
  });

  it('answers reads and writes in the order they were asked, and a failed one does not block the next', async () => {
    const vault = createVault({ indexedDB: new IDBFactory() });
    const saved = vault.set('a', { k: 'v1' });
    const read = vault.get('a');
    const resaved = vault.set('a', { k: 'v2' });
    const reread = vault.get('a');
    await Promise.all([saved, resaved]);
    expect([await read, await reread]).toEqual([{ k: 'v1' }, { k: 'v2' }]);
    await expect(vault.enablePassphrase('short')).rejects.toBeInstanceOf(WeakPassphraseError);
    expect(await vault.get('a')).toEqual({ k: 'v2' });
  });
});

describe('an unreadable secret is that account\'s problem only (issue 18, finding 4)', () => {
  it('says which account, sets its blob aside, and leaves the others readable; saving it again works', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory });
    await vault.set('good', { k: 'fine' });
    await vault.set('bad', { k: 'lost' });
    await corruptSecret(factory, 'bad');
    const err = await vault.get('bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SecretUnreadableError);
    expect(err).toMatchObject({ accountId: 'bad', message: 'Its keys could not be read: enter them again.' });
    expect(await vault.get('good')).toEqual({ k: 'fine' });
    expect(await vault.get('bad')).toBeUndefined();
    await vault.set('bad', { k: 'entered again' });
    expect(await vault.get('bad')).toEqual({ k: 'entered again' });
    expect(await dumpIndexedDb(factory)).not.toContain('entered again');
  });

  it('does not stop a change of mode: the readable secrets move, the unreadable one stays set aside', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory, session: memorySession(), iterations: 1_000 });
    await vault.set('good', { k: 'fine' });
    await vault.set('bad', { k: 'lost' });
    await corruptSecret(factory, 'bad');
    await vault.enablePassphrase('correct horse battery');
    expect(await vault.get('good')).toEqual({ k: 'fine' });
    await expect(vault.get('bad')).rejects.toBeInstanceOf(SecretUnreadableError);
    await vault.disablePassphrase('correct horse battery');
    expect(await vault.get('good')).toEqual({ k: 'fine' });
    expect(await vault.get('bad')).toBeUndefined();
  });

  it('forgets the set-aside blob with the account', async () => {
    const factory = new IDBFactory();
    const vault = createVault({ indexedDB: factory });
    await vault.set('bad', { k: 'lost' });
    await corruptSecret(factory, 'bad');
    await vault.get('bad').catch(() => undefined);
    const count = async (): Promise<number> =>
      new Promise((resolve) => {
        const open = factory.open('batchwatch-vault');
        open.onsuccess = () => {
          const req = open.result.transaction('secrets').objectStore('secrets').count();
          req.onsuccess = () => resolve(req.result);
        };
      });
    expect(await count()).toBe(1);
    await vault.delete('bad');
    expect(await count()).toBe(0);
  });
});

describe('vault edges', () => {
  it('two contexts creating the device key at once agree on one key', async () => {
    const factory = new IDBFactory();
    const first = createVault({ indexedDB: factory });
    const second = createVault({ indexedDB: factory });
    await Promise.all([first.set('a', { k: 'from first' }), second.set('b', { k: 'from second' })]);
    expect(await first.get('b')).toEqual({ k: 'from second' });
    expect(await second.get('a')).toEqual({ k: 'from first' });
    expect(await createVault({ indexedDB: factory }).get('a')).toEqual({ k: 'from first' });
  });

  it('counts as locked when it cannot even be opened', async () => {
    const broken = { open: () => { throw new Error('IndexedDB disabled'); } } as unknown as IDBFactory;
    expect(await createVault({ indexedDB: broken }).isLocked()).toBe(true);
  });

  it('says which passphrase operations make no sense in the current mode', async () => {
    const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000 });
    await vault.set('a', { k: 'v' });
    expect(await vault.mode()).toBe('device');
    await expect(vault.changePassphrase('correct horse battery', 'another passphrase')).rejects.toThrow('Passphrase mode is off.');
    await vault.unlock('anything at all');
    await vault.disablePassphrase('anything at all');
    expect(await vault.mode()).toBe('device');
    await vault.enablePassphrase('correct horse battery');
    expect(await vault.mode()).toBe('passphrase');
    await expect(vault.enablePassphrase('correct horse battery')).rejects.toThrow('Passphrase mode is already on.');
    await expect(vault.changePassphrase('correct horse battery', 'short')).rejects.toBeInstanceOf(WeakPassphraseError);
    expect(await vault.get('a')).toEqual({ k: 'v' });
  });

  it('keeps an in-memory session area for contexts without storage.session', async () => {
    const area = memorySession();
    expect(await area.get('x')).toEqual({});
    await area.set({ x: 1, y: 2 });
    expect(await area.get('x')).toEqual({ x: 1 });
    await area.remove('x');
    expect(await area.get('x')).toEqual({});
    expect(await area.get('y')).toEqual({ y: 2 });
  });

  it('locks on "Lock now" and forgets the key when the passphrase is turned off', async () => {
    const session = memorySession();
    const vault = createVault({ indexedDB: new IDBFactory(), session, iterations: 1_000 });
    await vault.enablePassphrase('correct horse battery');
    expect(Object.keys(await session.get('vault:unlocked'))).toEqual(['vault:unlocked']);
    await vault.lock();
    expect(await session.get('vault:unlocked')).toEqual({});
    await vault.unlock('correct horse battery');
    await vault.disablePassphrase('correct horse battery');
    expect(await session.get('vault:unlocked')).toEqual({});
  });
});
