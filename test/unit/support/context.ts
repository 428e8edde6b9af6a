import type { ProviderContext } from '../../../lib/providers/types';

/** A ProviderContext for unit tests: a fixed or moving clock, an in-memory memo. */
export function testContext(fetchImpl: typeof fetch, overrides: Partial<ProviderContext> & { offsetMs?: number; startAt?: number } = {}): ProviderContext & { offset(): number; memoData: Map<string, string> } {
  let offset = overrides.offsetMs ?? 0;
  const startAt = overrides.startAt;
  const memoData = new Map<string, string>();
  let nonce = 0;
  return {
    fetch: fetchImpl,
    now: () => (startAt ?? Date.now()) + offset,
    adjustClock: (serverTime) => {
      offset += serverTime - ((startAt ?? Date.now()) + offset);
    },
    lang: 'en',
    timeoutMs: 5_000,
    memo: { get: (k) => memoData.get(k), set: (k, v) => void memoData.set(k, v) },
    nonce: () => `nonce-${++nonce}-${Math.random().toString(36).slice(2)}`,
    ...overrides,
    offset: () => offset,
    memoData,
  };
}
