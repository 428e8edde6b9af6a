/**
 * A task's failed items, paged to the end: used by the cycle when a task finishes with
 * failures, and by a surface that asks for them.
 */
import { boundedFailedItem, type Credentials, type FailedItem, type Provider, type ProviderContext, type Task } from '../providers/types';
import { MAX_STORED_FAILED_ITEMS } from '../store/index';

/** Failed items are paged to the provider's maximum; this bounds a runaway pager. */
export const MAX_FAILED_ITEM_PAGES = 200;

/**
 * Every page of a task's failed items, at the provider's page size, until the last page,
 * the storage cap or the page cap. Each page gets a fresh call budget and lease.
 */
export async function fetchAllFailedItems(
  provider: Provider,
  cred: Credentials,
  task: Task,
  context: () => ProviderContext,
  beforeEachPage: () => Promise<void> = async () => undefined,
): Promise<{ items: FailedItem[]; truncated: boolean }> {
  const items: FailedItem[] = [];
  let page = 1;
  for (let pages = 0; pages < MAX_FAILED_ITEM_PAGES; pages++) {
    if (pages > 0) await beforeEachPage();
    const result = await provider.failedItems(cred, task, page, context());
    items.push(...result.items.map(boundedFailedItem));
    if (items.length >= MAX_STORED_FAILED_ITEMS) return { items: items.slice(0, MAX_STORED_FAILED_ITEMS), truncated: true };
    // A page number that does not move forward would page forever.
    if (result.nextPage === undefined || result.nextPage <= page) return { items, truncated: Boolean(result.beyondApi) };
    page = result.nextPage;
  }
  return { items, truncated: true };
}
