/**
 * Secrets at rest. Each account's secrets are encrypted with AES-GCM (a fresh 96-bit IV
 * per write, the account id as additional data so blobs cannot be swapped) under a
 * non-extractable key generated once. Key and ciphertext live in the extension origin's
 * IndexedDB, which content scripts cannot reach (they can read storage.local).
 */
import { VaultLockedError, type SecretStore } from './types';

export { VaultLockedError };
export type { SecretStore };

const DB_NAME = 'batchwatch-vault';
const DB_VERSION = 1;
const KEYS = 'keys';
const BLOBS = 'secrets';
const DEVICE_KEY = 'device';

interface Blob {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
  version: 1;
}

export interface VaultDeps {
  indexedDB?: IDBFactory;
  crypto?: Crypto;
}

export interface Vault extends SecretStore {
  mode(): Promise<'device'>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(factory: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = factory.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS);
      if (!db.objectStoreNames.contains(BLOBS)) db.createObjectStore(BLOBS);
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error ?? new Error('The key vault could not be opened'));
  });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function createVault(deps: VaultDeps = {}): Vault {
  const factory = deps.indexedDB ?? globalThis.indexedDB;
  const subtle = (deps.crypto ?? globalThis.crypto).subtle;
  const random = (n: number): Uint8Array<ArrayBuffer> => (deps.crypto ?? globalThis.crypto).getRandomValues(new Uint8Array(n));
  let dbPromise: Promise<IDBDatabase> | undefined;
  let keyPromise: Promise<CryptoKey> | undefined;

  const db = (): Promise<IDBDatabase> => (dbPromise ??= openDb(factory));

  async function deviceKey(): Promise<CryptoKey> {
    keyPromise ??= (async () => {
      const store = (await db()).transaction(KEYS, 'readonly').objectStore(KEYS);
      const existing = await request<CryptoKey | undefined>(store.get(DEVICE_KEY) as IDBRequest<CryptoKey | undefined>);
      if (existing) return existing;
      const created = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const tx = (await db()).transaction(KEYS, 'readwrite');
      // add(), not put(): if another context raced us, keep its key and read it back.
      tx.objectStore(KEYS).add(created, DEVICE_KEY);
      try {
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error ?? new Error('could not store the device key'));
          tx.onabort = () => reject(tx.error ?? new Error('could not store the device key'));
        });
        return created;
      } catch {
        const store2 = (await db()).transaction(KEYS, 'readonly').objectStore(KEYS);
        const winner = await request<CryptoKey | undefined>(store2.get(DEVICE_KEY) as IDBRequest<CryptoKey | undefined>);
        if (!winner) throw new Error('The key vault could not create its key');
        return winner;
      }
    })();
    try {
      return await keyPromise;
    } catch (err) {
      keyPromise = undefined;
      throw err;
    }
  }

  async function write(storeName: string, key: string, value: unknown): Promise<void> {
    const tx = (await db()).transaction(storeName, 'readwrite');
    if (value === undefined) tx.objectStore(storeName).delete(key);
    else tx.objectStore(storeName).put(value, key);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('vault write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('vault write aborted'));
    });
  }

  return {
    async mode() {
      return 'device';
    },
    async isLocked() {
      return false;
    },
    async get(accountId) {
      const store = (await db()).transaction(BLOBS, 'readonly').objectStore(BLOBS);
      const blob = await request<Blob | undefined>(store.get(accountId) as IDBRequest<Blob | undefined>);
      if (!blob) return undefined;
      const plain = await subtle.decrypt({ name: 'AES-GCM', iv: blob.iv, additionalData: encoder.encode(accountId) }, await deviceKey(), blob.data);
      return JSON.parse(decoder.decode(plain)) as Record<string, string>;
    },
    async set(accountId, secrets) {
      const iv = random(12);
      const data = await subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(accountId) },
        await deviceKey(),
        encoder.encode(JSON.stringify(secrets)),
      );
      await write(BLOBS, accountId, { iv, data, version: 1 } satisfies Blob);
    },
    async delete(accountId) {
      await write(BLOBS, accountId, undefined);
    },
  };
}
