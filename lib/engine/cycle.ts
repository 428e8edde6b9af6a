/**
 * One polling cycle: take the lease, plan, run each step and persist its result before the
 * next (a Manifest V3 worker may be killed at any moment), then set the badge. No browser
 * API here: the background injects fetch, the vault, notifications and the badge.
 */
import { isTerminal, ProviderError, type Account, type Provider, type ProviderContext, type Task, type UnreadableRows, type CapabilityReport } from '../providers/types';
import { SecretUnreadableError, VaultLockedError } from '../vault/types';
import { say, type Words } from '../i18n/words';
import {
  accountsItem,
  emptyRuntime,
  getSettings,
  HISTORY_CHECK_MS,
  historyCheckedItem,
  historyEvictions,
  lastCycleItem,
  markUnseen,
  readActiveTasks,
  readMuted,
  readTaskIndex,
  readTasks,
  removeFailedItems,
  removeTasks,
  runtimeItem,
  visitsItem,
  writeFailedItems,
  writeTasks,
  type AccountRuntime,
  type StoredTask,
} from '../store/index';
import { pruneMuted, updateBadge } from './badge';
import { ACCOUNTS_AT_ONCE, forEachAtMost } from './limits';
import { acquireLease, LeaseLostError, releaseLease, renewLease } from './lease';
import { makeContext } from './context';
import { isPageBudgetError, PageBudgetError } from './page-call-budget';
import { pageCallBudget } from './page-call-store';
import { fetchAllFailedItems } from './failed-items';
import { sendNotices } from './notices';
import { sendStopNotices } from './stop-notices';
import { expiredProblem } from './expired';
import { dropSettled, refreshOffer } from './refresh-together';
import { backoffDelayMs, finishedWithFailures, mayHaveFailedItems, planCycle, type Step } from './schedule';
import type { CycleOptions, EngineDeps } from './deps';

// The toolbar button moved to badge.ts; these names stay importable from here.
export { badgeFor, updateBadge } from './badge';

export interface CycleResult {
  ran: boolean;
  steps: number;
  locked?: boolean;
}

/** Workers (by ownerId) with a cycle under way in this realm: storage alone cannot make take-and-check atomic. */
const cyclesInFlight = new Set<string>();
let cycleSerial = 0;

/** What went wrong, as a message: stored as such, put into words when shown. */
export function describeProblem(provider: Provider | undefined, err: unknown): Words {
  // A call Batchwatch itself refused (foreign host, answer too large, clock hours off) says why.
  if (err instanceof ProviderError && err.sentence) return err.sentence;
  if (provider && err instanceof ProviderError) return provider.describeError(err);
  return { id: 'errorUnexpected' };
}

export function mergeTask(existing: StoredTask | undefined, answer: Task, now: number, provider?: Pick<Provider, 'mergeViews'>): StoredTask {
  // A task the provider answers for again is not gone (any more).
  const { gone: _gone, note: _note, ...kept } = existing ?? {};
  // A poorer view of the same task (a list row after a zone's own view) must not erase what the richer one knows.
  const fresh = existing && provider?.mergeViews ? provider.mergeViews(existing, answer) : answer;
  // The provider's raw answer is no surface's business: it is not kept.
  const { raw: _raw, ...news } = fresh;
  return {
    ...kept,
    ...news,
    firstSeenAt: existing?.firstSeenAt ?? now,
    polledAt: now,
    watched: existing?.watched || !isTerminal(fresh.status),
    ...(isTerminal(fresh.status) && !existing?.finishedAt && !fresh.finishedAt && existing && !isTerminal(existing.status) ? { finishedAt: now } : {}),
  };
}

export async function runCycle(deps: EngineDeps, options: CycleOptions = {}): Promise<CycleResult> {
  if (cyclesInFlight.has(deps.ownerId)) return { ran: false, steps: 0 };
  cyclesInFlight.add(deps.ownerId);
  try {
    const holder = `${deps.ownerId}#${++cycleSerial}`;
    if (!(await acquireLease(deps, holder))) return { ran: false, steps: 0 };
    let lost = false;
    /** Tasks that finished in this cycle: they share one notification when it ends. */
    const finished: StoredTask[] = [];
    try {
      return await runSteps(deps, options, () => renewLease(deps, holder), finished);
    } catch (err) {
      if (!(err instanceof LeaseLostError)) throw err;
      lost = true;
      return { ran: true, steps: 0 };
    } finally {
      if (!lost) {
        await lastCycleItem.setValue(deps.now());
        await releaseLease(deps, holder);
      }
      // Before the notice, which may never be seen: the failure stays on the badge until opened.
      await rememberUnseen(finished).catch(() => undefined);
      // Even after a lost lease: whoever notifies first is remembered, the other stays silent.
      await sendNotices(deps, finished).catch(() => undefined);
      await sendStopNotices(deps).catch(() => undefined);
      await pruneMuted();
      await updateBadge(deps);
    }
  } finally {
    cyclesInFlight.delete(deps.ownerId);
  }
}

/** Tasks that just finished with failures are unseen until opened or dismissed; a muted one stays quiet, as it does in notifications. */
async function rememberUnseen(finished: readonly StoredTask[]): Promise<void> {
  const failing = finished.filter(finishedWithFailures);
  if (!failing.length) return;
  const muted = await readMuted();
  await markUnseen(failing.filter((t) => !muted.has(t.key)).map((t) => t.key));
}

async function runSteps(deps: EngineDeps, options: CycleOptions, renew: () => Promise<void>, finished: StoredTask[]): Promise<CycleResult> {
  const now = deps.now();
  const [accounts, settings, visits] = await Promise.all([accountsItem.getValue(), getSettings(), visitsItem.getValue()]);
  // Only the tasks with work left: a cycle's cost follows the work, not the history.
  const tasks: Record<string, StoredTask> = await readActiveTasks();
  const runtime: Record<string, AccountRuntime> = { ...(await runtimeItem.getValue()) };
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const visitedAccounts = new Set(Object.keys(visits));
  if (visitedAccounts.size) await visitsItem.setValue({});

  const steps: Step[] = planCycle({
    accounts,
    tasks,
    runtime,
    settings,
    now,
    ...(options.force ? { force: true } : {}),
    visitedAccounts,
    canDiscover: () => true,
  });

  const discoveredThisCycle = new Set<string>();
  /** A problem is cleared only by a cycle in which every call of that account succeeded. */
  const succeeded = new Set<string>();
  const failedAccounts = new Set<string>();
  const blockedAccounts = new Set<string>();
  let executed = 0;

  // Other writers (tracking a task, saving or removing an account) may run while a cycle
  // does: write back only what this cycle changed, onto what is stored now.
  const originalTasks: Record<string, StoredTask | undefined> = { ...tasks };
  const originalRuntime: Record<string, AccountRuntime | undefined> = { ...runtime };
  let added = false;
  // Accounts run side by side: their writes go out one after another.
  let persisting: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    const next = persisting.then(persistNow, persistNow);
    persisting = next.catch(() => undefined);
    return next;
  };
  const persistNow = async (): Promise<void> => {
    const live = new Set((await accountsItem.getValue()).map((a) => a.id));
    const changed: StoredTask[] = [];
    for (const [key, task] of Object.entries(tasks)) {
      if (task === originalTasks[key]) continue;
      if (live.has(task.accountId)) changed.push(task);
      originalTasks[key] = task;
    }
    // One write for the changed tasks (and the index shards they change), nothing else.
    await writeTasks(changed);
    const changedRuntime = Object.entries(runtime).filter(([accountId, rt]) => rt !== originalRuntime[accountId]);
    // storage.local dropped a write of an unchanged value; the private area writes (and signals) every one.
    if (!changedRuntime.length) return;
    const storedRuntime = { ...(await runtimeItem.getValue()) };
    for (const [accountId, rt] of changedRuntime) {
      if (live.has(accountId)) storedRuntime[accountId] = { ...rt, memo: { ...rt.memo } };
      originalRuntime[accountId] = rt;
    }
    await runtimeItem.setValue(storedRuntime);
  };

  const onFinished = async (before: StoredTask | undefined, after: StoredTask, queue: Step[]): Promise<void> => {
    if (!before || isTerminal(before.status) || !isTerminal(after.status)) return;
    if (mayHaveFailedItems(after) && !after.failedItemsFetched) queue.push({ kind: 'failedItems', accountId: after.accountId, taskKey: after.key });
    finished.push(after);
  };

  // Accounts are worked on side by side, each one step (and one call) at a time, in the
  // planned order; a step a finish asks for (failed items) joins its account's queue.
  const queues = new Map<string, Step[]>();
  for (const step of steps) {
    const queue = queues.get(step.accountId);
    if (queue) queue.push(step);
    else queues.set(step.accountId, [step]);
  }
  let locked = false;
  let fatal: { err: unknown } | undefined;
  const stopped = (): boolean => locked || fatal !== undefined;

  const runAccount = async (accountId: string): Promise<void> => {
    const queue = queues.get(accountId)!;
    while (queue.length && !stopped()) {
      const step = queue.shift()!;
      if (blockedAccounts.has(step.accountId)) continue;
      const account = accountById.get(step.accountId);
      const provider = account ? deps.providers.get(account.provider) : undefined;
      if (!account || !provider) continue;
      if (step.kind === 'refresh' && discoveredThisCycle.has(step.taskKey)) continue;
      const rt = (runtime[account.id] = { ...emptyRuntime(), ...runtime[account.id], memo: { ...runtime[account.id]?.memo } });
      let secrets: Record<string, string> | undefined;
      try {
        secrets = await deps.secrets.get(account.id);
      } catch (err) {
        if (err instanceof VaultLockedError) {
          locked = true;
          return;
        }
        if (err instanceof SecretUnreadableError) {
          // This account's problem only: stopped until its keys are entered again; the rest go on.
          rt.problem = { errorClass: 'auth', message: { id: 'problemKeysUnreadable' }, since: deps.now(), stopped: true };
          blockedAccounts.add(account.id);
          failedAccounts.add(account.id);
          await persist();
          continue;
        }
        throw err;
      }
      if (!secrets || stopped()) continue;
      const cred = { account, secrets };
      await renew();
      const context = () => makeContext(deps, rt, () => undefined, undefined, account.id);
      // A discovery only a console visit asked for spends the page budget, one unit per signed
      // fetch (list pages and clock-skew retries included), and stops when it is spent.
      const pageContext = (): ProviderContext => {
        const base = context();
        const budget = pageCallBudget(deps);
        const fetch: typeof globalThis.fetch = async (input, init) => {
          await budget.ready();
          if (!budget.spend(account.id, deps.now())) throw new PageBudgetError();
          await budget.saved();
          return base.fetch(input, init);
        };
        return { ...base, fetch };
      };
      executed++;
      try {
        if (step.kind === 'discover') {
          const unreadable: UnreadableRows[] = [];
          const capabilities: CapabilityReport[] = [];
          const found = await provider.discover(cred, {
            ...(step.fromPage ? pageContext() : context()),
            unreadable: (rows) => void unreadable.push(rows),
            capability: (report) => void capabilities.push(report),
          });
          // Each discovery says afresh which rows it could not read, and how each capability fared.
          if (unreadable.length) rt.unreadable = unreadable;
          else delete rt.unreadable;
          // A capability read now was checked now; one that failed was last checked when it last worked.
          const before = new Map((rt.capabilities ?? []).map((c) => [c.id, c.checkedAt]));
          const checkedAt = deps.now();
          if (capabilities.length) rt.capabilities = capabilities.map((c) => ({ ...c, ...(c.state === 'watched' ? { checkedAt } : before.get(c.id) !== undefined ? { checkedAt: before.get(c.id)! } : {}) }));
          else delete rt.capabilities;
          // What is stored of the listed tasks that have no work left (the provider lists
          // its recent history): read these, not the whole history.
          const stored = await readTasks(found.map((t) => t.key).filter((k) => !(k in tasks)));
          for (const [key, task] of Object.entries(stored)) originalTasks[key] = tasks[key] = task;
          for (const task of found) {
            const before = tasks[task.key];
            if (!before) added = true;
            if (before && isTerminal(before.status)) continue; // a finished task never changes
            const after = mergeTask(before, task, deps.now(), provider);
            tasks[task.key] = after;
            discoveredThisCycle.add(task.key);
            await onFinished(before, after, queue);
          }
          rt.lastDiscoveryAt = deps.now();
        } else if (step.kind === 'refresh') {
          const first = tasks[step.taskKey];
          if (!first) continue;
          // One call may answer for several of the account's due tasks; a failed call changes none.
          const offer = provider.refreshTasks ? refreshOffer(first, queue, tasks, discoveredThisCycle) : [first];
          const answers = provider.refreshTasks ? await provider.refreshTasks(cred, offer, context()) : new Map([[first.key, await provider.refresh(cred, first, context())]]);
          const settled = new Set(offer.map((t) => t.key).filter((key) => answers.has(key)));
          dropSettled(queue, settled);
          for (const key of settled) {
            const before = tasks[key]!;
            const answer = answers.get(key)!;
            if (answer instanceof ProviderError) {
              // That task's own news (gone): told as its refresh step's would be.
              if (handleStepError(deps, provider, { kind: 'refresh', accountId: account.id, taskKey: key }, answer, rt, tasks, blockedAccounts, account)) failedAccounts.add(account.id);
              continue;
            }
            const after = mergeTask(before, answer, deps.now(), provider);
            tasks[key] = after;
            await onFinished(before, after, queue);
          }
        } else {
          const task = tasks[step.taskKey];
          if (!task || task.failedItemsFetched) continue;
          const { items, truncated } = await fetchAllFailedItems(provider, cred, task, context, renew);
          tasks[task.key] = { ...task, failedItemsFetched: true, ...(truncated ? { failedItemsTruncated: true } : {}) };
          // A full storage must not turn into a fetch of every page at every cycle.
          await writeFailedItems(task.key, items).catch(() => undefined);
        }
        rt.lastPolledAt = deps.now();
        rt.failures = 0;
        delete rt.backoffUntil;
        succeeded.add(account.id);
      } catch (err) {
        if (err instanceof LeaseLostError) throw err;
        // The page's allowance ran out, not the account: the next discovery at the account's
        // own cadence finds what this one did not.
        if (step.kind === 'discover' && step.fromPage && isPageBudgetError(err)) continue;
        // A throttled or failing account backs off alone: the others go on. A task the
        // provider no longer knows is that task's news only: the account answered.
        if (handleStepError(deps, provider, step, err, rt, tasks, blockedAccounts, account)) failedAccounts.add(account.id);
        else succeeded.add(account.id);
      }
      // A cycle that outlived its lease (and was taken over) must not write older news.
      await renew();
      await persist();
    }
  };

  await forEachAtMost([...queues.keys()], ACCOUNTS_AT_ONCE, async (accountId) => {
    if (stopped()) return;
    try {
      await runAccount(accountId);
    } catch (err) {
      // The first failure (a lost lease, a dead storage) stops every account's work.
      fatal ??= { err };
    }
  });
  if (fatal) throw fatal.err;
  if (locked) {
    deps.onLocked?.();
    await persist();
    return { ran: true, steps: executed, locked: true };
  }

  for (const accountId of succeeded) {
    const rt = runtime[accountId];
    if (rt?.problem && !rt.problem.stopped && !failedAccounts.has(accountId)) {
      const { problem: _cleared, ...rest } = rt;
      runtime[accountId] = rest;
    }
  }
  await persist();

  // The caps read the index (no task): when the history grew, and hourly for the age cap.
  const checkedAt = await historyCheckedItem.getValue();
  if (added || deps.now() - checkedAt >= HISTORY_CHECK_MS || checkedAt > deps.now()) {
    const unfinished = new Set(Object.values(await readActiveTasks()).filter((t) => !isTerminal(t.status) && !t.gone).map((t) => t.key));
    const evicted = historyEvictions(await readTaskIndex(), unfinished, settings, deps.now());
    if (evicted.length) {
      await removeTasks(evicted);
      await removeFailedItems(evicted);
    }
    await historyCheckedItem.setValue(deps.now());
  }
  return { ran: true, steps: executed };
}

/** Whether the account failed (a task that is gone is not the account's failure). */
function handleStepError(
  deps: EngineDeps,
  provider: Provider,
  step: Step,
  err: unknown,
  rt: AccountRuntime,
  tasks: Record<string, StoredTask>,
  blockedAccounts: Set<string>,
  account: Account,
): boolean {
  const now = deps.now();
  if (err instanceof ProviderError && err.cls === 'expired') {
    // Not a refused key: nothing counts towards a lockout; the account waits for new keys.
    rt.problem = expiredProblem(account, err, now);
    blockedAccounts.add(step.accountId);
    return true;
  }
  const cls = err instanceof ProviderError ? err.cls : 'malformed';
  const message = describeProblem(provider, err);
  if (cls === 'auth') {
    // Providers lock keys (Huawei after 5 bad signatures) and ban accounts: never retry.
    rt.problem = { errorClass: cls, message, since: now, stopped: true };
    blockedAccounts.add(step.accountId);
    return true;
  }
  if (cls === 'not-found' && step.kind !== 'discover') {
    // The task is gone at the provider: keep what we knew, say so, never ask again.
    const task = tasks[step.taskKey];
    if (task && step.kind === 'refresh') tasks[step.taskKey] = { ...task, status: 'unknown', gone: true, note: say(message, 'en') };
    if (task && step.kind === 'failedItems') tasks[step.taskKey] = { ...task, failedItemsFetched: true, note: say(message, 'en') };
    return false;
  }
  if (cls === 'malformed') {
    // Keep the previous data; say so, and try again at the normal cadence.
    rt.problem = { errorClass: cls, message, since: rt.problem?.since ?? now, stopped: false };
    return true;
  }
  rt.failures += 1;
  const retryAfter = err instanceof ProviderError ? err.retryAfterMs : undefined;
  rt.backoffUntil = now + backoffDelayMs(rt.failures, deps.random, retryAfter);
  rt.problem = { errorClass: cls, message, since: rt.problem?.since ?? now, stopped: false };
  blockedAccounts.add(step.accountId);
  return true;
}
