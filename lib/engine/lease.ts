/**
 * The polling lease: one cycle at a time across worker restarts. It lives in storage.local
 * with an expiry, so a dead worker's lease lapses; storage is untrusted, so a lease no cycle
 * could have written blocks nothing.
 */
import { leaseItem } from '../store/index';
import type { EngineDeps } from './deps';

/** A cycle's lease lasts this long after its last step started; a dead worker's lapses. */
export const LEASE_MS = 90_000;

/**
 * Leeway for a lease written by another worker of this browser whose clock read a little
 * ahead of ours (same machine clock, different moments).
 */
export const LEASE_CLOCK_MARGIN_MS = 5_000;

/**
 * A lease blocks cycles only while it runs and only if a cycle could have written it:
 * `storage.local` is untrusted, and a planted (or clock-jumped) far-future `expiresAt`
 * must not stop polling for good. No cycle ever sets one more than LEASE_MS ahead.
 */
export function leaseLive<L extends { expiresAt: number }>(lease: L | null | undefined, now: number): lease is L {
  return Boolean(lease && lease.expiresAt > now && lease.expiresAt <= now + LEASE_MS + LEASE_CLOCK_MARGIN_MS);
}

/**
 * Takes the lease unless another holder's has not expired yet. `holder` names one cycle
 * (not just the worker), so two cycles of the same worker exclude each other too.
 */
export async function acquireLease(deps: Pick<EngineDeps, 'now' | 'ownerId'>, holder: string = deps.ownerId): Promise<boolean> {
  const now = deps.now();
  const lease = await leaseItem.getValue();
  if (leaseLive(lease, now) && lease.owner !== holder) return false;
  await leaseItem.setValue({ owner: holder, expiresAt: now + LEASE_MS });
  const confirmed = await leaseItem.getValue();
  return confirmed?.owner === holder;
}

/** Thrown inside a cycle whose lease lapsed and was taken over: it must not write on. */
export class LeaseLostError extends Error {
  constructor() {
    super('The polling lease was taken over by another cycle');
    this.name = 'LeaseLostError';
  }
}

/**
 * A lease is extended only once this much of it has passed: with 100 accounts at work a
 * write per step would be hundreds of writes a cycle. What is left is still more than a
 * call's budget (a test keeps it so).
 */
export const LEASE_RENEW_AFTER_MS = 15_000;

/** Checks the lease before a step (a cycle whose lease was taken over stops at once) and extends it when due. */
export async function renewLease(deps: Pick<EngineDeps, 'now' | 'ownerId'>, holder: string = deps.ownerId): Promise<void> {
  const lease = await leaseItem.getValue();
  if (lease?.owner !== holder) throw new LeaseLostError();
  if (lease.expiresAt - deps.now() > LEASE_MS - LEASE_RENEW_AFTER_MS) return;
  await leaseItem.setValue({ owner: holder, expiresAt: deps.now() + LEASE_MS });
}

export async function releaseLease(deps: Pick<EngineDeps, 'ownerId'>, holder: string = deps.ownerId): Promise<void> {
  const lease = await leaseItem.getValue();
  if (lease?.owner === holder) await leaseItem.setValue(null);
}
