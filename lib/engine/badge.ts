/**
 * The toolbar button: its badge (how many tasks are pending, or "!" when polling has stopped
 * and nothing is pending) and its title, the tooltip that says which account each number and
 * each problem belongs to. Pure functions of the stored state; updateBadge applies them.
 */
import type { Account, ErrorClass, Lang, Text } from '../providers/types';
import { isTerminal } from '../providers/types';
import { say } from '../i18n/words';
import { accountsItem, mutedItem, readAccountPrefs, readActiveTasks, readMuted, readTasks, runtimeItem, type AccountPrefs, type AccountRuntime, type StoredTask } from '../store/index';
import type { EngineDeps, ProviderRegistry } from './deps';
import { isPendingStatus } from './schedule';

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
): Badge {
  const live = new Set(accounts.map((a) => a.id));
  const pending = Object.values(tasks).filter((t) => counts(t, live, muted)).length;
  const stopped = locked || accounts.some((a) => runtime[a.id]?.problem?.stopped);
  if (pending === 0) return stopped ? { text: '!', color: BADGE_WARNING } : { text: '', color: BADGE_BLUE };
  return { text: pending > 999 ? '999+' : String(pending), color: stopped ? BADGE_RED : BADGE_BLUE };
}

/** Short words for the tooltip; the popup and options page carry the full sentence and the fix. */
const PROBLEM_WORDS: Record<ErrorClass, Text> = {
  auth: { en: 'keys refused', zh: '密钥被拒绝' },
  permission: { en: 'a permission is missing', zh: '缺少权限' },
  throttled: { en: 'rate-limited, retrying later', zh: '请求受限，稍后重试' },
  'clock-skew': { en: 'clock differs from the provider, retrying', zh: '时钟与云服务商不一致，正在重试' },
  'not-found': { en: 'a task is no longer known', zh: '有任务已不存在' },
  network: { en: 'provider unreachable, retrying', zh: '无法连接云服务商，正在重试' },
  timeout: { en: 'provider unreachable, retrying', zh: '无法连接云服务商，正在重试' },
  malformed: { en: 'unexpected answer, retrying', zh: '返回内容异常，正在重试' },
  server: { en: 'provider trouble, retrying', zh: '云服务商故障，正在重试' },
  'invalid-input': { en: 'a request was refused', zh: '请求被拒绝' },
};
const STOPPED: Text = { en: 'polling stopped', zh: '已停止轮询' };

/** Tooltips are cut short by the browsers: past this many accounts, a count says how many more. */
export const TITLE_MAX_ACCOUNTS = 8;

/**
 * "Huawei Cloud — production" unless the account's own name already says the provider, in
 * either language ("Huawei — production", "华为 生产"), so the usual naming does not read twice.
 */
export function accountTitle(account: Account, provider: Text | undefined, lang: Lang): string {
  const shown = provider ? say(provider, lang) : account.provider;
  const name = account.name.toLowerCase();
  const words = provider ? [say(provider, 'en').split(/\s+/)[0], say(provider, 'zh').replace(/云$/, '')] : [account.provider];
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
}

/** The toolbar button's title: one line per account with pending tasks or a problem. */
export function badgeTitle(input: TitleInput): string {
  const zh = input.lang === 'zh';
  const pick = (text: Text): string => say(text, input.lang);
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
  if (input.locked) lines.push(zh ? '已锁定：请在设置中输入口令以恢复轮询' : 'Locked: enter your passphrase in Options to resume polling');
  for (const account of input.accounts) {
    const parts: string[] = [];
    const n = pending.get(account.id) ?? 0;
    const m = mutedCount.get(account.id) ?? 0;
    if (n) parts.push(zh ? `${n} 个进行中` : `${n} pending`);
    if (m) parts.push(zh ? `${m} 个已静音` : `${m} muted`);
    const u = unknownCount.get(account.id) ?? 0;
    if (u) parts.push(zh ? `${u} 个状态未知` : `${u} of unknown status`);
    const problem = input.runtime[account.id]?.problem;
    if (problem) {
      const words = PROBLEM_WORDS[problem.errorClass] as Text | undefined;
      parts.push(words ? pick(words) : zh ? '出现问题' : 'a problem');
      if (problem.stopped) parts.push(pick(STOPPED));
    }
    if (input.prefs[account.id]?.awaitingSecrets) parts.push(zh ? '需要填写密钥' : 'keys needed');
    if (!parts.length) continue;
    lines.push(`${accountTitle(account, input.providers.get(account.provider)?.name, input.lang)}: ${parts.join(zh ? '，' : ', ')}`);
  }
  if (!lines.length) return zh ? 'Batchwatch — 没有进行中的任务' : 'Batchwatch — nothing pending';
  const shown = lines.slice(0, TITLE_MAX_ACCOUNTS);
  if (lines.length > shown.length) shown.push(zh ? `另有 ${lines.length - shown.length} 项` : `and ${lines.length - shown.length} more`);
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
  const [tasks, accounts, runtime, muted, prefs, locked] = await Promise.all([
    readActiveTasks(),
    accountsItem.getValue(),
    runtimeItem.getValue(),
    readMuted(),
    readAccountPrefs(),
    deps.secrets ? deps.secrets.isLocked().catch(() => false) : Promise.resolve(false),
  ]);
  const badge = badgeFor(tasks, accounts, runtime, muted, locked);
  await deps.setBadge(badge.text, badge.color);
  await deps.setTitle?.(badgeTitle({ tasks, accounts, runtime, muted, prefs, locked, providers: deps.providers, lang: deps.lang() }));
}
