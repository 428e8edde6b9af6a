/**
 * The background's two handler tables (extension pages; console content scripts). Every
 * request has already passed its zod schema and its sender check (router.ts); nothing
 * returned here ever carries a secret, and a console only ever sees its own providers.
 */
import { detectConsolePage, FAMILY_PROVIDERS, type ConsoleFamily } from '../console/pages';
import type {
  AccountView,
  ContentReplies,
  ContentRequest,
  FailedItemsView,
  PageReplies,
  PortableAccount,
  AccountColor,
  PageRequest,
  PanelTaskView,
  ProviderMeta,
  Reply,
  Settings,
  StateView,
  TaskView,
} from '../messaging/messages';
import { SETTING_BOUNDS } from '../messaging/messages';
import { isTerminal, ProviderError, taskOrder, type Account, type Lang, type Provider, type ProviderContext, type Task, type UnreadableRows } from '../providers/types';
import { SecretUnreadableError, VaultLockedError } from '../vault/types';
import {
  accountPrefsItem,
  accountsItem,
  emptyRuntime,
  getSettings,
  lastCycleItem,
  leaseItem,
  mutedItem,
  notifyPolicyOf,
  panelCollapsedItem,
  popupSnapshotItem,
  popupStatusItem,
  writePopupSnapshotParts,
  readActiveTasks,
  readAllTasks,
  readAccountPrefs,
  readMuted,
  readFailedItems,
  readTask,
  readTaskIndex,
  readTasks,
  removeFailedItems,
  removeTasks,
  runtimeItem,
  settingsItem,
  untrackedItem,
  visitsItem,
  writeFailedItems,
  writeTasks,
  type StoredTask,
} from '../store/index';
import { dequal } from 'dequal/lite';
import type { Vault } from '../vault/index';
import { makePopupSnapshotParts, POPUP_SNAPSHOT_TASKS } from '../popup/snapshot';
import { describeBoth, fetchAllFailedItems, leaseLive, makeContext, mergeTask, updateBadge, type EngineDeps } from './cycle';
import { accountEligible, mayHaveFailedItems } from './schedule';
import { createPageCallBudget, type PageCallBudget } from './page-call-budget';

/** Passphrase controls of the vault, when the background has one. */
export type VaultControl = Pick<Vault, 'mode' | 'enablePassphrase' | 'unlock' | 'lock' | 'changePassphrase' | 'disablePassphrase'>;

export interface ServiceDeps extends EngineDeps {
  vault?: VaultControl;
  /** Starts a cycle soon (through the alarm machinery) without waiting for it. */
  pollSoon(options?: { force?: boolean }): void;
  newId(): string;
}

export const VISIT_DISCOVERY_MS = 30_000;

const fail = (error: string, extra: { fieldErrors?: Record<string, string>; errorClass?: ProviderError['cls'] } = {}): Reply<never> => ({ ok: false, error, ...extra });

const pick = (text: { en: string; zh: string }, lang: Lang): string => (lang === 'zh' ? text.zh : text.en);

/** Stored notes are untrusted: only well-formed ones are shown, as text. */
function unreadableView(notes: unknown, lang: Lang): Pick<AccountView, 'unreadable'> {
  if (!Array.isArray(notes)) return {};
  const views = notes.flatMap((n: Partial<UnreadableRows> | null) => {
    const text = n?.message?.[lang];
    if (typeof text !== 'string' || !text) return [];
    return [{ message: text.slice(0, 500), shapes: Array.isArray(n?.shapes) ? n.shapes.filter((x): x is string => typeof x === 'string').slice(0, 3) : [] }];
  });
  return views.length ? { unreadable: views } : {};
}

function toView(task: StoredTask, provider: Provider | undefined, account: Account | undefined, muted?: ReadonlySet<string>): TaskView {
  // The engine's own bookkeeping is no surface's business, and the popup snapshot is
  // rewritten whenever its first page changes: every byte here is written again and again.
  const { firstSeenAt: _seen, polledAt: _polled, watched: _watched, notified: _notified, failedItemsFetched: _fetched, locator: _locator, ...shown } = task;
  return {
    ...shown,
    ...(provider && account ? { consoleUrl: provider.consoleUrl(task, account) } : {}),
    ...(muted?.has(task.key) && !isTerminal(task.status) ? { muted: true } : {}),
  };
}

/**
 * Rewrites the parts of the popup snapshot whose content changed. Not while a cycle runs:
 * a cycle persists after every step, and the snapshot would follow each time; the lease's
 * release at its end asks again (so a cycle costs at most one write of each part).
 */
export async function writePopupSnapshot(deps: ServiceDeps): Promise<void> {
  // (A lease no cycle could have set is no cycle: a planted one must not freeze the snapshot.)
  if (leaseLive(await leaseItem.getValue(), deps.now())) return;
  const next = makePopupSnapshotParts(await stateView(deps, POPUP_SNAPSHOT_TASKS), deps.lang());
  const [tasks, status] = await Promise.all([popupSnapshotItem.getValue(), popupStatusItem.getValue()]);
  // A worker wakes every few minutes with nothing new: that costs no disk write. (Storage
  // hands objects back with their keys reordered, so JSON text would never compare equal.)
  await writePopupSnapshotParts({
    ...(dequal(tasks, next.tasks) ? {} : { tasks: next.tasks }),
    ...(dequal(status, next.status) ? {} : { status: next.status }),
  });
}

/** The account a task key belongs to (task keys start with `${accountId}:`). */
const accountOfKey = (taskKey: string): string => taskKey.slice(0, taskKey.indexOf(':'));

/**
 * The tasks of accounts that exist; with a limit, only the first ones in popup order, found
 * from the index and the active list and read alone (10,000 stored tasks cost the popup's
 * first page 50 reads, not 10,000).
 */
async function visibleTasks(limit: number | undefined): Promise<{ tasks: StoredTask[]; count: number }> {
  const live = new Set((await accountsItem.getValue()).map((a) => a.id));
  if (limit === undefined) {
    const tasks = Object.values(await readAllTasks()).filter((t) => live.has(t.accountId));
    return { tasks, count: tasks.length };
  }
  const [index, active] = await Promise.all([readTaskIndex(), readActiveTasks()]);
  const keys = [...index.keys()].filter((k) => live.has(accountOfKey(k)));
  const unfinished = Object.values(active).filter((t) => live.has(t.accountId) && !isTerminal(t.status)).sort(taskOrder);
  const rest = keys.filter((k) => !(k in active) || isTerminal(active[k]!.status)).sort((a, b) => index.get(b)! - index.get(a)! || a.localeCompare(b));
  const first = unfinished.slice(0, limit);
  const more = await readTasks(rest.slice(0, limit - first.length));
  return { tasks: [...first, ...Object.values(more)].sort(taskOrder), count: keys.length };
}

export async function stateView(deps: ServiceDeps, limit?: number): Promise<StateView> {
  const lang = deps.lang();
  const [accounts, { tasks: visible, count }, runtime, settings, lease, lastCycleAt, locked, muted, prefs, untrackedByHost] = await Promise.all([
    accountsItem.getValue(),
    visibleTasks(limit),
    runtimeItem.getValue(),
    getSettings(),
    leaseItem.getValue(),
    lastCycleItem.getValue(),
    deps.secrets.isLocked(),
    readMuted(),
    readAccountPrefs(),
    untrackedItem.getValue(),
  ]);
  const untracked = Object.entries(untrackedByHost)
    .filter(([, u]) => deps.now() - u.lastAt < UNTRACKED_SHOWN_MS)
    .map(([host, u]) => ({ console: host, count: u.count, lastAt: u.lastAt }));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const providers: ProviderMeta[] = deps.providers.all.map((p) => ({ id: p.id, name: p.name, ...(p.track ? { track: { idLabel: p.track.idLabel } } : {}) }));
  const accountViews: AccountView[] = accounts.map((a) => {
    const rt = runtime[a.id];
    const provider = deps.providers.get(a.provider);
    return {
      id: a.id,
      provider: a.provider,
      name: a.name,
      settings: a.settings,
      storedSecrets: provider ? provider.fields.filter((f) => f.secret).map((f) => f.key) : [],
      ...(rt?.problem ? { problem: { errorClass: rt.problem.errorClass, message: pick(rt.problem.message, lang), since: rt.problem.since, stopped: rt.problem.stopped } } : {}),
      ...(rt?.lastPolledAt ? { lastPolledAt: rt.lastPolledAt } : {}),
      ...unreadableView(rt?.unreadable, lang),
      notify: notifyPolicyOf(prefs[a.id], settings),
      ...(prefs[a.id]?.color ? { color: prefs[a.id]!.color } : {}),
      ...(prefs[a.id]?.awaitingSecrets ? { needsSecrets: true } : {}),
    };
  });
  return {
    providers,
    tasks: visible.map((t) => toView(t, deps.providers.get(t.provider), accountById.get(t.accountId), muted)),
    taskCount: count,
    accounts: accountViews,
    settings,
    refreshing: leaseLive(lease, deps.now()),
    ...(lastCycleAt ? { lastCycleAt } : {}),
    ...(locked ? { locked } : {}),
    ...(untracked.length ? { untracked } : {}),
    vaultMode: deps.vault ? await deps.vault.mode() : 'device',
  };
}

type VaultRequest = Extract<PageRequest, { type: 'vaultEnable' | 'vaultUnlock' | 'vaultLock' | 'vaultChange' | 'vaultDisable' }>;

/** Passphrase operations. The passphrase is used and forgotten; it is never stored or returned. */
export async function vaultRequest(deps: ServiceDeps, req: VaultRequest): Promise<Reply<object>> {
  const zh = deps.lang() === 'zh';
  const vault = deps.vault;
  if (!vault) return fail(zh ? '此环境不支持口令保护。' : 'Passphrase protection is not available here.');
  try {
    if (req.type === 'vaultEnable') await vault.enablePassphrase(req.passphrase);
    else if (req.type === 'vaultUnlock') await vault.unlock(req.passphrase);
    else if (req.type === 'vaultLock') await vault.lock();
    else if (req.type === 'vaultChange') await vault.changePassphrase(req.current, req.next);
    else await vault.disablePassphrase(req.passphrase);
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'WrongPassphraseError') return fail(zh ? '口令不正确，未做任何更改。' : 'That passphrase is not the right one. Nothing was changed.', { fieldErrors: { passphrase: zh ? '口令不正确。' : 'Wrong passphrase.' } });
    if (name === 'WeakPassphraseError') return fail(zh ? '请使用至少 10 个字符的口令。' : 'Use a passphrase of at least 10 characters.', { fieldErrors: { passphrase: zh ? '至少 10 个字符。' : 'At least 10 characters.' } });
    return fail(zh ? '无法完成，原有的密钥保持不变。' : 'That could not be done; the stored keys are unchanged and still readable.');
  }
  // Unlocking is the user's answer to "polling has stopped": poll at once.
  if (req.type !== 'vaultLock') deps.pollSoon({ force: req.type === 'vaultUnlock' });
  await updateBadge(deps);
  return { ok: true };
}

type SaveAccount = Extract<PageRequest, { type: 'saveAccount' }>;

export async function saveAccount(deps: ServiceDeps, req: SaveAccount): Promise<Reply<{ accountId: string }>> {
  const provider = deps.providers.get(req.provider);
  const lang = deps.lang();
  if (!provider) return fail(lang === 'zh' ? '未知的云服务商。' : 'Unknown provider.', { fieldErrors: { provider: lang === 'zh' ? '请选择云服务商。' : 'Choose a provider.' } });
  const accounts = await accountsItem.getValue();
  const existing = req.accountId ? accounts.find((a) => a.id === req.accountId) : undefined;
  if (req.accountId && !existing) return fail(lang === 'zh' ? '该账号已不存在。' : 'That account no longer exists.');
  // Stored keys belong to one provider: sending them to another one's API would leak them.
  if (existing && existing.provider !== provider.id) {
    return fail(lang === 'zh' ? '不能更改已有账号的云服务商，请新建账号。' : 'The provider of an account cannot change: add a new account instead.', {
      fieldErrors: { provider: lang === 'zh' ? '不能更改。' : 'Cannot be changed.' },
    });
  }
  const allPrefs = await readAccountPrefs();
  const prefs = existing ? (allPrefs[existing.id] ?? {}) : {};
  const fieldErrors: Record<string, string> = {};
  const name = req.name.trim();
  if (!name) fieldErrors.name = lang === 'zh' ? '请输入账号名称。' : 'Enter an account name.';
  else if (name.length > 60) fieldErrors.name = lang === 'zh' ? '账号名称最多 60 个字符。' : 'Use at most 60 characters.';
  const settings: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const field of provider.fields) {
    const raw = (field.secret ? req.secrets[field.key] : req.settings[field.key]) ?? '';
    const value = raw.trim();
    if (!value) {
      // Write-only: empty keeps the stored secret (an imported account has none to keep).
      if (field.secret && existing && !prefs.awaitingSecrets) continue;
      if (field.required && !field.defaultValue) {
        fieldErrors[field.key] = lang === 'zh' ? `请填写${field.label.zh}。` : `Enter the ${field.label.en}.`;
        continue;
      }
      if (field.defaultValue && !field.secret) settings[field.key] = field.defaultValue;
      continue;
    }
    const outsideOptions = !field.secret && field.options && !field.options.some((o) => o.value === value);
    const problem = outsideOptions ? { en: 'Choose one of the listed values.', zh: '请选择列出的值之一。' } : field.validate?.(value);
    if (problem) {
      fieldErrors[field.key] = pick(problem, lang);
      continue;
    }
    if (field.secret) secrets[field.key] = value;
    else settings[field.key] = value;
  }
  if (Object.keys(fieldErrors).length) return fail(lang === 'zh' ? '请更正标出的字段。' : 'Please correct the marked fields.', { fieldErrors });

  const accountId = existing?.id ?? deps.newId();
  const keysChanged = Object.keys(secrets).length > 0;
  if (keysChanged) {
    const stored = existing ? ((await readableSecrets(deps, accountId)) ?? {}) : {};
    await deps.secrets.set(accountId, { ...stored, ...secrets });
  }
  const account: Account = { id: accountId, provider: provider.id, name, settings };
  await accountsItem.setValue(existing ? accounts.map((a) => (a.id === accountId ? account : a)) : [...accounts, account]);
  const { awaitingSecrets: _entered, color: oldColor, ...keptPrefs } = prefs;
  const color = req.color === undefined ? oldColor : req.color || undefined;
  const nextPrefs = { ...keptPrefs, ...(req.notify ? { notify: req.notify } : {}), ...(color ? { color } : {}) };
  await accountPrefsItem.setValue({ ...allPrefs, [accountId]: nextPrefs });
  const runtime = await runtimeItem.getValue();
  const rt = runtime[accountId] ?? emptyRuntime();
  const settingsChanged = !existing || JSON.stringify(sortedEntries(existing.settings)) !== JSON.stringify(sortedEntries(settings));
  // New keys (or a new region or endpoint) are the user's answer to a stop: poll again. A
  // renamed account with the same keys stays stopped: providers lock keys that keep failing.
  if (keysChanged || settingsChanged || !rt.problem?.stopped) {
    const { problem: _problem, backoffUntil: _backoff, ...rest } = rt;
    await runtimeItem.setValue({ ...runtime, [accountId]: { ...rest, failures: 0 } });
  }
  await updateBadge(deps);
  // Discover this account now; the others keep their cadence (no calls spent on them).
  await requestDiscovery(deps, [accountId]);
  deps.pollSoon();
  return { ok: true, accountId };
}

const sortedEntries = (record: Record<string, string>): [string, string][] => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));

export async function removeAccount(deps: ServiceDeps, accountId: string): Promise<Reply<object>> {
  const accounts = await accountsItem.getValue();
  if (!accounts.some((a) => a.id === accountId)) return { ok: true };
  await accountsItem.setValue(accounts.filter((a) => a.id !== accountId));
  const removed = [...(await readTaskIndex()).keys()].filter((k) => accountOfKey(k) === accountId);
  await removeTasks(removed);
  await removeFailedItems(removed);
  const runtime = await runtimeItem.getValue();
  const { [accountId]: _gone, ...restRuntime } = runtime;
  await runtimeItem.setValue(restRuntime);
  const prefs = await readAccountPrefs();
  if (accountId in prefs) {
    const { [accountId]: _gonePrefs, ...restPrefs } = prefs;
    await accountPrefsItem.setValue(restPrefs);
  }
  await deps.secrets.delete(accountId);
  await updateBadge(deps);
  return { ok: true };
}

/** Thrown before a page-triggered call that the page-call budget has no room for: nothing was sent. */
export class PageBudgetError extends Error {
  constructor() {
    super('No page-triggered call left in this minute for this account');
    this.name = 'PageBudgetError';
  }
}

/** The budget of signed calls console pages may cause, one per background (each test's deps has its own). */
const pageBudgets = new WeakMap<object, PageCallBudget>();
export function pageCallBudget(deps: ServiceDeps): PageCallBudget {
  let budget = pageBudgets.get(deps);
  if (!budget) pageBudgets.set(deps, (budget = createPageCallBudget()));
  return budget;
}

/**
 * `fromPage`: the call was caused by a console page, not by the user in an extension page.
 * Then every signed fetch spends one call of the account's page budget, and none is sent
 * once it is spent.
 */
/**
 * An account's secrets, or undefined when its blob cannot be decrypted: the vault sets such a
 * blob aside, and new keys entered in the options page replace it (the first save must not fail).
 */
async function readableSecrets(deps: ServiceDeps, accountId: string): Promise<Record<string, string> | undefined> {
  try {
    return await deps.secrets.get(accountId);
  } catch (err) {
    if (err instanceof SecretUnreadableError) return undefined;
    throw err;
  }
}

async function credentialsFor(deps: ServiceDeps, accountId: string, fromPage = false) {
  const account = (await accountsItem.getValue()).find((a) => a.id === accountId);
  const provider = account ? deps.providers.get(account.provider) : undefined;
  const secrets = account ? await readableSecrets(deps, accountId) : undefined;
  if (!account || !provider || !secrets) return undefined;
  const runtime = (await runtimeItem.getValue())[accountId] ?? emptyRuntime();
  const rt = { ...runtime, memo: { ...runtime.memo } };
  const budget = pageCallBudget(deps);
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
      return base.fetch(input, init);
    };
    return { ...base, fetch };
  };
  return { account, provider, cred: { account, secrets }, ctx };
}

/**
 * A key refused on a call a page caused stops the account, as a cycle's would: the next id
 * on the page must not be signed with it again (providers lock keys that keep failing).
 */
async function stopOnAuth(deps: ServiceDeps, accountId: string, provider: Provider, err: unknown): Promise<void> {
  if (!(err instanceof ProviderError) || err.cls !== 'auth') return;
  const runtime = await runtimeItem.getValue();
  const rt = runtime[accountId] ?? emptyRuntime();
  await runtimeItem.setValue({ ...runtime, [accountId]: { ...rt, problem: { errorClass: 'auth', message: describeBoth(provider, err), since: deps.now(), stopped: true } } });
  await updateBadge(deps);
}

/** Why a console page may not cause a call for this account now, in the user's language; undefined when it may. */
async function pageRefusal(deps: ServiceDeps, account: Account): Promise<string | undefined> {
  const rt = (await runtimeItem.getValue())[account.id];
  if (accountEligible(rt, deps.now())) return undefined;
  const zh = deps.lang() === 'zh';
  if (rt?.problem?.stopped) {
    return zh
      ? `账号“${account.name}”的密钥已被拒绝，Batchwatch 不会再从控制台页面调用它。请在选项页编辑其密钥，或在那里点击“测试连接”。`
      : `The keys of “${account.name}” were refused, so console pages do not make Batchwatch call it. Edit its keys in Options, or use Test connection there.`;
  }
  return zh
    ? `账号“${account.name}”在出错后正在等待重试，控制台页面不会触发调用。`
    : `“${account.name}” is waiting after errors; console pages do not make Batchwatch call it until then.`;
}

const budgetMessage = (lang: Lang): string =>
  lang === 'zh' ? '此页面短时间内显示的任务 ID 太多，这一个未被跟踪。请一分钟后重新加载页面。' : 'This page showed too many task ids at once; this one was not tracked. Reload the page in a minute to track it.';

/** Counts task ids a console showed that were dropped by the page-call budget (the popup says so). */
async function noteUntracked(deps: ServiceDeps, console: string): Promise<void> {
  const untracked = await untrackedItem.getValue();
  const now = deps.now();
  const entry = untracked[console];
  const fresh = entry && now - entry.lastAt < UNTRACKED_SHOWN_MS ? entry.count : 0;
  await untrackedItem.setValue({ ...untracked, [console]: { count: fresh + 1, lastAt: now } });
}

/** How long the popup mentions ids a console showed that were not tracked. */
export const UNTRACKED_SHOWN_MS = 24 * 3600_000;

export async function testConnection(deps: ServiceDeps, accountId: string): Promise<Reply<object>> {
  const lang = deps.lang();
  const c = await credentialsFor(deps, accountId);
  if (!c && (await readAccountPrefs())[accountId]?.awaitingSecrets) return fail(lang === 'zh' ? '请先填写该账号的密钥。' : 'Enter this account\'s keys first: edit it.');
  if (!c) return fail(lang === 'zh' ? '找不到该账号。' : 'That account no longer exists.');
  try {
    await c.provider.testConnection(c.cred, c.ctx());
  } catch (err) {
    return fail(pick(describeBoth(c.provider, err), lang), err instanceof ProviderError ? { errorClass: err.cls } : {});
  }
  // The user asked and the keys work: the account may be polled again (a stop or a backoff is lifted).
  const runtime = await runtimeItem.getValue();
  const rt = runtime[accountId];
  if (rt && (rt.problem || rt.backoffUntil !== undefined)) {
    const { problem: _problem, backoffUntil: _backoff, ...rest } = rt;
    await runtimeItem.setValue({ ...runtime, [accountId]: { ...rest, failures: 0 } });
    await updateBadge(deps);
    deps.pollSoon();
  }
  return { ok: true };
}

export async function trackTask(deps: ServiceDeps, accountId: string, taskId: string, fromPage = false): Promise<Reply<{ task: TaskView }>> {
  const lang = deps.lang();
  const c = await credentialsFor(deps, accountId, fromPage);
  if (!c) return fail(lang === 'zh' ? '找不到该账号。' : 'That account no longer exists.');
  const id = taskId.trim();
  const spec = c.provider.track;
  if (!spec) return fail(lang === 'zh' ? '该云服务商会自动列出任务，无需手动跟踪。' : 'This provider lists its tasks by itself: nothing to track.');
  const invalid = spec.validateId(id);
  if (invalid) return fail(pick(invalid, lang), { fieldErrors: { taskId: pick(invalid, lang) } });
  let task: Task;
  try {
    task = await spec.track(c.cred, id, c.ctx());
  } catch (err) {
    if (fromPage) await stopOnAuth(deps, c.account.id, c.provider, err);
    const message = err instanceof PageBudgetError ? budgetMessage(lang) : pick(describeBoth(c.provider, err), lang);
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
  if (!task) return fail(lang === 'zh' ? '找不到该任务。' : 'That task is not in the history.');
  const total = (count: number): number => Math.max(count, task.failed ?? 0);
  const stored = await readFailedItems(taskKey);
  if (stored) return { ok: true, taskKey, items: stored, total: total(stored.length), complete: !task.failedItemsTruncated };
  if (!mayHaveFailedItems(task)) return { ok: true, taskKey, items: [], total: 0, complete: isTerminal(task.status) };
  const c = await credentialsFor(deps, task.accountId, fromPage);
  if (!c) return fail(lang === 'zh' ? '找不到该任务的账号。' : 'The account of that task no longer exists.');
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
    return { ok: true, taskKey, items, total: total(items.length), complete: !truncated };
  } catch (err) {
    if (err instanceof PageBudgetError) return fail(budgetMessage(lang));
    if (fromPage) await stopOnAuth(deps, c.account.id, c.provider, err);
    return fail(pick(describeBoth(c.provider, err), lang), err instanceof ProviderError ? { errorClass: err.cls } : {});
  } finally {
    if (fromPage) budget.end(c.account.id);
  }
}

export async function saveSettings(deps: ServiceDeps, patch: Record<string, string | number | boolean>): Promise<Reply<{ settings: Settings }>> {
  const current = await getSettings();
  const next: Settings = { ...current };
  const lang = deps.lang();
  const fieldErrors: Record<string, string> = {};
  const int = (key: keyof typeof SETTING_BOUNDS, min: number, max: number): void => {
    if (!(key in patch)) return;
    const value = Number(patch[key]);
    if (!Number.isInteger(value) || value < min || value > max) fieldErrors[key] = lang === 'zh' ? `请输入 ${min} 到 ${max} 之间的整数。` : `Enter a whole number from ${min} to ${max}.`;
    else next[key] = value;
  };
  for (const key of Object.keys(SETTING_BOUNDS) as (keyof typeof SETTING_BOUNDS)[]) int(key, SETTING_BOUNDS[key][0], SETTING_BOUNDS[key][1]);
  for (const key of ['notifyOnFailure', 'notifyOnSuccess'] as const) if (key in patch) next[key] = patch[key] === true;
  if (Object.keys(fieldErrors).length) return fail(lang === 'zh' ? '请更正标出的设置。' : 'Please correct the marked settings.', { fieldErrors });
  await settingsItem.setValue(next);
  deps.pollSoon();
  return { ok: true, settings: next };
}

/**
 * Adds the accounts of an accounts file. Keys never come from a file: each account waits
 * for its keys (entered in its form) before anything is polled. An entry that is not valid
 * refuses the whole file, saying which; one already here (same provider and name) is left
 * as it is.
 */
export async function importAccounts(deps: ServiceDeps, entries: readonly PortableAccount[]): Promise<Reply<{ imported: number; skipped: number }>> {
  const lang = deps.lang();
  const zh = lang === 'zh';
  const nothing = zh ? '未导入任何内容。' : 'Nothing was imported.';
  const [accounts, prefs] = await Promise.all([accountsItem.getValue(), readAccountPrefs()]);
  const sameAs = (provider: string, name: string): string => `${provider}\n${name.toLowerCase()}`;
  const taken = new Set(accounts.map((a) => sameAs(a.provider, a.name.trim())));
  const added: Account[] = [];
  const nextPrefs = { ...prefs };
  let skipped = 0;
  for (const [i, entry] of entries.entries()) {
    const which = zh ? `第 ${i + 1} 个账号` : `Account ${i + 1}`;
    const provider = deps.providers.get(entry.provider);
    if (!provider) return fail(zh ? `${which}：未知的云服务商“${entry.provider}”。${nothing}` : `${which}: unknown provider "${entry.provider}". ${nothing}`);
    const name = entry.name.trim();
    if (!name || name.length > 60) return fail(zh ? `${which}：名称须为 1 到 60 个字符。${nothing}` : `${which}: the name must be 1 to 60 characters. ${nothing}`);
    const settings: Record<string, string> = {};
    for (const field of provider.fields) {
      if (field.secret) continue; // never from a file, whatever it holds
      const value = (entry.settings[field.key] ?? '').trim();
      if (!value) {
        if (field.defaultValue) settings[field.key] = field.defaultValue;
        else if (field.required) return fail(zh ? `${which}（${name}）：缺少${field.label.zh}。${nothing}` : `${which} (${name}): the ${field.label.en} is missing. ${nothing}`);
        continue;
      }
      const problem = field.validate?.(value);
      if (problem) return fail(`${which} (${name}): ${pick(problem, lang)} ${nothing}`);
      settings[field.key] = value;
    }
    if (taken.has(sameAs(provider.id, name))) {
      skipped++;
      continue;
    }
    taken.add(sameAs(provider.id, name));
    const id = deps.newId();
    added.push({ id, provider: provider.id, name, settings });
    nextPrefs[id] = { awaitingSecrets: true, ...(entry.notify ? { notify: entry.notify } : {}), ...(entry.color ? { color: entry.color } : {}) };
  }
  if (added.length) {
    // Preferences first: a worker killed in between leaves an unused entry, never an
    // account that looks as if its keys were stored.
    await accountPrefsItem.setValue(nextPrefs);
    await accountsItem.setValue([...(await accountsItem.getValue()), ...added]);
    await updateBadge(deps);
  }
  return { ok: true, imported: added.length, skipped };
}

/** Mutes or unmutes an unfinished task. A finished task has nothing left to mute. */
export async function setMuted(deps: ServiceDeps, taskKey: string, muted: boolean): Promise<Reply<object>> {
  const zh = deps.lang() === 'zh';
  const task = await readTask(taskKey);
  const keys = await readMuted();
  if (muted) {
    if (!task) return fail(zh ? '找不到该任务。' : 'That task is not in the history.');
    if (isTerminal(task.status)) return fail(zh ? '该任务已结束，无需静音。' : 'That task has finished: there is nothing left to mute.');
    keys.add(taskKey);
  } else keys.delete(taskKey);
  await mutedItem.setValue([...keys]);
  await updateBadge(deps);
  return { ok: true };
}

/** Marks accounts for discovery in the next cycle (which the caller then asks for). */
async function requestDiscovery(deps: Pick<ServiceDeps, 'now'>, accountIds: readonly string[]): Promise<void> {
  if (!accountIds.length) return;
  const visits = await visitsItem.getValue();
  const now = deps.now();
  await visitsItem.setValue({ ...visits, ...Object.fromEntries(accountIds.map((id) => [id, now])) });
}

type PageHandlers = {
  [K in PageRequest['type']]: (deps: ServiceDeps, req: Extract<PageRequest, { type: K }>) => Promise<Reply<PageReplies[K]>>;
};

/** Extension pages (popup, options). */
export const pageHandlers: PageHandlers = {
  getState: async (deps, req) => ({ ok: true, ...(await stateView(deps, req.limit)) }),
  refreshNow: async (deps) => {
    deps.pollSoon({ force: true });
    return { ok: true };
  },
  saveAccount,
  removeAccount: (deps, req) => removeAccount(deps, req.accountId),
  testConnection: (deps, req) => testConnection(deps, req.accountId),
  trackTask: (deps, req) => trackTask(deps, req.accountId, req.taskId),
  getFailedItems: (deps, req) => failedItemsView(deps, req.taskKey),
  saveSettings: (deps, req) => saveSettings(deps, req.settings),
  setMuted: (deps, req) => setMuted(deps, req.taskKey, req.muted),
  importAccounts: (deps, req) => importAccounts(deps, req.accounts),
  vaultEnable: vaultRequest,
  vaultUnlock: vaultRequest,
  vaultLock: vaultRequest,
  vaultChange: vaultRequest,
  vaultDisable: vaultRequest,
};

const lockedReply = (deps: ServiceDeps): Reply<never> =>
  fail(deps.lang() === 'zh' ? '密钥库已锁定：请在选项页输入口令后重试。' : new VaultLockedError().message, {});

export async function handlePageRequest(deps: ServiceDeps, req: PageRequest): Promise<Reply<object>> {
  const handler = pageHandlers[req.type] as (deps: ServiceDeps, req: PageRequest) => Promise<Reply<object>>;
  try {
    return await handler(deps, req);
  } catch (err) {
    if (err instanceof VaultLockedError) return lockedReply(deps);
    throw err;
  }
}

export function toPanelView(t: StoredTask, provider: Provider | undefined, account: Account | undefined, color?: AccountColor): PanelTaskView {
  return {
    key: t.key,
    providerTaskId: t.providerTaskId,
    label: t.label,
    status: t.status,
    ...(t.failed !== undefined ? { failed: t.failed } : {}),
    ...(t.total !== undefined ? { total: t.total } : {}),
    ...(t.createdAt !== undefined ? { createdAt: t.createdAt } : {}),
    ...(provider && account ? { consoleUrl: provider.consoleUrl(t, account) } : {}),
    ...(color ? { color } : {}),
  };
}

const PANEL_TASKS = 50;
/** Tasks read at a time while looking for the panel's: most consoles find theirs in the first batch. */
const PANEL_READ_BATCH = 200;

/** Recent tasks with failures that a console family may see: newest first, read a batch at a time until there are enough. */
async function familyTasks(deps: ServiceDeps, family: ConsoleFamily): Promise<PanelTaskView[]> {
  const allowed = new Set(FAMILY_PROVIDERS[family]);
  const accounts = (await accountsItem.getValue()).filter((a) => allowed.has(a.provider));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const index = await readTaskIndex();
  const keys = [...index.keys()].filter((k) => accountById.has(accountOfKey(k))).sort((a, b) => index.get(b)! - index.get(a)! || a.localeCompare(b));
  const found: StoredTask[] = [];
  for (let i = 0; i < keys.length && found.length < PANEL_TASKS; i += PANEL_READ_BATCH) {
    const batch = await readTasks(keys.slice(i, i + PANEL_READ_BATCH));
    for (const key of keys.slice(i, i + PANEL_READ_BATCH)) {
      const t = batch[key];
      if (t && allowed.has(t.provider) && accountById.has(t.accountId) && mayHaveFailedItems(t)) found.push(t);
    }
  }
  const prefs = await readAccountPrefs();
  return found.slice(0, PANEL_TASKS).map((t) => toPanelView(t, deps.providers.get(t.provider), accountById.get(t.accountId), prefs[t.accountId]?.color));
}

/** Who is asking, as the router established it from the sender (never from the payload). */
export interface ConsoleSender {
  url: string;
  tabId: number;
  /** The document (Chrome gives each page load its own); absent in Firefox. */
  documentId?: string;
}

interface ConsoleScope {
  family: ConsoleFamily;
  allowed: ReadonlySet<string>;
  tabId: number;
  /** One page load of one tab: the unit of "new ids taken per page view". */
  pageView: string;
  /** The console's host name, as the popup names it. */
  host: string;
}

type ContentHandlers = {
  [K in ContentRequest['type']]: (deps: ServiceDeps, req: Extract<ContentRequest, { type: K }>, scope: ConsoleScope) => Promise<Reply<ContentReplies[K]>>;
};

/**
 * Accounts a console page may cause a discovery for: eligible (not stopped, not backing
 * off), not discovered in the last VISIT_DISCOVERY_MS, and with a call left in the page budget.
 */
async function pageDiscoverable(deps: ServiceDeps, accounts: readonly Account[]): Promise<Account[]> {
  const [runtime, pending] = await Promise.all([runtimeItem.getValue(), visitsItem.getValue()]);
  const now = deps.now();
  const budget = pageCallBudget(deps);
  // A discovery already asked for is one call, however many visits ask again before it runs.
  return accounts.filter((a) => !(a.id in pending) && accountEligible(runtime[a.id], now) && now - (runtime[a.id]?.lastDiscoveryAt ?? 0) >= VISIT_DISCOVERY_MS && budget.spend(a.id, now));
}

/** Console content scripts: each sees only its own family's providers. */
export const contentHandlers: ContentHandlers = {
  consoleVisit: async (deps, _req, scope) => {
    // A console's single-page navigation can fire a visit every few seconds: discover at
    // most once per VISIT_DISCOVERY_MS per account, so browsing never costs more calls.
    const due = await pageDiscoverable(deps, (await accountsItem.getValue()).filter((a) => scope.allowed.has(a.provider)));
    if (due.length) {
      await requestDiscovery(deps, due.map((a) => a.id));
      deps.pollSoon();
    }
    // The console's content script mounts the panel itself: the background has no host access there.
    return { ok: true, show: (await familyTasks(deps, scope.family)).length > 0 };
  },
  panelTasks: async (deps, _req, scope) => ({ ok: true, tasks: await familyTasks(deps, scope.family) }),
  panelFailedItems: async (deps, req, scope) => {
    const task = await readTask(req.taskKey);
    if (!task || !scope.allowed.has(task.provider)) return fail('No such task for this console');
    return failedItemsView(deps, req.taskKey, true);
  },
  panelState: async () => ({ ok: true, collapsed: await panelCollapsedItem.getValue() }),
  setPanelCollapsed: async (_deps, req) => {
    await panelCollapsedItem.setValue(req.collapsed);
    return { ok: true };
  },
  trackFromPage: async (deps, req, scope) => {
    const lang = deps.lang();
    const taskId = req.taskId.trim();
    const accounts = (await accountsItem.getValue()).filter((a) => scope.allowed.has(a.provider));
    const accountById = new Map(accounts.map((a) => [a.id, a]));
    // The same id is seen again at every visit of that page: a known task costs no call.
    // Task keys end in the provider's id: only the keys that could match are read.
    const suffix = `:${taskId.toLowerCase()}`;
    const candidates = [...(await readTaskIndex()).keys()].filter((k) => accountById.has(accountOfKey(k)) && k.toLowerCase().endsWith(suffix));
    const known = Object.values(await readTasks(candidates)).find((t) => accountById.has(t.accountId) && t.providerTaskId.toLowerCase() === taskId.toLowerCase());
    if (known) return { ok: true, task: toPanelView(known, deps.providers.get(known.provider), accountById.get(known.accountId)) };
    const tracker = accounts.find((a) => {
      const track = deps.providers.get(a.provider)?.track;
      return track && !track.validateId(taskId);
    });
    const listing = accounts.filter((a) => !deps.providers.get(a.provider)?.track);
    if (!tracker && !listing.length) return fail(lang === 'zh' ? '没有可以跟踪该任务的账号。' : 'No account here can track that task id.');
    const budget = pageCallBudget(deps);
    // A page that shows ids at machine speed gets 20 of them looked at; the rest are dropped, and counted.
    if (!budget.takeNewId(scope.pageView)) {
      await noteUntracked(deps, scope.host);
      return fail(budgetMessage(lang));
    }
    if (tracker) {
      const refused = await pageRefusal(deps, tracker);
      if (refused) return fail(refused);
      // One call in flight per account, and at most PAGE_CALL_LIMITS a minute: the rest are dropped, not queued.
      if (budget.begin(tracker.id, deps.now())) {
        await noteUntracked(deps, scope.host);
        return fail(budgetMessage(lang));
      }
      let reply: Reply<{ task: TaskView }>;
      try {
        reply = await trackTask(deps, tracker.id, taskId, true);
      } finally {
        budget.end(tracker.id);
      }
      if (!reply.ok) return reply;
      const stored = await readTask(reply.task.key);
      return { ok: true, ...(stored ? { task: toPanelView(stored, deps.providers.get(stored.provider), tracker) } : {}) };
    }
    // Providers that list their tasks will find it at the next discovery (or the one after,
    // when the page budget or a stop holds this one back: nothing is lost by waiting).
    const due = await pageDiscoverable(deps, listing);
    if (due.length) {
      await requestDiscovery(deps, due.map((a) => a.id));
      deps.pollSoon();
    }
    const runtime = await runtimeItem.getValue();
    const held = listing.filter((a) => !accountEligible(runtime[a.id], deps.now()));
    if (held.length === listing.length) return fail((await pageRefusal(deps, listing[0]!)) ?? budgetMessage(lang));
    return { ok: true, discovering: true };
  },
};

export async function handleContentRequest(deps: ServiceDeps, req: ContentRequest, sender: ConsoleSender): Promise<Reply<object>> {
  const page = detectConsolePage(sender.url);
  if (!page) return fail('Not a console page');
  const scope: ConsoleScope = {
    family: page.family,
    allowed: new Set(FAMILY_PROVIDERS[page.family]),
    tabId: sender.tabId,
    pageView: `${sender.tabId}|${sender.documentId ?? pageWithoutRoute(sender.url)}`,
    host: new URL(sender.url).hostname,
  };
  const handler = contentHandlers[req.type] as (deps: ServiceDeps, req: ContentRequest, scope: ConsoleScope) => Promise<Reply<object>>;
  try {
    return await handler(deps, req, scope);
  } catch (err) {
    if (err instanceof VaultLockedError) return lockedReply(deps);
    throw err;
  }
}

/** Firefox names no document: a page load is approximated by the tab and the page's path (hash routes share it). */
function pageWithoutRoute(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

