import type { Settings } from './types';

/** The defaults a new install starts with (pure, so the bench and tests can read them). */
export const DEFAULT_SETTINGS: Settings = {
  pendingIntervalSec: 30,
  idleIntervalSec: 300,
  historyMaxTasks: 500,
  historyMaxAgeDays: 30,
  notifyOnFailure: true,
  notifyOnSuccess: false,
  maxUnlockedMin: 720,
  language: 'auto',
};
