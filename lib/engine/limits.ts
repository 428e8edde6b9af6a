/**
 * How many signed calls may be in flight at once: one per account (providers throttle per
 * account, and a throttled account must back off alone), a few per provider host (so 100
 * accounts neither trickle one by one nor land on one endpoint at once). Enforced at the
 * fetch every provider call goes through, so no provider can get around it. No browser API.
 */

/** Calls in flight at once for one account. */
export const PER_ACCOUNT_CALLS = 1;
/** Calls in flight at once to one API host, across accounts. */
export const PER_HOST_CALLS = 4;
/** Accounts a cycle works on at once (each one call at a time). */
export const ACCOUNTS_AT_ONCE = 16;

/** A counting semaphore; a waiter whose signal aborts gives up its place. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly limit: number) {}

  get busy(): boolean {
    return this.active > 0 || this.waiting.length > 0;
  }

  async acquire(signal?: AbortSignal | null): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', abort);
        resolve();
      };
      const abort = (): void => {
        const at = this.waiting.indexOf(go);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      };
      this.waiting.push(go);
      signal?.addEventListener('abort', abort, { once: true });
    });
    // The releaser that woke us handed its place over: `active` did not go down.
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    };
  }
}

/** Runs `task` for each item, at most `limit` at once, in order of start. */
export async function forEachAtMost<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export interface CallLimiter {
  /** `fetch` for one account's calls, within that account's and each host's share. */
  fetchFor(accountId: string, fetch: typeof globalThis.fetch): typeof globalThis.fetch;
}

export function createCallLimiter(perAccount = PER_ACCOUNT_CALLS, perHost = PER_HOST_CALLS): CallLimiter {
  const accounts = new Map<string, Semaphore>();
  const hosts = new Map<string, Semaphore>();
  const slot = (map: Map<string, Semaphore>, key: string, limit: number): Semaphore => {
    let s = map.get(key);
    if (!s) map.set(key, (s = new Semaphore(limit)));
    return s;
  };
  const hostOf = (input: Parameters<typeof fetch>[0]): string => {
    try {
      return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url).host;
    } catch {
      return '';
    }
  };
  return {
    fetchFor(accountId, fetch) {
      return async (input, init) => {
        const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
        const host = hostOf(input);
        // The account's turn first: a call waiting for its account holds no host place.
        const accountSlot = slot(accounts, accountId, perAccount);
        const releaseAccount = await accountSlot.acquire(signal);
        try {
          const hostSlot = slot(hosts, host, perHost);
          const releaseHost = await hostSlot.acquire(signal);
          try {
            return await fetch(input, init);
          } finally {
            releaseHost();
            if (!hostSlot.busy) hosts.delete(host);
          }
        } finally {
          releaseAccount();
          if (!accountSlot.busy) accounts.delete(accountId);
        }
      };
    },
  };
}

/** One limiter per worker: the cycle's calls and those of the options page share it. */
export const callLimiter = createCallLimiter();
