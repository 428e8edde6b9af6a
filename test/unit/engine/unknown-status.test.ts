/**
 * Issue 28, finding 2: a task whose status word no doc lists ('unknown') may never change.
 * It is shown, and asked about at the idle cadence, but it must not keep its account's
 * discovery, nor the alarm, on the 30 s cadence.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { BADGE_BLUE, badgeFor, badgeTitle } from '../../../lib/engine/badge';
import { runCycle } from '../../../lib/engine/cycle';
import { cadenceMs, hasPendingWork, planCycle } from '../../../lib/engine/schedule';
import { saveAccount } from '../../../lib/engine/service';
import { accountsItem, DEFAULT_SETTINGS, getSettings, readActiveTasks, readAllTasks, runtimeItem, type StoredTask } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from './scripted';

beforeEach(() => fakeBrowser.reset());

const HOUR = 3_600_000;

/** What the background does after every cycle: the alarm's period from what is stored. */
async function alarmPeriodMs(): Promise<number> {
  const [tasks, accounts, runtime, settings] = await Promise.all([readActiveTasks(), accountsItem.getValue(), runtimeItem.getValue(), getSettings()]);
  return cadenceMs(settings, hasPendingWork(tasks, accounts, runtime));
}

describe('a task of unknown status costs the idle cadence, not the fast one', () => {
  it('over an hour of fake time: about 12 wake-ups and 12 list calls, not 120 of each; the badge does not count it', async () => {
    const lister = scriptedProvider('lister', { listable: true, remote: [{ id: '77', finishAt: CLOCK_START, final: 'unknown', createdAt: CLOCK_START - 60_000 }] });
    const env = engineDeps([lister.provider]);
    const reply = await saveAccount(env.deps, { type: 'saveAccount', provider: 'lister', name: 'prod', settings: { region: 'r1' }, secrets: { secretKey: 'a-secret-key-1' } });
    if (!reply.ok) throw new Error(reply.error);

    let wakeups = 0;
    while (env.deps.now() < CLOCK_START + HOUR) {
      await runCycle(env.deps);
      wakeups++;
      env.advance(await alarmPeriodMs());
    }

    const [task] = Object.values(await readAllTasks());
    expect(task).toMatchObject({ providerTaskId: '77', status: 'unknown' });
    // The idle interval is 5 minutes: 12 an hour (the first cycle runs at once).
    expect(wakeups).toBeLessThanOrEqual(13);
    expect(lister.calls.discover).toBeLessThanOrEqual(13);
    expect(lister.total()).toBeLessThanOrEqual(26);
    expect(env.badges.at(-1)?.text).toBe('');
  });

  it('the plan: an account whose only unfinished task is of unknown status is listed at the idle interval', () => {
    const unknown: StoredTask = { key: 'a:k:1', provider: 'p', accountId: 'a', kind: 'k', providerTaskId: '1', label: '1', status: 'unknown', firstSeenAt: CLOCK_START, polledAt: CLOCK_START - 60_000 };
    const plan = (lastDiscoveryAt: number) =>
      planCycle({
        accounts: [{ id: 'a', provider: 'p', name: 'a', settings: {} }],
        tasks: { [unknown.key]: unknown },
        runtime: { a: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt } },
        settings: DEFAULT_SETTINGS,
        now: CLOCK_START,
        canDiscover: () => true,
      });
    expect(plan(CLOCK_START - 60_000)).toEqual([]);
    expect(plan(CLOCK_START - 300_000)).toEqual([{ kind: 'discover', accountId: 'a' }]);
    expect(hasPendingWork({ [unknown.key]: unknown })).toBe(false);
    expect(hasPendingWork({ [unknown.key]: { ...unknown, status: 'running' } })).toBe(true);
  });
});

describe('the toolbar button and a task of unknown status', () => {
  it('the badge does not count it; its title shows it, per account', () => {
    const account = { id: 'd', provider: 'dnspod', name: 'ops', settings: {} };
    const t = (id: string, status: StoredTask['status'], extra: Partial<StoredTask> = {}): StoredTask => ({ key: `d:k:${id}`, provider: 'dnspod', accountId: 'd', kind: 'k', providerTaskId: id, label: id, status, firstSeenAt: CLOCK_START, ...extra });
    const tasks = { 'd:k:1': t('1', 'unknown'), 'd:k:2': t('2', 'running'), 'd:k:3': t('3', 'unknown', { gone: true }) };
    expect(badgeFor(tasks, [account], {})).toEqual({ text: '1', color: BADGE_BLUE });
    const providers = { all: [], get: () => ({ name: { en: 'DNSPod', zh: 'DNSPod' } }) as never };
    const input = { tasks, accounts: [account], runtime: {}, muted: new Set<string>(), prefs: {}, locked: false, providers };
    expect(badgeTitle({ ...input, lang: 'en' })).toBe('Batchwatch\nDNSPod — ops: 1 pending, 1 of unknown status');
    expect(badgeTitle({ ...input, lang: 'zh' })).toBe('Batchwatch\nDNSPod — ops: 1 个进行中，1 个状态未知');
  });
});
