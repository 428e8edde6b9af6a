/**
 * The passphrase vault locks at its deadline, not at the next read (issue 29, finding 8): one
 * alarm at the moment the unlocked key must go (the vault says when, through `onDeadline`),
 * and when it fires the key is dropped. A lock that stops the watching of pending tasks says
 * so once, with how many (issue 32). No browser API here: the background passes its alarms.
 */
import type { Vault } from '../vault/index';
import { accountsItem, readActiveTasks, runtimeItem } from '../store/index';
import type { Notice } from './deps';
import { needsRefresh } from './schedule';

export const VAULT_LOCK_ALARM = 'batchwatch-vault-lock';
/** The lock's notification (one at a time: a second lock replaces it). */
export const VAULT_LOCKED_NOTICE = 'batchwatch-vault-locked';

export interface LockAlarms {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<unknown> | unknown;
}

/** The vault's `onDeadline`: one alarm at the deadline, none while nothing is unlocked. */
export function lockAlarmAt(alarms: LockAlarms): (at: number | undefined) => Promise<void> {
  return async (at) => {
    if (at === undefined) await alarms.clear(VAULT_LOCK_ALARM);
    else await alarms.create(VAULT_LOCK_ALARM, { when: at });
  };
}

/** Unfinished tasks of accounts that would be polled: what a lock stops watching. */
export async function watchedTaskCount(): Promise<number> {
  const [tasks, accounts, runtime] = await Promise.all([readActiveTasks(), accountsItem.getValue(), runtimeItem.getValue()]);
  const pollable = new Set(accounts.filter((a) => !runtime[a.id]?.problem?.stopped).map((a) => a.id));
  return Object.values(tasks).filter((t) => needsRefresh(t) && pollable.has(t.accountId)).length;
}

export interface LockDeps {
  vault: Pick<Vault, 'expire'>;
  notify(notice: Notice): Promise<void>;
  /** A string of the locale files (browser.i18n.getMessage in the background). */
  text(key: 'vaultLockedNoticeTitle' | 'vaultLockedNoticeMessage', substitutions?: string[]): string;
  /** After a lock: the badge says so. */
  afterLock(): Promise<void>;
}

/** The alarm fired: drops the key if its time has come; true when this locked the vault. */
export async function lockAtDeadline(deps: LockDeps): Promise<boolean> {
  const watched = await watchedTaskCount();
  if (!(await deps.vault.expire())) return false;
  await sayLocked(deps, watched);
  return true;
}

/**
 * The vault's `onExpired`: a read found the key past its deadline before the alarm did (a
 * worker asleep through it, a laptop waking up). The lock is said as the alarm's would be.
 */
export async function lockedByRead(deps: Omit<LockDeps, 'vault'>): Promise<void> {
  await sayLocked(deps, await watchedTaskCount());
}

async function sayLocked(deps: Omit<LockDeps, 'vault'>, watched: number): Promise<void> {
  await deps.afterLock();
  if (watched > 0) {
    await deps.notify({ id: VAULT_LOCKED_NOTICE, title: deps.text('vaultLockedNoticeTitle'), message: deps.text('vaultLockedNoticeMessage', [String(watched)]) });
  }
}
