/**
 * Temporary keys that expired: the account stops, as for a refused key, but it is not one (no
 * count of bad signatures, no "keys refused" words), and the user is told once what to do.
 */
import type { Account, ProviderError } from '../providers/types';
import { clockTime, expiryOf, TemporaryKeysExpiredError } from '../providers/temporary-keys';
import type { AccountProblem } from '../store/index';

/** The stored problem: "Temporary keys of ‘Prod’ expired at 14:05 — paste new ones". */
export function expiredProblem(account: Account, err: ProviderError, now: number): AccountProblem {
  // The known expiry when there is one; else when the provider said so.
  const at = err instanceof TemporaryKeysExpiredError ? err.expiredAt : (expiryOf(account) ?? now);
  return { errorClass: 'expired', message: { id: 'temporaryKeysExpired', account: account.name, time: clockTime(Math.min(at, now)) }, since: now, stopped: true };
}
