import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

/**
 * The store keeps accounts, tasks and failed items in the extension's IndexedDB
 * (lib/store/private-area.ts). Each test starts with an empty one, as fakeBrowser.reset()
 * empties storage.local: the area opens a fresh database whenever the factory changes.
 */
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
