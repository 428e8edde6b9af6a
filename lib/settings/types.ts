/**
 * The user's settings. Their own file: the defaults (settings/defaults.ts) and the messages'
 * schemas (messaging/messages.ts) both need the type, and the schemas need the defaults.
 */
import type { LanguageChoice } from './language';
export interface Settings {
  pendingIntervalSec: number;
  idleIntervalSec: number;
  historyMaxTasks: number;
  historyMaxAgeDays: number;
  notifyOnFailure: boolean;
  notifyOnSuccess: boolean;
  /** Minutes after unlocking at which the passphrase vault locks, whatever the user does. */
  maxUnlockedMin: number;
  /** The language every surface speaks: the browser's unless the user chose one. */
  language: LanguageChoice;
}
