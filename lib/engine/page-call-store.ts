/**
 * The page-call budget of this background, with its windows in storage.session (both
 * browsers): a worker that restarts reads back what the pages already spent (issue 29,
 * finding 3). Session storage ends with the browser session, as an allowance should, and is
 * closed to content scripts (background.ts sets its access level in Chrome; Firefox never
 * opens it to them).
 */
import { storage } from '@wxt-dev/storage';
import { createPageCallBudget, PAGE_CALL_LIMITS, type PageCallBudget, type PageCallWindowStore } from './page-call-budget';

const windowsItem = storage.defineItem<unknown>('session:pageCallWindows', { fallback: {} });

export const sessionWindowStore: PageCallWindowStore = {
  load: () => windowsItem.getValue(),
  save: (windows) => windowsItem.setValue(windows),
};

/** One budget per background (each test's deps has its own, as each worker has). */
const budgets = new WeakMap<object, PageCallBudget>();
export function pageCallBudget(deps: object): PageCallBudget {
  let budget = budgets.get(deps);
  if (!budget) budgets.set(deps, (budget = createPageCallBudget(PAGE_CALL_LIMITS, sessionWindowStore)));
  return budget;
}
