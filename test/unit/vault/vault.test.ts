import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import { createVault } from '../../../lib/vault/index';

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
