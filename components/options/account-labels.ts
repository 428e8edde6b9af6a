/** The string ids naming an account's notification policy and colour. */
import type { AccountColor, NotifyPolicy } from '../../lib/messaging/messages';
import type { CatalogueKey } from '../../lib/i18n/catalogue';

export const POLICY_LABELS: Record<NotifyPolicy, CatalogueKey> = { failures: 'notifyFailures', all: 'notifyAll', none: 'notifyNone' };
export const COLOR_LABELS: Record<AccountColor, CatalogueKey> = {
  red: 'colorRed', orange: 'colorOrange', yellow: 'colorYellow', green: 'colorGreen', teal: 'colorTeal', blue: 'colorBlue', purple: 'colorPurple', pink: 'colorPink', grey: 'colorGrey',
};
