/**
 * What the surfaces are shown: the popup's and options page's state, the popup's first page
 * (kept in storage), and a task as a console panel lists it. Nothing here carries a secret
 * or the engine's own bookkeeping.
 */
import { dequal } from 'dequal/lite';
import { SECURITY_TOKEN_FIELD } from '../../providers/temporary-keys';
import type { AccountView, AccountColor, CapabilityView, PanelTaskView, ProviderMeta, StateView, TaskView } from '../../messaging/messages';
import { isTerminal, type Account, type CapabilityReport, type FailedItem, type FailedItemView, type Lang, type Provider, type UnreadableRows } from '../../providers/types';
import { accountsItem, getSettings, lastCycleItem, leaseItem, notifyPolicyOf, popupSnapshotItem, popupStatusItem, writePopupSnapshotParts, readAccountPrefs, readMuted, readTasks, readUnseen, runtimeItem, untrackedItem, type StoredTask } from '../../store/index';
import { finishedWithFailures } from '../schedule';
import { makePopupSnapshotParts, POPUP_SNAPSHOT_TASKS } from '../../popup/snapshot';
import { leaseLive } from '../lease';
import { watchedTaskCount } from '../vault-lock';
import { say, sayLabel, wordsSchema } from '../../i18n/words';
import { type ServiceDeps, pick } from './common';
import { readTaskPage, type TaskPageRequest } from '../task-page';

/** Failed items as the popup and the panel show them and the panel exports them: each name and reason in words, in `lang`. */
export const failedItemViews = (items: readonly FailedItem[], lang: Lang): FailedItemView[] =>
  items.map((item) => ({
    ...item,
    item: typeof item.item === 'string' ? item.item : say(item.item, lang),
    message: typeof item.message === 'string' ? item.message : say(item.message, lang),
  }));

/** Stored words in `lang`, or undefined when they are not words (a message, or an older install's pair). */
function shown(stored: unknown, lang: Lang): string | undefined {
  const words = wordsSchema.safeParse(stored);
  return words.success ? say(words.data, lang) || undefined : undefined;
}

/** Stored notes are untrusted: only well-formed ones are shown, as text. */
function unreadableView(notes: unknown, lang: Lang): Pick<AccountView, 'unreadable'> {
  if (!Array.isArray(notes)) return {};
  const views = notes.flatMap((n: Partial<UnreadableRows> | null) => {
    const text = shown(n?.message, lang);
    if (!text) return [];
    return [{ message: text.slice(0, 500), shapes: Array.isArray(n?.shapes) ? n.shapes.filter((x): x is string => typeof x === 'string').slice(0, 3) : [] }];
  });
  return views.length ? { unreadable: views } : {};
}

/** Stored reports are untrusted: only well-formed ones are shown, as text. */
export function capabilityViews(reports: unknown, lang: Lang): CapabilityView[] {
  if (!Array.isArray(reports)) return [];
  return reports.flatMap((r: Partial<CapabilityReport> | null) => {
    const label = shown(r?.label, lang);
    if (typeof r?.id !== 'string' || !label) return [];
    if (r.state !== 'watched' && r.state !== 'not-watched' && r.state !== 'retrying') return [];
    const reason = shown(r.reason, lang);
    const checkedAt = (r as { checkedAt?: unknown }).checkedAt;
    return [{ id: r.id, label: label.slice(0, 200), state: r.state, ...(reason ? { reason: reason.slice(0, 500) } : {}), ...(typeof checkedAt === 'number' && Number.isFinite(checkedAt) ? { checkedAt } : {}) }];
  });
}

export function toView(task: StoredTask, provider: Provider | undefined, account: Account | undefined, muted?: ReadonlySet<string>): TaskView {
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

/** The state surfaces show; `page` picks the tasks (a number: the first ones in popup order). */
export async function stateView(deps: ServiceDeps, page: number | TaskPageRequest = {}): Promise<StateView> {
  const lang = deps.lang();
  const accountsNow = await accountsItem.getValue();
  const [accounts, { tasks: visible, count, matching, more }, runtime, settings, lease, lastCycleAt, locked, muted, prefs, untrackedByHost, unseenKeys] = await Promise.all([
    accountsNow,
    readTaskPage(accountsNow, typeof page === 'number' ? { limit: page } : page),
    runtimeItem.getValue(),
    getSettings(),
    leaseItem.getValue(),
    lastCycleItem.getValue(),
    deps.secrets.isLocked(),
    readMuted(),
    readAccountPrefs(),
    untrackedItem.getValue(),
    readUnseen(),
  ]);
  const untracked = Object.entries(untrackedByHost)
    .filter(([, u]) => deps.now() - u.lastAt < UNTRACKED_SHOWN_MS)
    .map(([host, u]) => ({ console: host, count: u.count, lastAt: u.lastAt }));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const unseenTasks = unseenKeys.length ? await readTasks(unseenKeys) : {};
  // Newest first; only tasks still there, of a live account, that did fail.
  const unseen = [...unseenKeys]
    .reverse()
    .map((key) => unseenTasks[key])
    .filter((t): t is StoredTask => t !== undefined && accountById.has(t.accountId) && !t.gone && finishedWithFailures(t))
    .slice(0, UNSEEN_SHOWN)
    .map((t) => toView(t, deps.providers.get(t.provider), accountById.get(t.accountId)));
  // What the lock stopped watching, said on the popup's first line.
  const unwatched = locked ? await watchedTaskCount() : 0;
  const providers: ProviderMeta[] = deps.providers.all.map((p) => ({ id: p.id, name: p.name, ...(p.track ? { track: { idLabel: p.track.idLabel } } : {}), ...(p.tasksFromConsolePages ? { tasksFromConsolePages: true as const } : {}) }));
  const accountViews: AccountView[] = accounts.map((a) => {
    const rt = runtime[a.id];
    const provider = deps.providers.get(a.provider);
    return {
      id: a.id,
      provider: a.provider,
      name: a.name,
      settings: a.settings,
      // The token is shown as stored only when the keys came with one.
      storedSecrets: provider ? provider.fields.filter((f) => f.secret && (f.key !== SECURITY_TOKEN_FIELD || prefs[a.id]?.temporaryKeys)).map((f) => f.key) : [],
      ...(rt?.problem ? { problem: { errorClass: rt.problem.errorClass, message: pick(rt.problem.message, lang), since: rt.problem.since, stopped: rt.problem.stopped } } : {}),
      ...(rt?.lastPolledAt ? { lastPolledAt: rt.lastPolledAt } : {}),
      ...unreadableView(rt?.unreadable, lang),
      ...(rt?.capabilities?.length ? { capabilities: capabilityViews(rt.capabilities, lang) } : {}),
      notify: notifyPolicyOf(prefs[a.id], settings),
      ...(prefs[a.id]?.color ? { color: prefs[a.id]!.color } : {}),
      ...(prefs[a.id]?.awaitingSecrets ? { needsSecrets: true } : {}),
      ...(prefs[a.id]?.keyIdHint && !prefs[a.id]?.awaitingSecrets ? { keyIdHint: prefs[a.id]!.keyIdHint! } : {}),
      ...(prefs[a.id]?.temporaryKeys && !prefs[a.id]?.awaitingSecrets ? { temporaryKeys: true } : {}),
    };
  });
  return {
    providers,
    tasks: visible.map((t) => toView(t, deps.providers.get(t.provider), accountById.get(t.accountId), muted)),
    taskCount: count,
    ...(matching !== undefined ? { matching } : {}),
    ...(more ? { more } : {}),
    accounts: accountViews,
    settings,
    refreshing: leaseLive(lease, deps.now()),
    ...(lastCycleAt ? { lastCycleAt } : {}),
    ...(locked ? { locked } : {}),
    ...(unwatched ? { lockedTasks: unwatched } : {}),
    ...(untracked.length ? { untracked } : {}),
    ...(unseen.length ? { unseen } : {}),
    vaultMode: deps.vault ? await deps.vault.mode() : 'device',
  };
}

/** Unseen failures the popup lists in "Needs attention" (the badge counts them all). */
export const UNSEEN_SHOWN = 20;

/** How long the popup mentions ids a console showed that were not tracked. */
export const UNTRACKED_SHOWN_MS = 24 * 3600_000;

/** The panel bundle holds no catalogue: a task's label reaches it in words, in `lang`. */
export function toPanelView(t: StoredTask, provider: Provider | undefined, account: Account | undefined, lang: Lang, color?: AccountColor): PanelTaskView {
  return {
    key: t.key,
    providerTaskId: t.providerTaskId,
    label: sayLabel(t.label, lang),
    status: t.status,
    ...(t.failed !== undefined ? { failed: t.failed } : {}),
    ...(t.total !== undefined ? { total: t.total } : {}),
    ...(t.createdAt !== undefined ? { createdAt: t.createdAt } : {}),
    ...(provider && account ? { consoleUrl: provider.consoleUrl(t, account) } : {}),
    ...(color ? { color } : {}),
  };
}
