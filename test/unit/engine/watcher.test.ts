/**
 * Living with the watcher (issue 20), engine side: a muted task leaves the badge and never
 * notifies until it ends; the badge's "!" and its title; each account's notification policy;
 * tasks that finish in one cycle share one notification.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { accountTitle, BADGE_BLUE, BADGE_RED, BADGE_WARNING, badgeFor, badgeTitle, TITLE_MAX_ACCOUNTS } from '../../../lib/engine/badge';
import { GROUP_MESSAGE_TASKS, noticeTarget, policyAllows } from '../../../lib/engine/notices';
import { saveAccount, setMuted, stateView } from '../../../lib/engine/service';
import type { Account, Task } from '../../../lib/providers/types';
import { mutedItem, noticeGroupsItem, readTask, type AccountRuntime, type StoredTask } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from './scripted';

beforeEach(() => fakeBrowser.reset());

const SEC = 1000;
type Env = ReturnType<typeof engineDeps>;

async function addAccount(env: Env, provider: string, over: { name?: string; notify?: 'failures' | 'all' | 'none' } = {}): Promise<string> {
  const reply = await saveAccount(env.deps, {
    type: 'saveAccount',
    provider,
    name: over.name ?? `${provider} prod`,
    settings: { region: 'r1' },
    secrets: { secretKey: 'key-12345678' },
    ...(over.notify ? { notify: over.notify } : {}),
  });
  if (!reply.ok) throw new Error(reply.error);
  return reply.accountId;
}

async function cyclesUntil(env: Env, until: number): Promise<void> {
  while (env.deps.now() <= until) {
    await runCycle(env.deps);
    env.advance(30 * SEC);
  }
}

const t0 = CLOCK_START;
const job = (id: string, finishAt: number, final: 'succeeded' | 'partial' | 'failed', failed = 0) => ({ id, finishAt, final, failed, createdAt: t0 - 60 * SEC });

describe('muting a task', () => {
  it('takes it off the badge, keeps it muted across a restart, never notifies, and ends when it finishes', async () => {
    const lister = scriptedProvider('lister', { listable: true, remote: [job('1', t0 + 300 * SEC, 'partial', 4), job('2', t0 + 3600 * SEC, 'succeeded')] });
    const env = engineDeps([lister.provider]);
    const accountId = await addAccount(env, 'lister');
    await runCycle(env.deps);
    expect(env.badges.at(-1)).toEqual({ text: '2', color: BADGE_BLUE });

    const key = `${accountId}:job:1`;
    expect(await setMuted(env.deps, key, true)).toEqual({ ok: true });
    expect(env.badges.at(-1)?.text).toBe('1');
    expect((await stateView(env.deps)).tasks.find((t) => t.key === key)?.muted).toBe(true);

    // A restarted worker (new deps, same storage) still counts it out.
    const restarted = engineDeps([lister.provider], env.secrets);
    restarted.advance(env.deps.now() - CLOCK_START);
    await runCycle(restarted.deps);
    expect(restarted.badges.at(-1)?.text).toBe('1');

    await cyclesUntil(restarted, t0 + 400 * SEC);
    expect((await readTask(key))?.status).toBe('partial');
    expect(restarted.notices).toEqual([]); // it finished with failures, and would have notified
    expect(await mutedItem.getValue()).toEqual([]); // the mute ended with the task
  });

  it('can be undone, and refuses a finished task in words', async () => {
    const lister = scriptedProvider('lister', { listable: true, remote: [job('1', t0 + 300 * SEC, 'partial', 4), job('9', t0 - SEC, 'succeeded')] });
    const env = engineDeps([lister.provider]);
    const accountId = await addAccount(env, 'lister');
    await runCycle(env.deps);
    const key = `${accountId}:job:1`;
    await setMuted(env.deps, key, true);
    await setMuted(env.deps, key, false);
    expect(env.badges.at(-1)?.text).toBe('1');
    await cyclesUntil(env, t0 + 400 * SEC);
    expect(env.notices).toHaveLength(1);
    const refused = await setMuted(env.deps, `${accountId}:job:9`, true);
    expect(refused).toMatchObject({ ok: false, error: 'That task has finished: there is nothing left to mute.' });
    expect(await setMuted(env.deps, 'nope', true)).toMatchObject({ ok: false });
  });
});

describe('badge', () => {
  const account = (id: string, name = id, provider = 'p'): Account => ({ id, provider, name, settings: {} });
  const task = (accountId: string, n: number, status: StoredTask['status']): StoredTask => ({
    key: `${accountId}:k:${n}`, provider: 'p', accountId, kind: 'k', providerTaskId: String(n), label: '', status, firstSeenAt: 0,
  });
  const stopped: AccountRuntime = { failures: 0, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth', message: { en: '', zh: '' }, since: 0, stopped: true } };
  const byKey = (tasks: StoredTask[]) => Object.fromEntries(tasks.map((t) => [t.key, t]));

  it('shows "!" in the warning colour when nothing is pending but an account has stopped, or the vault is locked', () => {
    expect(badgeFor({}, [account('a')], { a: stopped })).toEqual({ text: '!', color: BADGE_WARNING });
    expect(badgeFor({}, [account('a')], {}, new Set(), true)).toEqual({ text: '!', color: BADGE_WARNING });
    expect(badgeFor(byKey([task('a', 1, 'running')]), [account('a')], { a: stopped })).toEqual({ text: '1', color: BADGE_RED });
    expect(badgeFor({}, [account('a')], {})).toEqual({ text: '', color: BADGE_BLUE });
  });

  it('does not count muted tasks', () => {
    const tasks = byKey([task('a', 1, 'running'), task('a', 2, 'pending')]);
    expect(badgeFor(tasks, [account('a')], {}, new Set(['a:k:1']))).toEqual({ text: '1', color: BADGE_BLUE });
  });

  const providers = {
    all: [],
    get: (id: string) => ({ huawei: { name: { en: 'Huawei Cloud', zh: '华为云' } }, dnspod: { name: { en: 'DNSPod', zh: 'DNSPod' } } })[id] as never,
  };

  it('names each account with pending tasks and each with a problem in its title', () => {
    const accounts = [account('h', 'Huawei — production', 'huawei'), account('d', 'ops', 'dnspod'), account('q', 'quiet', 'dnspod')];
    const tasks = byKey([
      { ...task('h', 1, 'running'), provider: 'huawei' },
      { ...task('h', 2, 'pending'), provider: 'huawei' },
      { ...task('h', 3, 'running'), provider: 'huawei' },
      { ...task('q', 4, 'succeeded'), provider: 'dnspod' },
    ]);
    const input = { tasks, accounts, runtime: { d: stopped }, muted: new Set(['h:k:3']), prefs: {}, locked: false, providers };
    expect(badgeTitle({ ...input, lang: 'en' })).toBe('Batchwatch\nHuawei — production: 2 pending, 1 muted\nDNSPod — ops: keys refused, polling stopped');
    expect(badgeTitle({ ...input, lang: 'zh' })).toBe('Batchwatch\nHuawei — production: 2 个进行中，1 个已静音\nDNSPod — ops: 密钥被拒绝，已停止轮询');
    expect(badgeTitle({ ...input, tasks: {}, runtime: {}, lang: 'en' })).toBe('Batchwatch — nothing pending');
    expect(badgeTitle({ ...input, tasks: {}, runtime: {}, prefs: { q: { awaitingSecrets: true } }, lang: 'en' })).toBe('Batchwatch\nDNSPod — quiet: keys needed');
  });

  it('keeps the title short when many accounts have news', () => {
    const accounts = Array.from({ length: TITLE_MAX_ACCOUNTS + 3 }, (_, i) => account(`a${i}`, `n${i}`, 'dnspod'));
    const tasks = byKey(accounts.map((a, i) => task(a.id, i, 'running')));
    const title = badgeTitle({ tasks, accounts, runtime: {}, muted: new Set(), prefs: {}, locked: false, providers, lang: 'en' });
    expect(title.split('\n')).toHaveLength(1 + TITLE_MAX_ACCOUNTS + 1);
    expect(title).toMatch(/and 3 more$/);
  });

  it('does not say the provider twice when the account name already does', () => {
    const huawei = { en: 'Huawei Cloud', zh: '华为云' };
    expect(accountTitle(account('h', 'Huawei — production'), huawei, 'en')).toBe('Huawei — production');
    expect(accountTitle(account('h', 'Huawei — production'), huawei, 'zh')).toBe('Huawei — production');
    expect(accountTitle(account('h', '华为生产'), huawei, 'en')).toBe('华为生产');
    expect(accountTitle(account('h', 'production'), huawei, 'en')).toBe('Huawei Cloud — production');
    expect(accountTitle(account('h', 'production'), huawei, 'zh')).toBe('华为云 — production');
  });

  it('is set as the toolbar title after a cycle', async () => {
    const titles: string[] = [];
    const lister = scriptedProvider('lister', { listable: true, remote: [job('1', t0 + 300 * SEC, 'partial', 1)] });
    const env = engineDeps([lister.provider], undefined, { setTitle: async (title) => void titles.push(title) });
    await addAccount(env, 'lister', { name: 'team' });
    await runCycle(env.deps);
    expect(titles.at(-1)).toMatch(/: 1 pending$/);
  });
});

describe('notification policy, per account', () => {
  const finished = (status: Task['status'], failed?: number): Task => ({ key: 'k', provider: 'p', accountId: 'a', kind: 'k', providerTaskId: '1', label: '', status, ...(failed !== undefined ? { failed } : {}) });
  it('failures only, every finish, or none', () => {
    expect(policyAllows('failures', finished('partial', 2))).toBe(true);
    expect(policyAllows('failures', finished('succeeded', 0))).toBe(false);
    expect(policyAllows('all', finished('succeeded', 0))).toBe(true);
    expect(policyAllows('none', finished('failed', 9))).toBe(false);
  });

  it('each account follows its own choice', async () => {
    const remote = [job('1', t0 + 60 * SEC, 'succeeded')];
    const loud = scriptedProvider('loud', { listable: true, remote });
    const quiet = scriptedProvider('quiet', { listable: true, remote: [job('2', t0 + 60 * SEC, 'partial', 3)] });
    const env = engineDeps([loud.provider, quiet.provider]);
    await addAccount(env, 'loud', { notify: 'all' });
    await addAccount(env, 'quiet', { notify: 'none' });
    await cyclesUntil(env, t0 + 200 * SEC);
    expect(env.notices.map((n) => n.message)).toEqual(['Job 1 · loud prod · 0 failed']);
  });
});

describe('tasks that finish in one cycle', () => {
  it('share one notification that counts them and their failures; its click shows just them', async () => {
    const lister = scriptedProvider('lister', {
      listable: true,
      remote: [job('1', t0 + 60 * SEC, 'partial', 2), job('2', t0 + 60 * SEC, 'failed', 5), job('3', t0 + 60 * SEC, 'succeeded'), job('4', t0 + 60 * SEC, 'succeeded')],
    });
    const env = engineDeps([lister.provider]);
    const accountId = await addAccount(env, 'lister', { notify: 'all' });
    await cyclesUntil(env, t0 + 200 * SEC);
    expect(env.notices).toHaveLength(1);
    const notice = env.notices[0]!;
    expect(notice.title).toBe('Batchwatch: 4 tasks finished, 2 with failures');
    expect(notice.message.split('\n')).toHaveLength(GROUP_MESSAGE_TASKS + 1);
    expect(notice.message).toMatch(/and 1 more: click to see them all$/);
    const target = noticeTarget(notice.id, await noticeGroupsItem.getValue());
    expect(target).toEqual({ kind: 'popup', taskKeys: ['1', '2', '3', '4'].map((id) => `${accountId}:job:${id}`) });
  });

  it('one task alone keeps its own notification, which opens its console', async () => {
    const lister = scriptedProvider('lister', { listable: true, remote: [job('1', t0 + 60 * SEC, 'partial', 2), job('2', t0 + 3600 * SEC, 'partial', 1)] });
    const env = engineDeps([lister.provider]);
    const accountId = await addAccount(env, 'lister');
    await cyclesUntil(env, t0 + 200 * SEC);
    expect(env.notices.map((n) => n.id)).toEqual([`${accountId}:job:1`]);
    expect(env.notices[0]!.title).toBe('Cloud lister: batch task finished with failures');
    expect(noticeTarget(env.notices[0]!.id, {})).toEqual({ kind: 'console', taskKey: `${accountId}:job:1` });
  });

  it('in Chinese, too', async () => {
    const lister = scriptedProvider('lister', { listable: true, remote: [job('1', t0 + 60 * SEC, 'partial', 2), job('2', t0 + 60 * SEC, 'succeeded')] });
    const env = engineDeps([lister.provider], undefined, { lang: () => 'zh' });
    await addAccount(env, 'lister', { notify: 'all' });
    await cyclesUntil(env, t0 + 200 * SEC);
    expect(env.notices.map((n) => n.title)).toEqual(['Batchwatch：2 个任务已完成，其中 1 个有失败条目']);
  });
});
