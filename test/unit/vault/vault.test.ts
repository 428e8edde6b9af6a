import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { createVault, memorySession, PBKDF2_ITERATIONS, WeakPassphraseError, WrongPassphraseError } from '../../../lib/vault/index';
import { VaultLockedError } from '../../../lib/vault/types';

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
