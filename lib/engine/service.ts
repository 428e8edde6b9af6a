/**
 * The background's answers to the two message tables. Every request has already passed
 * its zod schema and its sender check (lib/messages-guard.ts); nothing returned here ever
 * carries a secret.
 */
import { detectConsolePage, FAMILY_PROVIDERS, type ConsoleFamily } from '../console-pages';
import type { AccountView, ContentRequest, FailedItemsView, PageRequest, PanelTaskView, ProviderMeta, Reply, Settings, StateView, TaskView } from '../messages';
import { isTerminal, ProviderError, type Account, type Lang, type Provider, type Task } from '../providers/types';
import {
  accountsItem,
  DEFAULT_SETTINGS,
  emptyRuntime,
  getSettings,
  lastCycleItem,
  leaseItem,
  readFailedItems,
  removeFailedItems,
  runtimeItem,
  settingsItem,
  tasksItem,
  visitsItem,
  writeFailedItems,
  type StoredTask,
} from '../store/index';
import type { Vault } from '../vault/index';
import { describeBoth, makeContext, MAX_FAILED_ITEM_PAGES, updateBadge, type EngineDeps } from './cycle';

/** Passphrase controls of the vault, when the background has one. */
export type VaultControl = Pick<Vault, 'mode' | 'enablePassphrase' | 'unlock' | 'lock' | 'changePassphrase' | 'disablePassphrase'>;

export interface ServiceDeps extends EngineDeps {
  vault?: VaultControl;
  /** Starts a cycle soon (through the alarm machinery) without waiting for it. */
  pollSoon(options?: { force?: boolean }): void;
  /** Injects the failed-items panel into a console tab. */
  injectPanel(tabId: number): Promise<void>;
  newId(): string;
}

export const VISIT_DISCOVERY_MS = 30_000;

const fail = (error: string, extra: { fieldErrors?: Record<string, string>; errorClass?: ProviderError['cls'] } = {}): Reply<never> => ({ ok: false, error, ...extra });

const pick = (text: { en: string; zh: string }, lang: Lang): string => (lang === 'zh' ? text.zh : text.en);

/** The popup's order: unfinished first, then newest. */
export function popupOrder(a: Task, b: Task): number {
  const rank = (t: Task): number => (isTerminal(t.status) ? 1 : 0);
  const stamp = (t: Task): number => t.createdAt ?? t.updatedAt ?? 0;
  return rank(a) - rank(b) || stamp(b) - stamp(a) || a.key.localeCompare(b.key);
}

function toView(task: StoredTask, provider: Provider | undefined, account: Account | undefined): TaskView {
  const { raw: _raw, ...rest } = task;
  return { ...rest, ...(provider && account ? { consoleUrl: provider.consoleUrl(task, account) } : {}) };
}

export async function stateView(deps: ServiceDeps, limit?: number): Promise<StateView> {
  const lang = deps.lang();
  const [accounts, tasks, runtime, settings, lease, lastCycleAt, locked] = await Promise.all([
    accountsItem.getValue(),
    tasksItem.getValue(),
    runtimeItem.getValue(),
    getSettings(),
    leaseItem.getValue(),
    lastCycleItem.getValue(),
    deps.secrets.isLocked(),
  ]);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const providers: ProviderMeta[] = deps.providers.all.map((p) => ({ id: p.id, name: p.name, ...(p.track ? { track: { idLabel: p.track.idLabel } } : {}) }));
  const visible = Object.values(tasks).filter((t) => accountById.has(t.accountId));
  if (limit !== undefined) visible.sort(popupOrder);
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
    };
  });
  return {
    providers,
    tasks: visible.slice(0, limit ?? visible.length).map((t) => toView(t, deps.providers.get(t.provider), accountById.get(t.accountId))),
    taskCount: visible.length,
    accounts: accountViews,
    settings,
    refreshing: Boolean(lease && lease.expiresAt > deps.now()),
    ...(lastCycleAt ? { lastCycleAt } : {}),
    ...(locked ? { locked } : {}),
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
      if (field.secret && existing) continue; // write-only: empty keeps the stored secret
      if (field.required && !field.defaultValue) {
        fieldErrors[field.key] = lang === 'zh' ? `请填写${field.label.zh}。` : `Enter the ${field.label.en}.`;
        continue;
      }
      if (field.defaultValue && !field.secret) settings[field.key] = field.defaultValue;
      continue;
    }
    const problem = field.validate?.(value);
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
    const stored = existing ? ((await deps.secrets.get(accountId)) ?? {}) : {};
    await deps.secrets.set(accountId, { ...stored, ...secrets });
  }
  const account: Account = { id: accountId, provider: provider.id, name, settings };
  await accountsItem.setValue(existing ? accounts.map((a) => (a.id === accountId ? account : a)) : [...accounts, account]);
  const runtime = await runtimeItem.getValue();
  const rt = runtime[accountId] ?? emptyRuntime();
  // New keys (or settings) are the user's answer to an auth stop: poll again.
  const { problem: _problem, backoffUntil: _backoff, ...rest } = rt;
  await runtimeItem.setValue({ ...runtime, [accountId]: { ...rest, failures: 0 } });
  await updateBadge(deps);
  deps.pollSoon({ force: true });
  return { ok: true, accountId };
}

export async function removeAccount(deps: ServiceDeps, accountId: string): Promise<Reply<object>> {
  const accounts = await accountsItem.getValue();
  if (!accounts.some((a) => a.id === accountId)) return { ok: true };
  await accountsItem.setValue(accounts.filter((a) => a.id !== accountId));
  const tasks = await tasksItem.getValue();
  const removed = Object.values(tasks).filter((t) => t.accountId === accountId).map((t) => t.key);
  await tasksItem.setValue(Object.fromEntries(Object.entries(tasks).filter(([, t]) => t.accountId !== accountId)));
  await removeFailedItems(removed);
  const runtime = await runtimeItem.getValue();
  const { [accountId]: _gone, ...restRuntime } = runtime;
  await runtimeItem.setValue(restRuntime);
  await deps.secrets.delete(accountId);
  await updateBadge(deps);
  return { ok: true };
}

async function credentialsFor(deps: ServiceDeps, accountId: string) {
  const account = (await accountsItem.getValue()).find((a) => a.id === accountId);
  const provider = account ? deps.providers.get(account.provider) : undefined;
  const secrets = account ? await deps.secrets.get(accountId) : undefined;
  if (!account || !provider || !secrets) return undefined;
  const runtime = (await runtimeItem.getValue())[accountId] ?? emptyRuntime();
  const rt = { ...runtime, memo: { ...runtime.memo } };
  return { account, provider, cred: { account, secrets }, ctx: makeContext(deps, rt, () => undefined) };
}

export async function testConnection(deps: ServiceDeps, accountId: string): Promise<Reply<object>> {
  const lang = deps.lang();
  const c = await credentialsFor(deps, accountId);
  if (!c) return fail(lang === 'zh' ? '找不到该账号。' : 'That account no longer exists.');
  try {
    await c.provider.testConnection(c.cred, c.ctx);
    return { ok: true };
  } catch (err) {
    return fail(pick(describeBoth(c.provider, err), lang), err instanceof ProviderError ? { errorClass: err.cls } : {});
  }
}

export async function trackTask(deps: ServiceDeps, accountId: string, taskId: string): Promise<Reply<{ task: TaskView }>> {
  const lang = deps.lang();
  const c = await credentialsFor(deps, accountId);
  if (!c) return fail(lang === 'zh' ? '找不到该账号。' : 'That account no longer exists.');
  const id = taskId.trim();
  const spec = c.provider.track;
  if (!spec) return fail(lang === 'zh' ? '该云服务商会自动列出任务，无需手动跟踪。' : 'This provider lists its tasks by itself: nothing to track.');
  const invalid = spec.validateId(id);
  if (invalid) return fail(pick(invalid, lang), { fieldErrors: { taskId: pick(invalid, lang) } });
  let task: Task;
  try {
    task = await spec.track(c.cred, id, c.ctx);
  } catch (err) {
    const message = pick(describeBoth(c.provider, err), lang);
    return fail(message, { fieldErrors: { taskId: message }, ...(err instanceof ProviderError ? { errorClass: err.cls } : {}) });
  }
  const tasks = await tasksItem.getValue();
  const before = tasks[task.key];
  const stored: StoredTask = { ...before, ...task, firstSeenAt: before?.firstSeenAt ?? deps.now(), watched: before?.watched || !isTerminal(task.status) };
  await tasksItem.setValue({ ...tasks, [task.key]: stored });
  await updateBadge(deps);
  if (!isTerminal(task.status)) deps.pollSoon();
  return { ok: true, task: toView(stored, c.provider, c.account) };
}

export async function failedItemsView(deps: ServiceDeps, taskKey: string): Promise<Reply<FailedItemsView>> {
  const lang = deps.lang();
  const task = (await tasksItem.getValue())[taskKey];
  if (!task) return fail(lang === 'zh' ? '找不到该任务。' : 'That task is not in the history.');
  const stored = await readFailedItems(taskKey);
  if (stored) return { ok: true, taskKey, items: stored, total: stored.length, complete: true };
  if (!isTerminal(task.status) || !(task.failed ?? 0)) return { ok: true, taskKey, items: [], total: 0, complete: isTerminal(task.status) };
  const c = await credentialsFor(deps, task.accountId);
  if (!c) return fail(lang === 'zh' ? '找不到该任务的账号。' : 'The account of that task no longer exists.');
  try {
    const items = [];
    for (let page = 1, pages = 0; pages < MAX_FAILED_ITEM_PAGES; pages++) {
      const result = await c.provider.failedItems(c.cred, task, page, c.ctx);
      items.push(...result.items);
      if (result.nextPage === undefined) break;
      page = result.nextPage;
    }
    await writeFailedItems(taskKey, items);
    const tasks = await tasksItem.getValue();
    if (tasks[taskKey]) await tasksItem.setValue({ ...tasks, [taskKey]: { ...tasks[taskKey], failedItemsFetched: true } });
    return { ok: true, taskKey, items, total: items.length, complete: true };
  } catch (err) {
    return fail(pick(describeBoth(c.provider, err), lang), err instanceof ProviderError ? { errorClass: err.cls } : {});
  }
}

export async function saveSettings(deps: ServiceDeps, patch: Record<string, string | number | boolean>): Promise<Reply<{ settings: Settings }>> {
  const current = await getSettings();
  const next: Settings = { ...current };
  const lang = deps.lang();
  const fieldErrors: Record<string, string> = {};
  const int = (key: 'pendingIntervalSec' | 'idleIntervalSec' | 'historyMaxTasks' | 'historyMaxAgeDays', min: number, max: number): void => {
    if (!(key in patch)) return;
    const value = Number(patch[key]);
    if (!Number.isInteger(value) || value < min || value > max) fieldErrors[key] = lang === 'zh' ? `请输入 ${min} 到 ${max} 之间的整数。` : `Enter a whole number from ${min} to ${max}.`;
    else next[key] = value;
  };
  int('pendingIntervalSec', 30, 3600);
  int('idleIntervalSec', 30, 86_400);
  int('historyMaxTasks', 10, 10_000);
  int('historyMaxAgeDays', 1, 365);
  for (const key of ['notifyOnFailure', 'notifyOnSuccess'] as const) if (key in patch) next[key] = patch[key] === true;
  if (Object.keys(fieldErrors).length) return fail(lang === 'zh' ? '请更正标出的设置。' : 'Please correct the marked settings.', { fieldErrors });
  await settingsItem.setValue(next);
  deps.pollSoon();
  return { ok: true, settings: next };
}

export async function handlePageRequest(deps: ServiceDeps, req: PageRequest): Promise<Reply<object>> {
  switch (req.type) {
    case 'getState':
      return { ok: true, ...(await stateView(deps, req.limit)) };
    case 'refreshNow':
      deps.pollSoon({ force: true });
      return { ok: true };
    case 'saveAccount':
      return saveAccount(deps, req);
    case 'removeAccount':
      return removeAccount(deps, req.accountId);
    case 'testConnection':
      return testConnection(deps, req.accountId);
    case 'trackTask':
      return trackTask(deps, req.accountId, req.taskId);
    case 'getFailedItems':
      return failedItemsView(deps, req.taskKey);
    case 'saveSettings':
      return saveSettings(deps, req.settings);
    case 'vaultEnable':
    case 'vaultUnlock':
    case 'vaultLock':
    case 'vaultChange':
    case 'vaultDisable':
      return vaultRequest(deps, req);
  }
}

/** Recent tasks with failures that a console family may see. */
async function familyTasks(deps: ServiceDeps, family: ConsoleFamily): Promise<PanelTaskView[]> {
  const allowed = new Set(FAMILY_PROVIDERS[family]);
  const [tasks, accounts] = await Promise.all([tasksItem.getValue(), accountsItem.getValue()]);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  return Object.values(tasks)
    .filter((t) => allowed.has(t.provider) && accountById.has(t.accountId) && isTerminal(t.status) && (t.failed ?? 0) > 0)
    .sort((a, b) => (b.createdAt ?? b.firstSeenAt) - (a.createdAt ?? a.firstSeenAt))
    .slice(0, 50)
    .map((t) => {
      const provider = deps.providers.get(t.provider);
      const account = accountById.get(t.accountId);
      return {
        key: t.key,
        providerTaskId: t.providerTaskId,
        label: t.label,
        status: t.status,
        ...(t.failed !== undefined ? { failed: t.failed } : {}),
        ...(t.total !== undefined ? { total: t.total } : {}),
        ...(t.createdAt !== undefined ? { createdAt: t.createdAt } : {}),
        ...(provider && account ? { consoleUrl: provider.consoleUrl(t, account) } : {}),
      };
    });
}

export async function handleContentRequest(deps: ServiceDeps, req: ContentRequest, sender: { url: string; tabId: number }): Promise<Reply<object>> {
  const page = detectConsolePage(sender.url);
  if (!page) return fail('Not a console page');
  const family = page.family;
  const allowed = new Set(FAMILY_PROVIDERS[family]);
  switch (req.type) {
    case 'consoleVisit': {
      // A console's single-page navigation can fire a visit every few seconds: discover at
      // most once per VISIT_DISCOVERY_MS per account, so browsing never costs more calls.
      const runtime = await runtimeItem.getValue();
      const accounts = (await accountsItem.getValue()).filter(
        (a) => allowed.has(a.provider) && deps.now() - (runtime[a.id]?.lastDiscoveryAt ?? 0) >= VISIT_DISCOVERY_MS,
      );
      if (accounts.length) {
        const visits = await visitsItem.getValue();
        await visitsItem.setValue({ ...visits, ...Object.fromEntries(accounts.map((a) => [a.id, deps.now()])) });
        deps.pollSoon();
      }
      const show = (await familyTasks(deps, family)).length > 0;
      if (show) await deps.injectPanel(sender.tabId).catch(() => undefined);
      const reply = { ok: true as const, show };
      return reply;
    }
    case 'panelTasks': {
      const reply = { ok: true as const, tasks: await familyTasks(deps, family) };
      return reply;
    }
    case 'panelFailedItems': {
      const task = (await tasksItem.getValue())[req.taskKey];
      if (!task || !allowed.has(task.provider)) return fail('No such task for this console');
      return failedItemsView(deps, req.taskKey);
    }
    case 'trackFromPage': {
      const accounts = (await accountsItem.getValue()).filter((a) => allowed.has(a.provider));
      const target = accounts.find((a) => {
        const p = deps.providers.get(a.provider);
        return p?.track && !p.track.validateId(req.taskId.trim());
      });
      if (!target) return fail(deps.lang() === 'zh' ? '没有可以跟踪该任务的账号。' : 'No account here can track that task id.');
      return trackTask(deps, target.id, req.taskId);
    }
  }
}

export { DEFAULT_SETTINGS };
