/**
 * What a provider call is given (`ProviderContext`): the account's turn at the fetch, the
 * clock with the server's offset, a timeout, the UI language and the account's small memo.
 */
import { boundedClockOffset } from '../providers/http';
import type { ProviderContext } from '../providers/types';
import type { AccountRuntime } from '../store/index';
import type { EngineDeps } from './deps';
import { callLimiter } from './limits';

/**
 * One provider call (which may be a clock-skew retry or a few list pages, each fetch with
 * its own 20 s timeout) is abandoned after this, well inside the lease renewed before it.
 */
export const CALL_BUDGET_MS = 60_000;

/** Every fetch of a provider gets at most this (below the 30 s the checklist allows). */
export const FETCH_TIMEOUT_MS = 20_000;

/**
 * A provider call's context. With the account's id, its fetch waits for that account's
 * turn and a place at the host (limits.ts): every signed call should pass one.
 */
export function makeContext(deps: EngineDeps, runtime: AccountRuntime, onChange: () => void, signal: AbortSignal = AbortSignal.timeout(CALL_BUDGET_MS), accountId?: string): ProviderContext {
  return {
    fetch: accountId === undefined ? deps.fetch : callLimiter.fetchFor(accountId, deps.fetch),
    // The stored offset is untrusted (storage.local): one hours off is not used to sign.
    now: () => deps.now() + boundedClockOffset(runtime.clockOffsetMs),
    adjustClock: (serverTime) => {
      runtime.clockOffsetMs = serverTime - deps.now();
      onChange();
    },
    signal,
    lang: deps.lang(),
    timeoutMs: FETCH_TIMEOUT_MS,
    memo: {
      get: (k) => runtime.memo[k],
      set: (k, v) => {
        runtime.memo[k] = v;
        onChange();
      },
    },
    nonce: () => crypto.randomUUID(),
  };
}
