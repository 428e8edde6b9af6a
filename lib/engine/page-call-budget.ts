/**
 * How many signed calls a console page may cause. Providers lock keys after a few bad
 * signatures (Huawei: 5) and ban accounts that keep failing, so a page (or a compromised
 * renderer) that shows task ids at machine speed must not turn each one into a signed call.
 * Pure: the caller passes the clock; nothing here is persisted (a restarted worker starts
 * with an empty window, which can only cost one more minute's allowance).
 */

export interface PageCallLimits {
  /** Signed calls a page may cause per account in any window of `windowMs`. */
  callsPerWindow: number;
  windowMs: number;
  /** New task ids (not already stored) taken from one page view; the rest are dropped. */
  newIdsPerPageView: number;
  /** Page views remembered at once (oldest forgotten first), so memory stays bounded. */
  pageViewsRemembered: number;
}

export const PAGE_CALL_LIMITS: PageCallLimits = { callsPerWindow: 10, windowMs: 60_000, newIdsPerPageView: 20, pageViewsRemembered: 200 };

/** Why a page-triggered operation was not started. */
export type PageCallRefusal = 'page-view-full' | 'busy' | 'rate';

export interface PageCallBudget {
  /** Counts one new id for this page view: false once the page view has had its share. */
  takeNewId(pageView: string): boolean;
  /**
   * Starts one page-triggered operation for an account: refused while another is in flight
   * or when the window has no call left. The caller must call `end` when it settles.
   */
  begin(accountId: string, now: number): PageCallRefusal | undefined;
  /** Spends one signed call of the account's window: false when none is left (do not send). */
  spend(accountId: string, now: number): boolean;
  end(accountId: string): void;
  /** Calls still allowed in the account's window at `now`. */
  remaining(accountId: string, now: number): number;
}

export function createPageCallBudget(limits: PageCallLimits = PAGE_CALL_LIMITS): PageCallBudget {
  const spent = new Map<string, number[]>();
  const inFlight = new Set<string>();
  const newIds = new Map<string, number>();

  const window = (accountId: string, now: number): number[] => {
    const recent = (spent.get(accountId) ?? []).filter((at) => now - at < limits.windowMs);
    if (recent.length) spent.set(accountId, recent);
    else spent.delete(accountId);
    return recent;
  };
  const remaining = (accountId: string, now: number): number => Math.max(0, limits.callsPerWindow - window(accountId, now).length);

  return {
    takeNewId(pageView) {
      const taken = newIds.get(pageView) ?? 0;
      if (taken >= limits.newIdsPerPageView) return false;
      // Re-inserted last, so the map's first key is always the least recently used view.
      newIds.delete(pageView);
      newIds.set(pageView, taken + 1);
      while (newIds.size > limits.pageViewsRemembered) newIds.delete(newIds.keys().next().value as string);
      return true;
    },
    begin(accountId, now) {
      if (inFlight.has(accountId)) return 'busy';
      if (remaining(accountId, now) === 0) return 'rate';
      inFlight.add(accountId);
      return undefined;
    },
    spend(accountId, now) {
      const recent = window(accountId, now);
      if (recent.length >= limits.callsPerWindow) return false;
      spent.set(accountId, [...recent, now]);
      return true;
    },
    end(accountId) {
      inFlight.delete(accountId);
    },
    remaining,
  };
}
