/**
 * Imported first by the bench: @wxt-dev/storage (which lib/store uses) reaches the browser
 * through globalThis.chrome when it is loaded, so Node gets the in-memory fake browser. The
 * store keeps accounts and tasks in the extension's IndexedDB (lib/store/private-area.ts),
 * which Node lacks: fake-indexeddb stands in, as in the unit tests.
 */
import { fakeBrowser } from '@webext-core/fake-browser';
import { IDBFactory } from 'fake-indexeddb';

Object.assign(globalThis, { chrome: fakeBrowser, indexedDB: new IDBFactory() });

/** Empty stores for a measurement: storage.local and a fresh IndexedDB (the private area opens anew when its factory changes). */
export function freshStores(): void {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
}
