/**
 * What to poll now: pure functions of the stored state and a clock, so every rule is a
 * table-driven unit test. Providers are not named here.
 */
import { isTerminal, type Account, type TaskStatus } from '../providers/types';
import type { Settings } from '../messages';
import type { AccountRuntime, StoredTask } from '../store/index';

export type Step =
  | { kind: 'discover'; accountId: string }
  | { kind: 'refresh'; accountId: string; taskKey: string }
  | { kind: 'failedItems'; accountId: string; taskKey: string };

export interface PlanInput {
  accounts: readonly Account[];
  tasks: Readonly<Record<string, StoredTask>>;
  runtime: Readonly<Record<string, AccountRuntime>>;
  settings: Settings;
  now: number;
  /** Run discovery for every eligible account regardless of cadence ("Refresh now"). */
  force?: boolean;
  /** Accounts whose console page was just visited: discover them now. */
  visitedAccounts?: ReadonlySet<string>;
  /** Providers that can list tasks (discovery is pointless for the others). */
  canDiscover: (account: Account) => boolean;
}

/** Still worth asking about: not finished and not known to be gone. */
export const needsRefresh = (task: StoredTask): boolean => !isTerminal(task.status) && !task.gone;

/** Counted on the badge. */
export const isPendingStatus = (status: TaskStatus): boolean => status === 'pending' || status === 'running';

/** Slack so an alarm firing a little early still counts as due. */
const DUE_SLACK_MS = 2_000;

export function accountEligible(runtime: AccountRuntime | undefined, now: number): boolean {
  if (runtime?.problem?.stopped) return false;
  return !(runtime?.backoffUntil !== undefined && runtime.backoffUntil > now);
}

export function hasPendingWork(tasks: Readonly<Record<string, StoredTask>>): boolean {
  return Object.values(tasks).some(needsRefresh);
}

export function cadenceMs(settings: Settings, pending: boolean): number {
  return 1000 * Math.max(30, pending ? settings.pendingIntervalSec : settings.idleIntervalSec);
}

/** Alarm wake-ups per hour with nothing pending (the bench reports it; the goal is ≤ 12). */
export function idleWakeupsPerHour(settings: Settings): number {
  return Math.ceil(3_600_000 / cadenceMs(settings, false));
}

export function planCycle(input: PlanInput): Step[] {
  const steps: Step[] = [];
  const pending = hasPendingWork(input.tasks);
  const interval = cadenceMs(input.settings, pending);
  for (const account of input.accounts) {
    const runtime = input.runtime[account.id];
    if (!accountEligible(runtime, input.now)) continue;
    const last = runtime?.lastDiscoveryAt;
    const due = input.force || input.visitedAccounts?.has(account.id) || last === undefined || input.now - last >= interval - DUE_SLACK_MS;
    if (due && input.canDiscover(account)) steps.push({ kind: 'discover', accountId: account.id });
    const accountTasks = Object.values(input.tasks).filter((t) => t.accountId === account.id);
    const lastPolled = runtime?.lastPolledAt;
    const refreshDue = input.force || lastPolled === undefined || input.now - lastPolled >= cadenceMs(input.settings, true) - DUE_SLACK_MS;
    if (refreshDue) {
      for (const task of accountTasks) if (needsRefresh(task)) steps.push({ kind: 'refresh', accountId: account.id, taskKey: task.key });
    }
    for (const task of accountTasks) {
      if (isTerminal(task.status) && (task.failed ?? 0) > 0 && !task.failedItemsFetched && task.watched) {
        steps.push({ kind: 'failedItems', accountId: account.id, taskKey: task.key });
      }
    }
  }
  return steps;
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/** A server asking for more than this is probably wrong; we come back after six hours. */
export const MAX_RETRY_AFTER_MS = 6 * 3600_000;

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 30 * 60_000 };

/**
 * Full-jitter exponential backoff (a uniform draw below the capped exponential), never
 * shorter than the server's Retry-After.
 */
export function backoffDelayMs(failures: number, random: () => number, retryAfterMs?: number, policy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
