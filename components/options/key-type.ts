/** The card's "Key type: long-lived / temporary until 14:05". */
import type { AccountView } from '../../lib/messaging/messages';
import { clockTime, expiryOf } from '../../lib/providers/temporary-keys';
import { t, words } from '../common/i18n';

export function keyTypeWords(account: Pick<AccountView, 'settings' | 'temporaryKeys'>): string {
  if (!account.temporaryKeys) return t('keyTypeLongLived');
  const expires = expiryOf(account);
  return expires === undefined ? t('keyTypeTemporary') : words({ id: 'keyTypeTemporaryUntil', time: clockTime(expires) });
}
