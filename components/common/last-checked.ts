/** "Last checked 3 min ago" for an account, or "checking now…" while a cycle runs. */
import type { AccountView } from '../../lib/messaging/messages';
import { localeTag } from '../../lib/i18n/catalogue';
import { ageWords } from '../../lib/popup/age';
import { lang, t, words } from './i18n';

export function lastCheckedWords(account: Pick<AccountView, 'lastPolledAt' | 'problem'>, refreshing: boolean, now: number): string {
  // A stopped account is not polled by the cycle that runs: it says when it last was.
  if (refreshing && !account.problem?.stopped) return t('checkingNow');
  if (account.lastPolledAt === undefined) return t('notCheckedYet');
  return words({ id: 'lastChecked', age: ageWords(account.lastPolledAt, now, localeTag(lang())) ?? t('justNow') });
}

/**
 * One line per capability whose last check differs from its account's: those not watched or
 * being retried ("DCS tasks in cn-east-3: Last checked 2 hr. ago"). Watched ones are read
 * with the account, and say nothing more.
 */
export function capabilityCheckedLines(account: Pick<AccountView, 'capabilities' | 'problem'>, refreshing: boolean, now: number): string[] {
  return (account.capabilities ?? [])
    .filter((c) => c.state !== 'watched')
    .map((c) => words({ id: 'lastCheckedCapability', capability: c.label, when: lastCheckedWords({ ...(c.checkedAt !== undefined ? { lastPolledAt: c.checkedAt } : {}), ...(account.problem ? { problem: account.problem } : {}) }, refreshing, now) }));
}
