/** The string ids naming an account's notification policy and colour. */
import type { AccountColor, NotifyPolicy } from '../../lib/messaging/messages';

export const POLICY_LABELS: Record<NotifyPolicy, string> = { failures: 'notifyFailures', all: 'notifyAll', none: 'notifyNone' };
export const COLOR_LABELS: Record<AccountColor, string> = {
  red: 'colorRed', orange: 'colorOrange', yellow: 'colorYellow', green: 'colorGreen', teal: 'colorTeal', blue: 'colorBlue', purple: 'colorPurple', pink: 'colorPink', grey: 'colorGrey',
};
