/**
 * The providers' documented per-API rate limits (Tencent CDN's 20 requests a second, Huawei
 * CDN's 30) hold per caller: paging through a long history must not burst past them and earn a
 * throttled answer that stops the account for a backoff. Each call of one API by one account
 * waits, when needed, until 1/rate seconds after the previous one started.
 */
import type { ProviderContext } from './types';

const lastStart = new Map<string, number>();
/** Entries older than this can no longer delay anything: dropped so the map stays small. */
const FORGET_AFTER_MS = 5_000;

async function paced(key: string, perSecond: number, signal?: AbortSignal): Promise<void> {
  const gapMs = 1000 / perSecond;
  // The monotonic clock, not the provider's corrected one: a clock-skew correction must not stall calls.
  const now = performance.now();
  if (lastStart.size > 1_000) {
    for (const [k, at] of lastStart) if (now - at > FORGET_AFTER_MS) lastStart.delete(k);
  }
  const startAt = Math.max(now, (lastStart.get(key) ?? -Infinity) + gapMs);
  lastStart.set(key, startAt);
  if (startAt <= now) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, startAt - now);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
  // A timer fires late, never early: the next call is spaced from when this one really starts.
  lastStart.set(key, Math.max(lastStart.get(key) ?? 0, performance.now()));
}

/**
 * The context whose every request (each page, each clock-skew retry) is paced: the wait comes
 * right before the request leaves, after signing, so the provider sees the calls spaced.
 */
export function pacedContext<C extends Pick<ProviderContext, 'fetch' | 'signal'>>(ctx: C, key: string, perSecond: number): C {
  return { ...ctx, fetch: (async (input, init) => {
    await paced(key, perSecond, ctx.signal);
    return ctx.fetch(input, init);
  }) as typeof fetch };
}
