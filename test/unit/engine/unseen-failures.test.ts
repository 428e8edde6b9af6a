/**
 * Failures stay in sight until seen (issue 32): a task that finished with failures is
 * "unseen" until its failed items are opened (popup or console panel) or it is dismissed.
 * Meanwhile the badge keeps counting pending tasks but turns red, its title says how many
 * tasks failed, and with nothing pending it shows that number.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { BADGE_BLUE, BADGE_RED, BADGE_WARNING, badgeFor, badgeTitle, unseenFailures } from '../../../lib/engine/badge';
import { contentHandlers, pageHandlers, saveAccount, setMuted, stateView } from '../../../lib/engine/service';
import type { Account } from '../../../lib/providers/types';
import { readUnseen, type AccountRuntime, type StoredTask } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from './scripted';
import { detectConsolePage } from '../../../lib/console/pages';

beforeEach(() => fakeBrowser.reset());

const SEC = 1000;
const t0 = CLOCK_START;
const job = (id: string, finishAt: number, final: 'succeeded' | 'partial' | 'failed', failed = 0) => ({ id, finishAt, final, failed, createdAt: t0 - 60 * SEC });
const account: Account = { id: 'a1', provider: 'p', name: 'Prod', settings: {} };
const task = (key: string, status: StoredTask['status'], over: Partial<StoredTask> = {}): StoredTask =>
  ({ key, accountId: 'a1', provider: 'p', providerTaskId: key, kind: 'k', label: key, status, ...over }) as StoredTask;

describe('the badge while failures are unseen', () => {
  it('keeps counting pending tasks, in red', () => {
    const tasks = { p1: task('p1', 'running'), p2: task('p2', 'pending') };
    expect(badgeFor(tasks, [account], {}, new Set(), false, 0)).toEqual({ text: '2', color: BADGE_BLUE });
    expect(badgeFor(tasks, [account], {}, new Set(), false, 1)).toEqual({ text: '2', color: BADGE_RED });
  });

  it('shows the number of failed tasks when nothing is pending, rather than "!" or nothing', () => {
    expect(badgeFor({}, [account], {}, new Set(), false, 3)).toEqual({ text: '3', color: BADGE_RED });
    const stopped: Record<string, AccountRuntime> = { a1: { failures: 0, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth', message: { en: 'x', zh: 'x' }, since: 0, stopped: true } } };
    expect(badgeFor({}, [account], stopped, new Set(), false, 2)).toEqual({ text: '2', color: BADGE_RED });
    expect(badgeFor({}, [account], stopped, new Set(), false, 0)).toEqual({ text: '!', color: BADGE_WARNING });
  });

  it('says "2 tasks failed" first in the title, in the UI language', () => {
    const input = { tasks: {}, accounts: [account], runtime: {}, muted: new Set<string>(), prefs: {}, locked: false, providers: { all: [], get: () => undefined } };
    expect(badgeTitle({ ...input, lang: 'en', unseen: 2 }).split('\n')).toEqual(['Batchwatch', '2 tasks failed']);
    expect(badgeTitle({ ...input, lang: 'en', unseen: 1 })).toContain('1 task failed');
    expect(badgeTitle({ ...input, lang: 'zh', unseen: 2 })).toContain('2 个任务失败');
    expect(badgeTitle({ ...input, lang: 'en', unseen: 0 })).toBe('Batchwatch — nothing pending');
  });

  it('counts only unseen tasks that are still there, of a live account, and did fail', () => {
    const tasks = {
      failed: task('failed', 'partial', { failed: 2 }),
      ok: task('ok', 'succeeded', { failed: 0 }),
      orphan: task('orphan', 'failed', { accountId: 'removed' }),
      gone: task('gone', 'failed', { gone: true }),
    };
    expect(unseenFailures(['failed', 'ok', 'orphan', 'gone', 'evicted'], tasks, [account])).toBe(1);
  });
});

describe('a task that finishes with failures', () => {
  async function finishedWithFailures(notify: 'failures' | 'none' = 'failures') {
    const lister = scriptedProvider('lister', { listable: true, remote: [job('1', t0 + 60 * SEC, 'partial', 4), job('2', t0 + 3600 * SEC, 'succeeded')] });
    const titles: string[] = [];
    const env = engineDeps([lister.provider], undefined, { setTitle: async (title: string) => void titles.push(title) });
    const reply = await saveAccount(env.deps, { type: 'saveAccount', provider: 'lister', name: 'Prod', settings: { region: 'r1' }, secrets: { secretKey: 'key-12345678' }, notify });
    if (!reply.ok) throw new Error(reply.error);
    await runCycle(env.deps);
    expect(env.badges.at(-1)).toEqual({ text: '2', color: BADGE_BLUE });
    env.advance(90 * SEC);
    await runCycle(env.deps);
    return { env, titles, key: `${reply.accountId}:job:1` };
  }

  it('turns the badge red and says so in the title, even when no notification was sent', async () => {
    const { env, titles, key } = await finishedWithFailures('none');
    expect(env.notices).toEqual([]);
    expect(await readUnseen()).toEqual([key]);
    expect(env.badges.at(-1)).toEqual({ text: '1', color: BADGE_RED });
    expect(titles.at(-1)).toContain('1 task failed');
    expect((await stateView(env.deps)).unseen?.map((t) => t.key)).toEqual([key]);
  });

  it('stays unseen across cycles until its failed items are opened in the popup', async () => {
    const { env, key } = await finishedWithFailures();
    env.advance(30 * SEC);
    await runCycle(env.deps);
    expect(env.badges.at(-1)?.color).toBe(BADGE_RED);
    await pageHandlers.getFailedItems(env.deps, { type: 'getFailedItems', taskKey: key });
    expect(await readUnseen()).toEqual([]);
    expect(env.badges.at(-1)).toEqual({ text: '1', color: BADGE_BLUE });
    expect((await stateView(env.deps)).unseen).toBeUndefined();
  });

  it('is seen once a console panel of its own provider shows its failed items, and not when another provider\'s asks', async () => {
    const { env, key } = await finishedWithFailures();
    const scope = (allowed: string) => ({ family: 'huawei' as const, page: detectConsolePage('https://console.huaweicloud.com/dns/')!, allowed: new Set([allowed]), tabId: 1, pageView: 'v1', host: 'console.example' });
    expect((await contentHandlers.panelFailedItems(env.deps, { type: 'panelFailedItems', taskKey: key }, scope('other'))).ok).toBe(false);
    expect(await readUnseen()).toEqual([key]);
    expect((await contentHandlers.panelFailedItems(env.deps, { type: 'panelFailedItems', taskKey: key }, scope('lister'))).ok).toBe(true);
    expect(await readUnseen()).toEqual([]);
    expect(env.badges.at(-1)).toEqual({ text: '1', color: BADGE_BLUE });
  });

  it('leaves the badge when dismissed', async () => {
    const { env, key } = await finishedWithFailures();
    expect(await pageHandlers.dismissFailures(env.deps, { type: 'dismissFailures', taskKeys: [key] })).toEqual({ ok: true });
    expect(env.badges.at(-1)).toEqual({ text: '1', color: BADGE_BLUE });
  });

  it('is not unseen when the user had muted it: a muted task stays quiet', async () => {
    const lister = scriptedProvider('lister', { listable: true, remote: [job('1', t0 + 60 * SEC, 'partial', 4)] });
    const env = engineDeps([lister.provider]);
    const reply = await saveAccount(env.deps, { type: 'saveAccount', provider: 'lister', name: 'Prod', settings: { region: 'r1' }, secrets: { secretKey: 'key-12345678' } });
    if (!reply.ok) throw new Error(reply.error);
    await runCycle(env.deps);
    await setMuted(env.deps, `${reply.accountId}:job:1`, true);
    env.advance(90 * SEC);
    await runCycle(env.deps);
    expect(await readUnseen()).toEqual([]);
    expect(env.badges.at(-1)).toEqual({ text: '', color: BADGE_BLUE });
  });
});
