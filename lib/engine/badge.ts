/**
 * The toolbar button: its badge (how many tasks are pending, or "!" when polling has stopped
 * and nothing is pending) and its title, the tooltip that says which account each number and
 * each problem belongs to. Pure functions of the stored state; updateBadge applies them.
 */
import type { Account, ErrorClass, Lang, Text } from '../providers/types';
import { isTerminal } from '../providers/types';
import { say } from '../i18n/words';
import { LOCALES, render, type CatalogueKey, type Message } from '../i18n/catalogue';
import { accountsItem, mutedItem, readAccountPrefs, readActiveTasks, readMuted, readTasks, readUnseen, runtimeItem, type AccountPrefs, type AccountRuntime, type StoredTask } from '../store/index';
import type { EngineDeps, ProviderRegistry } from './deps';
import { finishedWithFailures, isPendingStatus } from './schedule';

export const BADGE_BLUE = '#1d4ed8';
export const BADGE_RED = '#b91c1c';
/** "!" on its own: nothing to count, but something needs the user (white on it: 5.0:1). */
export const BADGE_WARNING = '#b45309';

export interface Badge {
  text: string;
  color: string;
}

const counts = (task: StoredTask, live: ReadonlySet<string>, muted: ReadonlySet<string>): boolean =>
  live.has(task.accountId) && isPendingStatus(task.status) && !task.gone && !muted.has(task.key);

export function badgeFor(
  tasks: Readonly<Record<string, StoredTask>>,
  accounts: readonly Account[],
  runtime: Readonly<Record<string, AccountRuntime>>,
  muted: ReadonlySet<string> = new Set(),
  locked = false,
  /** Tasks that finished with failures nobody has looked at yet (unseenFailures). */
  unseen = 0,
): Badge {
  const live = new Set(accounts.map((a) => a.id));
  const pending = Object.values(tasks).filter((t) => counts(t, live, muted)).length;
  const stopped = locked || accounts.some((a) => runtime[a.id]?.problem?.stopped);
  const count = (n: number): string => (n > 999 ? '999+' : String(n));
  // A missed notification must not be a missed failure: the count stays the pending one (what
  // users read it as), the colour says something failed; with nothing pending, the failures.
  if (pending === 0) {
    if (unseen > 0) return { text: count(unseen), color: BADGE_RED };
    return stopped ? { text: '!', color: BADGE_WARNING } : { text: '', color: BADGE_BLUE };
  }
  return { text: count(pending), color: stopped || unseen > 0 ? BADGE_RED : BADGE_BLUE };
}

/** How many of the unseen keys are tasks still there, of a live account, that did fail. */
export function unseenFailures(keys: readonly string[], tasks: Readonly<Record<string, StoredTask>>, accounts: readonly Account[]): number {
  const live = new Set(accounts.map((a) => a.id));
  return keys.filter((key) => {
    const task = tasks[key];
    return task !== undefined && live.has(task.accountId) && !task.gone && finishedWithFailures(task);
  }).length;
}

/** Short words for the tooltip; the popup and options page carry the full sentence and the fix. */
const PROBLEM_WORDS: Record<ErrorClass, CatalogueKey> = {
  auth: 'badgeProblemAuth',
  permission: 'badgeProblemPermission',
  throttled: 'badgeProblemThrottled',
  'clock-skew': 'badgeProblemClockSkew',
  'not-found': 'badgeProblemNotFound',
  network: 'badgeProblemUnreachable',
  timeout: 'badgeProblemUnreachable',
  malformed: 'badgeProblemMalformed',
  server: 'badgeProblemServer',
  'invalid-input': 'badgeProblemInvalidInput',
  expired: 'badgeProblemExpired',
};

/** Tooltips are cut short by the browsers: past this many accounts, a count says how many more. */
export const TITLE_MAX_ACCOUNTS = 8;

/**
 * "Huawei Cloud — production" unless the account's own name already says the provider, in
 * any language Batchwatch speaks ("Huawei — production", "华为 生产"), so the usual naming does
 * not read twice. A name's first word says the provider ("Huawei" of "Huawei Cloud"; "华为" of "华为云").
 */
export function accountTitle(account: Account, provider: Text | undefined, lang: Lang): string {
  const shown = provider ? say(provider, lang) : account.provider;
  const name = account.name.toLowerCase();
  const words = provider ? (Object.keys(LOCALES) as Lang[]).map((each) => say(provider, each).split(/\s+/)[0]?.replace(/云$/, '')) : [account.provider];
  return words.some((w) => w && name.includes(w.toLowerCase())) ? account.name : `${shown} — ${account.name}`;
}

export interface TitleInput {
  tasks: Readonly<Record<string, StoredTask>>;
  accounts: readonly Account[];
  runtime: Readonly<Record<string, AccountRuntime>>;
  muted: ReadonlySet<string>;
  prefs: Readonly<Record<string, AccountPrefs>>;
  locked: boolean;
  providers: ProviderRegistry;
  lang: Lang;
  /** unseenFailures: said first, since the badge's number does not count them. */
  unseen?: number;
}

/** The toolbar button's title: one line per account with pending tasks or a problem. */
export function badgeTitle(input: TitleInput): string {
  const word = (message: Message): string => render(message, input.lang);
  const live = new Set(input.accounts.map((a) => a.id));
  const pending = new Map<string, number>();
  const mutedCount = new Map<string, number>();
  // Shown, not counted: a status no doc lists may never change (issue 28).
  const unknownCount = new Map<string, number>();
  for (const task of Object.values(input.tasks)) {
    if (live.has(task.accountId) && task.status === 'unknown' && !task.gone) unknownCount.set(task.accountId, (unknownCount.get(task.accountId) ?? 0) + 1);
    if (!live.has(task.accountId) || !isPendingStatus(task.status) || task.gone) continue;
    const bucket = input.muted.has(task.key) ? mutedCount : pending;
    bucket.set(task.accountId, (bucket.get(task.accountId) ?? 0) + 1);
  }
  const lines: string[] = [];
  if (input.unseen) lines.push(render({ id: 'badgeTasksFailed', n: input.unseen }, input.lang));
  if (input.locked) lines.push(word({ id: 'badgeLocked' }));
  for (const account of input.accounts) {
    const parts: string[] = [];
    const n = pending.get(account.id) ?? 0;
    const m = mutedCount.get(account.id) ?? 0;
    if (n) parts.push(word({ id: 'badgePending', n }));
    if (m) parts.push(word({ id: 'badgeMuted', n: m }));
    const u = unknownCount.get(account.id) ?? 0;
    if (u) parts.push(word({ id: 'badgeUnknown', n: u }));
    const problem = input.runtime[account.id]?.problem;
    if (problem) {
      const id = PROBLEM_WORDS[problem.errorClass] as CatalogueKey | undefined;
      parts.push(word({ id: id ?? 'badgeProblem' }));
      if (problem.stopped) parts.push(word({ id: 'badgeStopped' }));
    }
    if (input.prefs[account.id]?.awaitingSecrets) parts.push(word({ id: 'badgeKeysNeeded' }));
    if (!parts.length) continue;
    lines.push(`${accountTitle(account, input.providers.get(account.provider)?.name, input.lang)}: ${parts.join(word({ id: 'badgeSeparator' }))}`);
  }
  if (!lines.length) return word({ id: 'badgeNothingPending' });
  const shown = lines.slice(0, TITLE_MAX_ACCOUNTS);
  if (lines.length > shown.length) shown.push(word({ id: 'badgeMore', n: lines.length - shown.length }));
  return ['Batchwatch', ...shown].join('\n');
}

export type BadgeDeps = Pick<EngineDeps, 'setBadge' | 'setTitle' | 'providers' | 'lang'> & { secrets?: Pick<EngineDeps['secrets'], 'isLocked'> };

/**
 * A mute lasts until its task ends: keys of finished or forgotten tasks go. Called as a
 * cycle ends, after its notifications (which must still see a task that just finished as
 * muted), and never from a user action in the middle of a cycle.
 */
export async function pruneMuted(): Promise<void> {
  const muted = await readMuted();
  if (!muted.size) return;
  const tasks = await readTasks(muted);
  const still = [...muted].filter((key) => tasks[key] && !isTerminal(tasks[key].status));
  if (still.length !== muted.size) await mutedItem.setValue(still);
}

/** Sets the badge and the title from storage. */
export async function updateBadge(deps: BadgeDeps): Promise<void> {
  // Every pending task is an active one: the badge never reads the history.
  const [tasks, accounts, runtime, muted, prefs, locked, unseenKeys] = await Promise.all([
    readActiveTasks(),
    accountsItem.getValue(),
    runtimeItem.getValue(),
    readMuted(),
    readAccountPrefs(),
    deps.secrets ? deps.secrets.isLocked().catch(() => false) : Promise.resolve(false),
    readUnseen(),
  ]);
  // Finished tasks are not active ones: the unseen are read by key (MAX_UNSEEN at most).
  const unseen = unseenKeys.length ? unseenFailures(unseenKeys, await readTasks(unseenKeys), accounts) : 0;
  const badge = badgeFor(tasks, accounts, runtime, muted, locked, unseen);
  await deps.setBadge(badge.text, badge.color);
  await deps.setTitle?.(badgeTitle({ tasks, accounts, runtime, muted, prefs, locked, providers: deps.providers, lang: deps.lang(), unseen }));
}
