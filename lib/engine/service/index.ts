/**
 * The background's request handling, by surface: `page-requests.ts` (popup, options),
 * `console-requests.ts` (console content scripts), `views.ts` (what they are shown),
 * `accounts.ts` (saving, importing, testing, removing), `calls.ts` (signed calls a request
 * causes), `common.ts` (what they share). Nothing returned ever carries a secret.
 */
export type { ServiceDeps } from './common';
export { stateView, writePopupSnapshot } from './views';
export { importAccounts, removeAccount, saveAccount, testConnection } from './accounts';
export { failedItemsView, trackTask } from './calls';
export { handlePageRequest, pageHandlers, saveSettings, setMuted } from './page-requests';
export { contentHandlers, handleContentRequest, type ConsoleSender } from './console-requests';
