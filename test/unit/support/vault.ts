import { IDBFactory } from 'fake-indexeddb';
import { createVault, memorySession, type Vault } from '../../../lib/vault/index';

/**
 * Two extension contexts (say the worker and the options page) over one IndexedDB and one
 * storage.session. `meanwhile` runs in the other context while the first one's first
 * re-encryption is about to commit: the race the vault's re-check exists for.
 */
export function racingContexts(meanwhile: (other: Vault) => Promise<unknown>) {
  const factory = new IDBFactory();
  const session = memorySession();
  const other = createVault({ indexedDB: factory, session, iterations: 1_000 });
  let commits = 0;
  const vault = createVault({
    indexedDB: factory,
    session,
    iterations: 1_000,
    beforeCommit: async () => {
      if (++commits === 1) await meanwhile(other);
    },
  });
  return { vault, other, factory, session, commits: () => commits };
}

/** Flips a byte of one account's blob in the vault's IndexedDB (a tampered or half-written secret). */
export async function corruptSecret(factory: IDBFactory, accountId: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const open = factory.open('batchwatch-vault');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('secrets', 'readwrite');
      const store = tx.objectStore('secrets');
      const req = store.get(accountId);
      req.onsuccess = () => {
        const blob = req.result as { data: ArrayBuffer };
        const bytes = new Uint8Array(blob.data.slice(0));
        bytes[0]! ^= 0xff;
        store.put({ ...blob, data: bytes.buffer }, accountId);
      };
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
    };
  });
}
