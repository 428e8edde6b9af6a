/**
 * Imported first by the bench: @wxt-dev/storage (which lib/store uses) reaches the browser
 * through globalThis.chrome when it is loaded, so Node gets the in-memory fake browser.
 */
import { fakeBrowser } from '@webext-core/fake-browser';

Object.assign(globalThis, { chrome: fakeBrowser });
