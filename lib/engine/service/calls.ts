/**
 * Signed calls a request causes rather than a cycle: tracking a task id and loading a task's
 * failed items. A call a console page caused goes through the page-call budget and is refused
 * for a stopped or backing-off account; a key it gets refused stops the account.
 */
import type { FailedItemsView, Reply, TaskView } from '../../messaging/messages';
import { isTerminal, ProviderError, type Account, type Lang, type Provider, type ProviderContext, type Task } from '../../providers/types';
import { SecretUnreadableError } from '../../vault/types';
import { say } from '../../i18n/words';
import { accountsItem, emptyRuntime, readFailedItems, readTask, runtimeItem, untrackedItem, writeFailedItems, writeTasks, type StoredTask } from '../../store/index';
import { describeProblem, mergeTask, updateBadge } from '../cycle';
import { makeContext } from '../context';
import { expiredProblem } from '../expired';
import { fetchAllFailedItems } from '../failed-items';
import { accountEligible, mayHaveFailedItems } from '../schedule';
import { isPageBudgetError, PageBudgetError } from '../page-call-budget';
import { pageCallBudget } from '../page-call-store';
import { type ServiceDeps, fail, pick } from './common';
import { failedItemViews, toView, UNTRACKED_SHOWN_MS } from './views';

/**
 * An account's secrets, or undefined when its blob cannot be decrypted: the vault sets such a
 * blob aside, and new keys entered in the options page replace it (the first save must not fail).
 */
export async function readableSecrets(deps: ServiceDeps, accountId: string): Promise<Record<string, string> | undefined> {
  try {
    return await deps.secrets.get(accountId);
  } catch (err) {
    if (err instanceof SecretUnreadableError) return undefined;
    throw err;
  }
}

/**
 * `fromPage`: the call was caused by a console page, not by the user in an extension page.
 * Then every signed fetch spends one call of the account's page budget, and none is sent
 * once it is spent.
 */
export async function credentialsFor(deps: ServiceDeps, accountId: string, fromPage = false) {
  const account = (await accountsItem.getValue()).find((a) => a.id === accountId);
  const provider = account ? deps.providers.get(account.provider) : undefined;
  const secrets = account ? await readableSecrets(deps, accountId) : undefined;
  if (!account || !provider || !secrets) return undefined;
  const runtime = (await runtimeItem.getValue())[accountId] ?? emptyRuntime();
  const rt = { ...runtime, memo: { ...runtime.memo } };
  const budget = pageCallBudget(deps);
  if (fromPage) await budget.ready();
  const spend = (): void => {
    if (fromPage && !budget.spend(accountId, deps.now())) throw new PageBudgetError();
  };
  // A fresh context (and call budget) per provider call.
  const ctx = (): ProviderContext => {
    spend();
    const base = makeContext(deps, rt, () => undefined, undefined, account.id);
    if (!fromPage) return base;
    // A clock-skew retry is a second signed call inside one provider call: it is counted too.
    let fetches = 0;
    const fetch: typeof globalThis.fetch = (input, init) => {
      try {
        if (++fetches > 1) spend();
      } catch (err) {
        return Promise.reject(err);
      }
      // Sent only once its spend is stored: a restarted worker knows of it.
      return budget.saved().then(() => base.fetch(input, init));
    };
    return { ...base, fetch };
  };
  return { account, provider, cred: { account, secrets }, ctx };
}

/**
 * A key refused on a call a page caused stops the account, as a cycle's would: the next id
 * on the page must not be signed with it again (providers lock keys that keep failing).
 */
async function stopOnAuth(deps: ServiceDeps, account: Account, provider: Provider, err: unknown): Promise<void> {
  if (!(err instanceof ProviderError) || (err.cls !== 'auth' && err.cls !== 'expired')) return;
  const runtime = await runtimeItem.getValue();
  const rt = runtime[account.id] ?? emptyRuntime();
  const problem = err.cls === 'expired' ? expiredProblem(account, err, deps.now()) : { errorClass: 'auth' as const, message: describeProblem(provider, err), since: deps.now(), stopped: true };
  await runtimeItem.setValue({ ...runtime, [account.id]: { ...rt, problem } });
  await updateBadge(deps);
}

/** Why a console page may not cause a call for this account now, in the user's language; undefined when it may. */
export async function pageRefusal(deps: ServiceDeps, account: Account): Promise<string | undefined> {
  const rt = (await runtimeItem.getValue())[account.id];
  if (accountEligible(rt, deps.now())) return undefined;
  // Expired temporary keys were not refused: the stored sentence says what happened and what to do.
  if (rt?.problem?.errorClass === 'expired') return say(rt.problem.message, deps.lang());
  return say({ id: rt?.problem?.stopped ? 'pageRefusedKeys' : 'pageRefusedWaiting', account: account.name }, deps.lang());
}

export const budgetMessage = (lang: Lang): string => say({ id: 'pageBudgetSpent' }, lang);

/** Counts task ids a console showed that were dropped by the page-call budget (the popup says so). */
export async function noteUntracked(deps: ServiceDeps, console: string): Promise<void> {
  const untracked = await untrackedItem.getValue();
  const now = deps.now();
  const entry = untracked[console];
  const fresh = entry && now - entry.lastAt < UNTRACKED_SHOWN_MS ? entry.count : 0;
  await untrackedItem.setValue({ ...untracked, [console]: { count: fresh + 1, lastAt: now } });
}

export async function trackTask(deps: ServiceDeps, accountId: string, taskId: string, fromPage = false): Promise<Reply<{ task: TaskView }>> {
  const lang = deps.lang();
  const c = await credentialsFor(deps, accountId, fromPage);
  if (!c) return fail(say({ id: 'accountGone' }, lang));
  const id = taskId.trim();
  const spec = c.provider.track;
  if (!spec) return fail(say({ id: 'trackNotNeeded' }, lang));
  const invalid = spec.validateId(id);
  if (invalid) return fail(pick(invalid, lang), { fieldErrors: { taskId: pick(invalid, lang) } });
  let task: Task;
  try {
    task = await spec.track(c.cred, id, c.ctx());
  } catch (err) {
    if (fromPage) await stopOnAuth(deps, c.account, c.provider, err);
    const message = isPageBudgetError(err) ? budgetMessage(lang) : pick(describeProblem(c.provider, err), lang);
    return fail(message, { fieldErrors: { taskId: message }, ...(err instanceof ProviderError ? { errorClass: err.cls } : {}) });
  }
  const before = await readTask(task.key);
  // A finished task never changes: what is stored stays (with its failed items flags).
  const stored: StoredTask = before && isTerminal(before.status) ? before : mergeTask(before, task, deps.now(), c.provider);
  if (stored !== before) await writeTasks([stored]);
  await updateBadge(deps);
  if (!isTerminal(task.status)) deps.pollSoon();
  return { ok: true, task: toView(stored, c.provider, c.account) };
}

/** One fetch per task at a time, however many surfaces ask at once. */
const failedItemsInFlight = new Map<string, Promise<Reply<FailedItemsView>>>();

export function failedItemsView(deps: ServiceDeps, taskKey: string, fromPage = false): Promise<Reply<FailedItemsView>> {
  const running = failedItemsInFlight.get(taskKey);
  if (running) return running;
  const started = loadFailedItems(deps, taskKey, fromPage).finally(() => failedItemsInFlight.delete(taskKey));
  failedItemsInFlight.set(taskKey, started);
  return started;
}

async function loadFailedItems(deps: ServiceDeps, taskKey: string, fromPage: boolean): Promise<Reply<FailedItemsView>> {
  const lang = deps.lang();
  const task = await readTask(taskKey);
  if (!task) return fail(say({ id: 'taskNotInHistory' }, lang));
  const total = (count: number): number => Math.max(count, task.failed ?? 0);
  const stored = await readFailedItems(taskKey);
  if (stored) return { ok: true, taskKey, items: failedItemViews(stored, lang), total: total(stored.length), complete: !task.failedItemsTruncated };
  if (!mayHaveFailedItems(task)) return { ok: true, taskKey, items: [], total: 0, complete: isTerminal(task.status) };
  const c = await credentialsFor(deps, task.accountId, fromPage);
  if (!c) return fail(say({ id: 'taskAccountGone' }, lang));
  const budget = pageCallBudget(deps);
  if (fromPage) {
    const refused = await pageRefusal(deps, c.account);
    if (refused) return fail(refused);
    if (budget.begin(c.account.id, deps.now())) return fail(budgetMessage(lang));
  }
  try {
    const { items, truncated } = await fetchAllFailedItems(c.provider, c.cred, task, () => c.ctx());
    await writeFailedItems(taskKey, items).catch(() => undefined);
    const current = await readTask(taskKey);
    if (current) await writeTasks([{ ...current, failedItemsFetched: true, ...(truncated ? { failedItemsTruncated: true } : {}) }]);
    return { ok: true, taskKey, items: failedItemViews(items, lang), total: total(items.length), complete: !truncated };
  } catch (err) {
    if (isPageBudgetError(err)) return fail(budgetMessage(lang));
    if (fromPage) await stopOnAuth(deps, c.account, c.provider, err);
    return fail(pick(describeProblem(c.provider, err), lang), err instanceof ProviderError ? { errorClass: err.cls } : {});
  } finally {
    if (fromPage) budget.end(c.account.id);
  }
}
