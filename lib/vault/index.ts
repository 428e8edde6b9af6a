/**
 * Secrets at rest. Each account's secrets are encrypted with AES-GCM (a fresh 96-bit IV
 * per write, the account id as additional data so blobs cannot be swapped) and kept in the
 * extension origin's IndexedDB, which content scripts cannot reach (they can read
 * storage.local).
 *
 * Device mode (default): the key is a non-extractable CryptoKey generated once, in IndexedDB.
 * It only obscures the secrets: whoever can read the browser profile can have the browser
 * use that key, since it sits beside the ciphertext. Passphrase mode is for shared machines.
 *
 * Passphrase mode: a random data key encrypts the secrets; it is stored only wrapped under
 * a key derived from the passphrase (PBKDF2-SHA256, 600,000 iterations, random salt). While
 * unlocked, the raw data key lives only in storage.session (trusted contexts). It is dropped
 * after an idle time counted from the user's last activity (unlocking, opening the popup,
 * the options page or the panel; polling never counts), and in any case a maximum time after
 * unlocking.
 *
 * Every read and write goes through one queue, and a write re-checks inside its IndexedDB
 * transaction that the key it encrypted under is still the current one: a save that races a
 * re-encryption is redone under the new key, never lost. Every change of mode re-encrypts
 * everything and commits it in one transaction: a failure midway leaves the old state whole.
 */
import { committed, openDatabase, requestResult as request, sharedConnection, type DatabaseSpec } from '../indexed-db';
import { SecretUnreadableError, VaultLockedError, type SecretStore } from './types';

export { SecretUnreadableError, VaultLockedError };

const KEYS = 'keys';
const BLOBS = 'secrets';
const VAULT_DB: DatabaseSpec = {
  name: 'batchwatch-vault',
  version: 1,
  stores: [KEYS, BLOBS],
  errors: {
    notOpened: () => new Error('The key vault could not be opened'),
    writeFailed: () => new Error('vault write failed'),
    writeAborted: () => new Error('vault write aborted'),
  },
};
const done = (tx: IDBTransaction): Promise<void> => committed(tx, VAULT_DB.errors);
const DEVICE_KEY = 'device';
const META = 'meta';
const SESSION_KEY = 'vault:unlocked';
/** Where a blob that failed to decrypt is set aside (kept, never decrypted again). */
const UNREADABLE_PREFIX = 'unreadable:';
/** A write whose key changed under it is redone at most this many times. */
const MAX_WRITE_ATTEMPTS = 3;

export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 10;
export const DEFAULT_IDLE_LOCK_MS = 30 * 60_000;
/** However active the user, the passphrase is asked again this long after unlocking. */
export const DEFAULT_MAX_UNLOCKED_MS = 12 * 3_600_000;

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
  /** The salt of the passphrase meta this key belongs to (base64): a stale key is refused. */
  salt: string;
  unlockedAt: number;
  /** The user's last activity (never a background read). */
  lastActive: number;
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
  /** The longest a passphrase vault stays unlocked (read at each check: it is a setting). */
  maxUnlockedMs?: number | (() => number | Promise<number>);
  /**
   * Told when the unlocked key must be dropped (issue 29, finding 8): at the earlier of the
   * idle and the maximum deadline, or undefined when nothing is unlocked. The background sets
   * an alarm for it and calls `expire` when it fires, so the key does not wait for a read.
   */
  onDeadline?: (at: number | undefined) => void | Promise<void>;
  /**
   * Told when a read (not `expire`, not the user's lock) found the unlocked key past its
   * deadline and dropped it: a worker that slept through the alarm must not lock in silence.
   */
  onExpired?: () => void | Promise<void>;
  /** Test hook: runs just before a re-encryption is committed. */
  beforeCommit?: () => void | Promise<void>;
  /** Test hook: runs just before a single secret's write is committed. */
  beforeWrite?: () => void | Promise<void>;
}

export interface Vault extends Required<SecretStore> {
  mode(): Promise<'device' | 'passphrase'>;
  enablePassphrase(passphrase: string): Promise<void>;
  unlock(passphrase: string): Promise<void>;
  lock(): Promise<void>;
  changePassphrase(current: string, next: string): Promise<void>;
  disablePassphrase(passphrase: string): Promise<void>;
  /**
   * Drops the unlocked key once its deadline has passed; true when this call locked the
   * vault. Otherwise it says the (possibly moved) deadline again through `onDeadline`.
   */
  expire(): Promise<boolean>;
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
  const maxUnlockedMs = async (): Promise<number> => {
    const value = typeof deps.maxUnlockedMs === 'function' ? await deps.maxUnlockedMs() : deps.maxUnlockedMs;
    return value !== undefined && Number.isFinite(value) && value > 0 ? value : DEFAULT_MAX_UNLOCKED_MS;
  };
  let deviceKeyPromise: Promise<CryptoKey> | undefined;

  /** One queue for everything that reads or writes secrets: no write lands under a key being replaced. */
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = queue.then(operation, operation);
    queue = run.catch(() => undefined);
    return run;
  }

  // A failed open is not kept: the next call tries again (the worker may live for hours).
  const connection = sharedConnection((f: IDBFactory) => openDatabase(f, VAULT_DB));
  const db = (): Promise<IDBDatabase> => connection(factory);

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
  /** Which key a blob store is under: the device key, or the passphrase meta of this salt. */
  const keyId = (m: PassphraseMeta | undefined): string => (m ? toB64(m.salt) : DEVICE_KEY);

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

  /** The unlocked session while it is valid for this meta; otherwise it is dropped. */
  async function liveSession(m: PassphraseMeta, quiet = false): Promise<UnlockedSession | undefined> {
    const unlocked = (await session.get(SESSION_KEY))[SESSION_KEY] as Partial<UnlockedSession> | undefined;
    const at = now();
    const valid =
      unlocked !== undefined &&
      typeof unlocked.key === 'string' &&
      unlocked.salt === keyId(m) &&
      typeof unlocked.unlockedAt === 'number' &&
      typeof unlocked.lastActive === 'number' &&
      at - unlocked.lastActive <= idleLockMs &&
      at - unlocked.unlockedAt <= (await maxUnlockedMs());
    if (valid) return unlocked as UnlockedSession;
    if (unlocked !== undefined) {
      await session.remove(SESSION_KEY);
      // Not awaited: whoever read must not wait for (or fail with) the notice.
      if (!quiet && deps.onExpired) void Promise.resolve().then(deps.onExpired).catch(() => undefined);
    }
    return undefined;
  }

  /** When this unlocked session must end: the earlier of its idle and its maximum deadline. */
  const deadlineOf = async (unlocked: UnlockedSession): Promise<number> => Math.min(unlocked.lastActive + idleLockMs, unlocked.unlockedAt + (await maxUnlockedMs()));

  /** Tells the background when to lock, from the session as it is now; its failure is no caller's concern. */
  async function announceDeadline(m: PassphraseMeta | undefined): Promise<void> {
    if (!deps.onDeadline) return;
    const unlocked = m ? await liveSession(m) : undefined;
    try {
      await deps.onDeadline(unlocked ? await deadlineOf(unlocked) : undefined);
    } catch {
      // Without the alarm the key is still dropped at the next read, as before.
    }
  }

  /** The key that encrypts secrets now, with the meta it belongs to; VaultLockedError when locked. */
  async function currentKey(): Promise<{ key: CryptoKey; under: string }> {
    const m = await meta();
    if (!m) return { key: await deviceKey(), under: DEVICE_KEY };
    // Reading never extends the idle time: only the user's own activity does.
    const unlocked = await liveSession(m);
    if (!unlocked) throw new VaultLockedError();
    return { key: await importDataKey(fromB64(unlocked.key)), under: keyId(m) };
  }

  /** Every stored secret that decrypts under `key`, with the blobs as read (to re-check at commit). */
  async function allPlain(key: CryptoKey): Promise<{ plain: Map<string, Uint8Array<ArrayBuffer>>; read: Map<string, Blob> }> {
    const store = (await db()).transaction(BLOBS, 'readonly').objectStore(BLOBS);
    const keysReq = store.getAllKeys();
    const values = (await request(store.getAll())) as Blob[];
    const keys = keysReq.result as string[];
    const plain = new Map<string, Uint8Array<ArrayBuffer>>();
    const read = new Map<string, Blob>();
    for (let i = 0; i < keys.length; i++) {
      const accountId = keys[i]!;
      read.set(accountId, values[i]!);
      if (accountId.startsWith(UNREADABLE_PREFIX)) continue;
      try {
        plain.set(accountId, await decrypt(key, values[i]!, accountId));
      } catch {
        // Already unreadable: it stays as it is (and is set aside when next read).
      }
    }
    return { plain, read };
  }

  const sameBlob = (a: Blob | undefined, b: Blob | undefined): boolean => a !== undefined && b !== undefined && toB64(new Uint8Array(a.iv)) === toB64(new Uint8Array(b.iv));

  /**
   * One IndexedDB transaction that first re-reads what `write` depends on: the key in use
   * (meta) and, for a re-encryption, every blob. If anything moved since it was read, the
   * transaction is aborted and the caller starts over.
   */
  async function commit(expected: { under: string; blobs?: Map<string, Blob> }, write: (tx: IDBTransaction) => void): Promise<boolean> {
    const tx = (await db()).transaction([BLOBS, KEYS], 'readwrite');
    const metaReq = tx.objectStore(KEYS).get(META);
    const keysReq = expected.blobs ? tx.objectStore(BLOBS).getAllKeys() : undefined;
    const valuesReq = expected.blobs ? tx.objectStore(BLOBS).getAll() : undefined;
    let moved = false;
    // The last request's success runs after the others' (same transaction, in order).
    (valuesReq ?? metaReq).addEventListener('success', () => {
      const current = metaReq.result as PassphraseMeta | undefined;
      moved = keyId(current) !== expected.under;
      if (!moved && expected.blobs && keysReq && valuesReq) {
        const keys = keysReq.result as string[];
        const values = valuesReq.result as Blob[];
        moved = keys.length !== expected.blobs.size || keys.some((k, i) => !sameBlob(expected.blobs!.get(k), values[i]));
      }
      if (moved) tx.abort();
      else write(tx);
    });
    try {
      await done(tx);
      return true;
    } catch (err) {
      if (moved) return false;
      throw err;
    }
  }

  /** Encrypts every secret under the new key, then commits blobs and meta in one transaction. */
  async function reencrypt(from: CryptoKey, fromUnder: string, to: CryptoKey, nextMeta: PassphraseMeta | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { plain, read: seen } = await allPlain(from);
      const blobs = new Map<string, Blob>();
      for (const [accountId, bytes] of plain) blobs.set(accountId, await encrypt(to, bytes, accountId));
      await deps.beforeCommit?.();
      const committed = await commit({ under: fromUnder, blobs: seen }, (tx) => {
        for (const [accountId, blob] of blobs) tx.objectStore(BLOBS).put(blob, accountId);
        if (nextMeta) tx.objectStore(KEYS).put(nextMeta, META);
        else tx.objectStore(KEYS).delete(META);
      });
      if (committed) return;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw new Error('The key vault kept changing during re-encryption; nothing was changed');
    }
  }

  async function newPassphraseMeta(passphrase: string, dataKey: Uint8Array<ArrayBuffer>): Promise<PassphraseMeta> {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new WeakPassphraseError();
    const salt = random(16);
    return { mode: 'passphrase', salt, iterations, wrapped: await encrypt(await derive(passphrase, salt, iterations), dataKey, 'batchwatch-data-key') };
  }

  const remember = async (dataKey: Uint8Array<ArrayBuffer>, m: PassphraseMeta): Promise<void> => {
    const at = now();
    await session.set({ [SESSION_KEY]: { key: toB64(dataKey), salt: keyId(m), unlockedAt: at, lastActive: at } satisfies UnlockedSession });
    await announceDeadline(m);
  };

  /** Moves a blob that does not decrypt out of the account's way (kept, not deleted). */
  async function setAside(accountId: string, blob: Blob): Promise<void> {
    const tx = (await db()).transaction(BLOBS, 'readwrite');
    tx.objectStore(BLOBS).put(blob, `${UNREADABLE_PREFIX}${accountId}`);
    tx.objectStore(BLOBS).delete(accountId);
    await done(tx);
  }

  async function isLocked(): Promise<boolean> {
    try {
      const m = await meta();
      return m ? (await liveSession(m)) === undefined : false;
    } catch {
      return true;
    }
  }

  return {
    async mode() {
      return (await meta()) ? 'passphrase' : 'device';
    },
    isLocked,
    async noteUserActivity() {
      const m = await meta();
      if (!m) return;
      const unlocked = await liveSession(m);
      if (!unlocked) return;
      await session.set({ [SESSION_KEY]: { ...unlocked, lastActive: now() } });
      await announceDeadline(m);
    },
    get(accountId) {
      return serial(async () => {
        const blob = await read<Blob>(BLOBS, accountId);
        if (!blob) return undefined;
        const { key } = await currentKey();
        let plain: Uint8Array<ArrayBuffer>;
        try {
          plain = await decrypt(key, blob, accountId);
        } catch {
          await setAside(accountId, blob);
          throw new SecretUnreadableError(accountId);
        }
        return JSON.parse(decoder.decode(plain)) as Record<string, string>;
      });
    },
    set(accountId, secrets) {
      return serial(async () => {
        for (let attempt = 1; ; attempt++) {
          const { key, under } = await currentKey();
          const blob = await encrypt(key, encoder.encode(JSON.stringify(secrets)), accountId);
          await deps.beforeWrite?.();
          if (await commit({ under }, (tx) => tx.objectStore(BLOBS).put(blob, accountId))) return;
          if (attempt >= MAX_WRITE_ATTEMPTS) throw new Error('The key vault kept changing; the keys were not saved');
        }
      });
    },
    delete(accountId) {
      return serial(async () => {
        const tx = (await db()).transaction(BLOBS, 'readwrite');
        tx.objectStore(BLOBS).delete(accountId);
        tx.objectStore(BLOBS).delete(`${UNREADABLE_PREFIX}${accountId}`);
        await done(tx);
      });
    },
    enablePassphrase(passphrase) {
      return serial(async () => {
        if (await meta()) throw new Error('Passphrase mode is already on.');
        const dataKey = random(32);
        const nextMeta = await newPassphraseMeta(passphrase, dataKey);
        await reencrypt(await deviceKey(), DEVICE_KEY, await importDataKey(dataKey), nextMeta);
        await remember(dataKey, nextMeta);
      });
    },
    unlock(passphrase) {
      return serial(async () => {
        const m = await meta();
        if (!m) return;
        await remember(await unwrap(m, passphrase), m);
      });
    },
    async lock() {
      await session.remove(SESSION_KEY);
      await announceDeadline(undefined);
    },
    expire() {
      // In the queue: an unlock racing the alarm must not have its fresh key removed.
      return serial(async () => {
        const m = await meta();
        const held = (await session.get(SESSION_KEY))[SESSION_KEY] !== undefined;
        // Its caller says so itself when this locked the vault.
        const live = m ? await liveSession(m, true) : undefined;
        await announceDeadline(m);
        return held && m !== undefined && live === undefined;
      });
    },
    changePassphrase(current, next) {
      return serial(async () => {
        const m = await meta();
        if (!m) throw new Error('Passphrase mode is off.');
        const oldKey = await importDataKey(await unwrap(m, current));
        const dataKey = random(32);
        const nextMeta = await newPassphraseMeta(next, dataKey);
        await reencrypt(oldKey, keyId(m), await importDataKey(dataKey), nextMeta);
        await remember(dataKey, nextMeta);
      });
    },
    disablePassphrase(passphrase) {
      return serial(async () => {
        const m = await meta();
        if (!m) return;
        const oldKey = await importDataKey(await unwrap(m, passphrase));
        await reencrypt(oldKey, keyId(m), await deviceKey(), undefined);
        await session.remove(SESSION_KEY);
        await announceDeadline(undefined);
      });
    },
  };
}
