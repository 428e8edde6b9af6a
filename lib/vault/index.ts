/**
 * Secrets at rest. Each account's secrets are encrypted with AES-GCM (a fresh 96-bit IV
 * per write, the account id as additional data so blobs cannot be swapped) and kept in the
 * extension origin's IndexedDB, which content scripts cannot reach (they can read
 * storage.local).
 *
 * Device mode (default): the key is a non-extractable CryptoKey generated once, in IndexedDB.
 * Passphrase mode: a random data key encrypts the secrets; it is stored only wrapped under
 * a key derived from the passphrase (PBKDF2-SHA256, 600,000 iterations, random salt). While
 * unlocked, the raw data key lives only in storage.session (trusted contexts), and it is
 * dropped after an idle time. Every change of mode re-encrypts everything and commits it in
 * one IndexedDB transaction: a failure midway leaves the old state whole and readable.
 */
import { VaultLockedError, type SecretStore } from './types';

export { VaultLockedError };
export type { SecretStore };

const DB_NAME = 'batchwatch-vault';
const DB_VERSION = 1;
const KEYS = 'keys';
const BLOBS = 'secrets';
const DEVICE_KEY = 'device';
const META = 'meta';
const SESSION_KEY = 'vault:unlocked';

export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 10;
export const DEFAULT_IDLE_LOCK_MS = 30 * 60_000;

interface Blob {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
  version: 1;
}

interface PassphraseMeta {
  mode: 'passphrase';
  salt: Uint8Array<ArrayBuffer>;
  iterations: number;
  wrapped: Blob;
}

interface UnlockedSession {
  key: string;
  lastUsed: number;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('That passphrase is not the right one. Nothing was changed.');
    this.name = 'WrongPassphraseError';
  }
}

export class WeakPassphraseError extends Error {
  constructor() {
    super(`Use a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters.`);
    this.name = 'WeakPassphraseError';
  }
}

/** storage.session as the vault needs it (injected, so tests need no browser). */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface VaultDeps {
  indexedDB?: IDBFactory;
  crypto?: Crypto;
  session?: SessionArea;
  now?: () => number;
  iterations?: number;
  idleLockMs?: number;
  /** Test hook: runs just before a re-encryption is committed. */
  beforeCommit?: () => void;
}

export interface Vault extends SecretStore {
  mode(): Promise<'device' | 'passphrase'>;
  enablePassphrase(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
  changePassphrase(current: string, next: string): Promise<void>;
  disablePassphrase(passphrase: string): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('vault write failed'));
    tx.onabort = () => reject(tx.error ?? new Error('vault write aborted'));
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
const toB64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** An in-memory session area for contexts without storage.session. */
export function memorySession(): SessionArea {
  const data = new Map<string, unknown>();
  return {
    get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => void Object.entries(items).forEach(([k, v]) => data.set(k, v)),
    remove: async (key) => void data.delete(key),
  };
}

export function createVault(deps: VaultDeps = {}): Vault {
  const factory = deps.indexedDB ?? globalThis.indexedDB;
  const cryptoApi = deps.crypto ?? globalThis.crypto;
  const subtle = cryptoApi.subtle;
  const random = (n: number): Uint8Array<ArrayBuffer> => cryptoApi.getRandomValues(new Uint8Array(n));
  const session = deps.session ?? memorySession();
  const now = deps.now ?? (() => Date.now());
  const iterations = deps.iterations ?? PBKDF2_ITERATIONS;
  const idleLockMs = deps.idleLockMs ?? DEFAULT_IDLE_LOCK_MS;
  let dbPromise: Promise<IDBDatabase> | undefined;
  let deviceKeyPromise: Promise<CryptoKey> | undefined;

  const db = (): Promise<IDBDatabase> => (dbPromise ??= openDb(factory));

  async function read<T>(storeName: string, key: string): Promise<T | undefined> {
    return request<T | undefined>((await db()).transaction(storeName, 'readonly').objectStore(storeName).get(key) as IDBRequest<T | undefined>);
  }

  async function deviceKey(): Promise<CryptoKey> {
    deviceKeyPromise ??= (async () => {
      const existing = await read<CryptoKey>(KEYS, DEVICE_KEY);
      if (existing) return existing;
      const created = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
      const tx = (await db()).transaction(KEYS, 'readwrite');
      // add(), not put(): if another context raced us, keep its key and read it back.
      tx.objectStore(KEYS).add(created, DEVICE_KEY);
      try {
        await done(tx);
        return created;
      } catch {
        const winner = await read<CryptoKey>(KEYS, DEVICE_KEY);
        if (!winner) throw new Error('The key vault could not create its key');
        return winner;
      }
    })();
    try {
      return await deviceKeyPromise;
    } catch (err) {
      deviceKeyPromise = undefined;
      throw err;
    }
  }

  const meta = (): Promise<PassphraseMeta | undefined> => read<PassphraseMeta>(KEYS, META);

  async function derive(passphrase: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<CryptoKey> {
    const base = await subtle.importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
    return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: rounds }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  }

  const importDataKey = (raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> => subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);

  async function encrypt(key: CryptoKey, plain: Uint8Array<ArrayBuffer>, aad: string): Promise<Blob> {
    const iv = random(12);
    return { iv, data: await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(aad) }, key, plain), version: 1 };
  }

  async function decrypt(key: CryptoKey, blob: Blob, aad: string): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: blob.iv, additionalData: encoder.encode(aad) }, key, blob.data));
  }

  /** The raw data key behind a passphrase, or WrongPassphraseError. */
  async function unwrap(m: PassphraseMeta, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
    try {
      return await decrypt(await derive(passphrase, m.salt, m.iterations), m.wrapped, 'batchwatch-data-key');
    } catch {
      throw new WrongPassphraseError();
    }
  }

  /** The key that encrypts secrets now; VaultLockedError when passphrase mode is locked. */
  async function currentKey(): Promise<CryptoKey> {
    const m = await meta();
    if (!m) return deviceKey();
    const unlocked = (await session.get(SESSION_KEY))[SESSION_KEY] as UnlockedSession | undefined;
    if (!unlocked || now() - unlocked.lastUsed > idleLockMs) {
      await session.remove(SESSION_KEY);
      throw new VaultLockedError();
    }
    await session.set({ [SESSION_KEY]: { ...unlocked, lastUsed: now() } });
    return importDataKey(fromB64(unlocked.key));
  }

  async function allPlain(key: CryptoKey): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
    const store = (await db()).transaction(BLOBS, 'readonly').objectStore(BLOBS);
    const keys = (await request(store.getAllKeys())) as string[];
    const values = (await request((await db()).transaction(BLOBS, 'readonly').objectStore(BLOBS).getAll())) as Blob[];
    const out = new Map<string, Uint8Array<ArrayBuffer>>();
    for (let i = 0; i < keys.length; i++) out.set(keys[i]!, await decrypt(key, values[i]!, keys[i]!));
    return out;
  }

  /** Encrypts every secret under the new key, then commits blobs and meta in one transaction. */
  async function reencrypt(from: CryptoKey, to: CryptoKey, nextMeta: PassphraseMeta | undefined): Promise<void> {
    const plain = await allPlain(from);
    const blobs = new Map<string, Blob>();
    for (const [accountId, bytes] of plain) blobs.set(accountId, await encrypt(to, bytes, accountId));
    deps.beforeCommit?.();
    const tx = (await db()).transaction([BLOBS, KEYS], 'readwrite');
    for (const [accountId, blob] of blobs) tx.objectStore(BLOBS).put(blob, accountId);
    if (nextMeta) tx.objectStore(KEYS).put(nextMeta, META);
    else tx.objectStore(KEYS).delete(META);
    await done(tx);
  }

  async function newPassphraseMeta(passphrase: string, dataKey: Uint8Array<ArrayBuffer>): Promise<PassphraseMeta> {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new WeakPassphraseError();
    const salt = random(16);
    return { mode: 'passphrase', salt, iterations, wrapped: await encrypt(await derive(passphrase, salt, iterations), dataKey, 'batchwatch-data-key') };
  }

  const remember = (dataKey: Uint8Array<ArrayBuffer>): Promise<void> => session.set({ [SESSION_KEY]: { key: toB64(dataKey), lastUsed: now() } satisfies UnlockedSession });

  return {
    async mode() {
      return (await meta()) ? 'passphrase' : 'device';
    },
    async isLocked() {
      try {
        if (!(await meta())) return false;
        const unlocked = (await session.get(SESSION_KEY))[SESSION_KEY] as UnlockedSession | undefined;
        return !unlocked || now() - unlocked.lastUsed > idleLockMs;
      } catch {
        return true;
      }
    },
    async get(accountId) {
      const blob = await read<Blob>(BLOBS, accountId);
      if (!blob) return undefined;
      return JSON.parse(decoder.decode(await decrypt(await currentKey(), blob, accountId))) as Record<string, string>;
    },
    async set(accountId, secrets) {
      const blob = await encrypt(await currentKey(), encoder.encode(JSON.stringify(secrets)), accountId);
      const tx = (await db()).transaction(BLOBS, 'readwrite');
      tx.objectStore(BLOBS).put(blob, accountId);
      await done(tx);
    },
    async delete(accountId) {
      const tx = (await db()).transaction(BLOBS, 'readwrite');
      tx.objectStore(BLOBS).delete(accountId);
      await done(tx);
    },
    async enablePassphrase(passphrase) {
      if (await meta()) throw new Error('Passphrase mode is already on.');
      const dataKey = random(32);
      const nextMeta = await newPassphraseMeta(passphrase, dataKey);
      await reencrypt(await deviceKey(), await importDataKey(dataKey), nextMeta);
      await remember(dataKey);
    },
    async unlock(passphrase) {
      const m = await meta();
      if (!m) return;
      await remember(await unwrap(m, passphrase));
    },
    async lock() {
      await session.remove(SESSION_KEY);
    },
    async changePassphrase(current, next) {
      const m = await meta();
      if (!m) throw new Error('Passphrase mode is off.');
      const oldKey = await importDataKey(await unwrap(m, current));
      const dataKey = random(32);
      const nextMeta = await newPassphraseMeta(next, dataKey);
      await reencrypt(oldKey, await importDataKey(dataKey), nextMeta);
      await remember(dataKey);
    },
    async disablePassphrase(passphrase) {
      const m = await meta();
      if (!m) return;
      const oldKey = await importDataKey(await unwrap(m, passphrase));
      await reencrypt(oldKey, await deviceKey(), undefined);
      await session.remove(SESSION_KEY);
    },
  };
}
