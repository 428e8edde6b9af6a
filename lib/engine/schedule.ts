/**
 * What to poll now: pure functions of the stored state and a clock, so every rule is a
 * table-driven unit test. Providers are not named here.
 */
import { isTerminal, type Account, type TaskStatus } from '../providers/types';
import type { Settings } from '../messaging/messages';
import type { AccountRuntime, StoredTask } from '../store/index';

export type Step =
  /** `fromPage`: due only because a console page was visited, so the page budget pays for its calls. */
  | { kind: 'discover'; accountId: string; fromPage?: true }
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

/**
 * Worth the fast cadence: still asked about, and in a state that is known to change. A
 * status word no doc lists ('unknown') may never change: it is asked about at the idle
 * cadence, and neither its account's discovery nor the alarm speeds up for it (issue 28).
 */
export const isFastWork = (task: StoredTask): boolean => needsRefresh(task) && task.status !== 'unknown';

// The store keeps its active list by the same rules the planner uses: one definition.
import { finishedWithFailures, mayHaveFailedItems } from '../store/tasks';
export { finishedWithFailures, mayHaveFailedItems };

/** Counted on the badge. */
export const isPendingStatus = (status: TaskStatus): boolean => status === 'pending' || status === 'running';

/** Slack so an alarm firing a little early still counts as due. */
const DUE_SLACK_MS = 2_000;

export function accountEligible(runtime: AccountRuntime | undefined, now: number): boolean {
  if (runtime?.problem?.stopped) return false;
  return !(runtime?.backoffUntil !== undefined && runtime.backoffUntil > now);
}

/**
 * Anything still worth a 30 s cadence. Given the accounts, tasks of accounts that are gone
 * or stopped for an auth error do not count: they cannot be polled, so waking for them
 * would only cost battery.
 */
export function hasPendingWork(
  tasks: Readonly<Record<string, StoredTask>>,
  accounts?: readonly Account[],
  runtime: Readonly<Record<string, AccountRuntime>> = {},
): boolean {
  const pollable = accounts && new Set(accounts.filter((a) => !runtime[a.id]?.problem?.stopped).map((a) => a.id));
  return Object.values(tasks).some((t) => isFastWork(t) && (!pollable || pollable.has(t.accountId)));
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
  const tasksByAccount = new Map<string, StoredTask[]>();
  for (const task of Object.values(input.tasks)) {
    const list = tasksByAccount.get(task.accountId);
    if (list) list.push(task);
    else tasksByAccount.set(task.accountId, [task]);
  }
  for (const account of input.accounts) {
    const runtime = input.runtime[account.id];
    if (!accountEligible(runtime, input.now)) continue;
    const accountTasks = tasksByAccount.get(account.id) ?? [];
    // Each account at its own cadence: another account's pending task is no reason to list this one.
    const interval = cadenceMs(input.settings, accountTasks.some(isFastWork));
    const last = runtime?.lastDiscoveryAt;
    const due = input.force || last === undefined || input.now - last >= interval - DUE_SLACK_MS;
    const visited = input.visitedAccounts?.has(account.id) === true;
    if ((due || visited) && input.canDiscover(account)) steps.push({ kind: 'discover', accountId: account.id, ...(due ? {} : { fromPage: true as const }) });
    // Per task: one just tracked (or listed) is not asked for again before the next interval.
    const refreshInterval = (task: StoredTask): number => cadenceMs(input.settings, isFastWork(task)) - DUE_SLACK_MS;
    for (const task of accountTasks) {
      if (!needsRefresh(task)) continue;
      if (input.force || task.polledAt === undefined || input.now - task.polledAt >= refreshInterval(task)) {
        steps.push({ kind: 'refresh', accountId: account.id, taskKey: task.key });
      }
    }
    for (const task of accountTasks) {
      // Only tasks seen running: a history full of old failures is fetched on demand only.
      if (task.watched && !task.failedItemsFetched && mayHaveFailedItems(task)) {
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
