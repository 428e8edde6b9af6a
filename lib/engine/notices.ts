/**
 * Notifications for tasks that finished: each account's policy decides which (failures only
 * by default, every finish, or none), muted tasks never notify, and every task that finished
 * in one polling cycle shares one notification. Clicking a single task's opens its console;
 * a group's opens the popup showing just those tasks (the background does that, from
 * `noticeTarget`). No browser API here.
 */
import { isTerminal, type Account, type Lang, type Task } from '../providers/types';
import { say, sayLabel } from '../i18n/words';
import { render, type Message } from '../i18n/catalogue';
import {
  accountsItem,
  getSettings,
  noticeGroupsItem,
  notifyPolicyOf,
  readAccountPrefs,
  readMuted,
  readTasks,
  writeTasks,
  type NotifyPolicy,
  type StoredTask,
} from '../store/index';
import type { EngineDeps, Notice } from './deps';
import { finishedWithFailures } from './schedule';

/** Group notifications' ids start with this; a single task's id is its key. */
export const GROUP_NOTICE_PREFIX = 'group:';
/** Groups remembered for their click; older ones open the popup unfiltered. */
export const MAX_NOTICE_GROUPS = 20;
/** Task names listed in a group's message; the popup shows every one. */
export const GROUP_MESSAGE_TASKS = 3;

export function policyAllows(policy: NotifyPolicy, task: Task): boolean {
  if (policy === 'none') return false;
  return policy === 'all' || finishedWithFailures(task);
}

/** The notification for tasks that finished together (one or more), in the UI language. */
export function noticeFor(tasks: readonly StoredTask[], accounts: ReadonlyMap<string, Account>, providerName: (id: string) => string, lang: Lang, groupId: string): Notice {
  const word = (message: Message): string => render(message, lang);
  if (tasks.length === 1) {
    const task = tasks[0]!;
    const name = providerName(task.provider);
    const title = word({ id: finishedWithFailures(task) ? 'noticeFinishedWithFailures' : 'noticeFinished', provider: name });
    const counts = task.failed !== undefined ? word({ id: 'noticeFailedCount', n: task.failed }) : '';
    return { id: task.key, title, message: [sayLabel(task.label, lang), accounts.get(task.accountId)?.name, counts].filter(Boolean).join(' · ') };
  }
  const failing = tasks.filter(finishedWithFailures).length;
  const title = word(failing ? { id: 'noticeGroupFinishedFailing', n: tasks.length, failing } : { id: 'noticeGroupFinished', n: tasks.length });
  const lines = tasks.slice(0, GROUP_MESSAGE_TASKS).map((t) => [sayLabel(t.label, lang), accounts.get(t.accountId)?.name].filter(Boolean).join(' · '));
  const more = tasks.length - lines.length;
  if (more > 0) lines.push(word({ id: 'noticeGroupMore', n: more }));
  return { id: `${GROUP_NOTICE_PREFIX}${groupId}`, title, message: lines.join('\n') };
}

/**
 * Sends the one notification this cycle owes, if any. Its tasks are marked notified (one
 * write) before it is shown, so a worker killed in between may lose a notice but never
 * repeats one.
 */
export async function sendNotices(deps: Pick<EngineDeps, 'notify' | 'lang' | 'now' | 'providers'>, finished: readonly StoredTask[]): Promise<void> {
  if (!finished.length) return;
  const [accounts, settings, prefs, muted, stored] = await Promise.all([
    accountsItem.getValue(),
    getSettings(),
    readAccountPrefs(),
    readMuted(),
    // As stored now: later steps of the cycle may have added to them (failed items fetched).
    readTasks(new Set(finished.map((t) => t.key))),
  ]);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const due = Object.values(stored).filter(
    (task) => !task.notified && !muted.has(task.key) && isTerminal(task.status) && accountById.has(task.accountId) && policyAllows(notifyPolicyOf(prefs[task.accountId], settings), task),
  );
  if (!due.length) return;
  await writeTasks(due.map((task) => ({ ...task, notified: true })));
  const providerName = (id: string): string => {
    const provider = deps.providers.get(id);
    return provider ? say(provider.name, deps.lang()) : id;
  };
  const groupId = String(deps.now());
  if (due.length > 1) {
    const groups = await noticeGroupsItem.getValue();
    const kept = Object.entries(groups && typeof groups === 'object' ? groups : {}).slice(-(MAX_NOTICE_GROUPS - 1));
    await noticeGroupsItem.setValue(Object.fromEntries([...kept, [groupId, due.map((t) => t.key)]]));
  }
  // A notification that cannot be shown must not fail the poll that found the news.
  await deps.notify(noticeFor(due, accountById, providerName, deps.lang(), groupId)).catch(() => undefined);
}

export type NoticeTarget = { kind: 'console'; taskKey: string } | { kind: 'popup'; taskKeys: string[] } | { kind: 'none' };

/** What clicking a notification opens: a single task's console, or the popup showing a group. */
export function noticeTarget(notificationId: string, groups: Readonly<Record<string, unknown>>): NoticeTarget {
  if (!notificationId.startsWith(GROUP_NOTICE_PREFIX)) return { kind: 'console', taskKey: notificationId };
  const keys = groups[notificationId.slice(GROUP_NOTICE_PREFIX.length)];
  return Array.isArray(keys) ? { kind: 'popup', taskKeys: keys.filter((k): k is string => typeof k === 'string') } : { kind: 'popup', taskKeys: [] };
}
