import { IDBFactory } from 'fake-indexeddb';
import { privateArea } from '../../../lib/store/private-area';

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

/** Everything the private area holds (what a full storage dump was before issue 29's finding 7), without its own mark. */
export async function privateDump(): Promise<Record<string, unknown>> {
  // Opens the area (and moves storage.local's old keys) as the extension would.
  await privateArea.get(['-']);
  const db = await request(indexedDB.open('batchwatch-store'));
  try {
    const kv = db.transaction('kv', 'readonly').objectStore('kv');
    const [keys, values] = await Promise.all([request(kv.getAllKeys()), request(kv.getAll())]);
    return Object.fromEntries(keys.flatMap((key, i) => (String(key).startsWith('\u0000') ? [] : [[String(key), values[i]]])));
  } finally {
    db.close();
  }
}

/** Plants values where the store reads them, as an older version (or a bug) could have written them. */
export const plantPrivate = (items: Record<string, unknown>): Promise<void> => privateArea.set(items);

/** Empties the store, as at each test's start: storage.local and the private area (a fresh IndexedDB). */
export function resetStores(reset: () => void): void {
  reset();
  globalThis.indexedDB = new IDBFactory();
}
