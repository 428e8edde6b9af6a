/**
 * How many signed calls a console page may cause. Providers lock keys after a few bad
 * signatures (Huawei: 5) and ban accounts that keep failing, so a page (or a compromised
 * renderer) that shows task ids at machine speed must not turn each one into a signed call.
 * The caller passes the clock. The windows outlive the worker (issue 29, finding 3): a page
 * that pauses until the worker is stopped must not come back to a fresh allowance, so they
 * are written through to a store (storage.session, page-call-store.ts) and read back once.
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

/** Thrown before a page-triggered call that the page-call budget has no room for: nothing was sent. */
export class PageBudgetError extends Error {
  constructor() {
    super('No page-triggered call left in this minute for this account');
    this.name = 'PageBudgetError';
  }
}

/** A refusal of the budget, as thrown or as the cause of the network error a fetch wrapper's rejection becomes. */
export const isPageBudgetError = (err: unknown): boolean => err instanceof PageBudgetError || (err instanceof Error && err.cause instanceof PageBudgetError);

/** Each account's sent calls (their times), as kept between workers. */
export type PageCallWindows = Record<string, number[]>;

/** Where the windows are kept between workers. */
export interface PageCallWindowStore {
  load(): Promise<unknown>;
  save(windows: PageCallWindows): Promise<void>;
}

/** Accounts read back from a stored value at most (far more than anyone configures). */
const MAX_STORED_ACCOUNTS = 1000;

/** Stored windows are read as untrusted: anything that is not an account's list of times is left out. */
export function readPageCallWindows(raw: unknown, limits: PageCallLimits = PAGE_CALL_LIMITS): PageCallWindows {
  const out: PageCallWindows = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [accountId, times] of Object.entries(raw as Record<string, unknown>).slice(0, MAX_STORED_ACCOUNTS)) {
    if (!Array.isArray(times)) continue;
    const valid = times.filter((at): at is number => Number.isFinite(at));
    // More than a window's worth were never sent: the latest are the ones that count.
    if (valid.length) out[accountId] = valid.sort((a, b) => a - b).slice(-limits.callsPerWindow);
  }
  return out;
}

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
  /** Reads the stored windows (once): awaited before the budget is asked anything. */
  ready(): Promise<void>;
  /** Settles when every spend so far is stored: a call goes out only after its spend is. */
  saved(): Promise<void>;
}

export function createPageCallBudget(limits: PageCallLimits = PAGE_CALL_LIMITS, store?: PageCallWindowStore): PageCallBudget {
  const spent = new Map<string, number[]>();
  const inFlight = new Set<string>();
  const newIds = new Map<string, number>();
  let loaded: Promise<void> | undefined;
  let saving: Promise<void> = Promise.resolve();

  // A stored time ahead of the clock was not spent by this browser: it does not count.
  const window = (accountId: string, now: number): number[] => {
    const recent = (spent.get(accountId) ?? []).filter((at) => at <= now && now - at < limits.windowMs);
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
      if (store) {
        // Each write takes the windows as they are when it runs: the last one stores every spend.
        const write = (): Promise<void> => store.save(Object.fromEntries(spent));
        saving = saving.then(write).catch(() => undefined);
      }
      return true;
    },
    end(accountId) {
      inFlight.delete(accountId);
    },
    remaining,
    ready() {
      loaded ??= (store ? store.load() : Promise.resolve(undefined)).then(
        (raw) => {
          // Spends made before the stored ones arrived are kept beside them.
          for (const [accountId, times] of Object.entries(readPageCallWindows(raw, limits))) {
            spent.set(accountId, [...times, ...(spent.get(accountId) ?? [])]);
          }
        },
        () => undefined,
      );
      return loaded;
    },
    // A store that cannot be written costs the restart protection, not the calls themselves.
    saved: () => saving,
  };
}
