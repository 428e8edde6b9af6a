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
