import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { pageHandlers, stateView, writePopupSnapshot } from '../../../lib/engine/service';
import {
  changesStateView,
  coalescedWriter,
  joinPopupSnapshot,
  makePopupSnapshotParts,
  POPUP_FIRST_PAGE,
  POPUP_SNAPSHOT_KEY,
  POPUP_SNAPSHOT_TASKS,
  POPUP_STATUS_KEY,
  POPUP_SNAPSHOT_SCHEMA,
  popupSnapshotView,
} from '../../../lib/popup/snapshot';
import { leaseItem, popupSnapshotItem, popupStatusItem, readAllTasks, writeTasks } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';
import { privateArea } from '../../../lib/store/private-area';

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.useRealTimers());

const CANARY = 'CANARY-SECRET-5d1c2a';

async function withTasks(count: number) {
  const cloud = scriptedProvider('cloud', {
    listable: true,
    remote: Array.from({ length: count }, (_, i) => ({ id: String(1000 + i), finishAt: CLOCK_START + (i % 3 === 0 ? 60_000 : 0), final: 'succeeded' as const, createdAt: CLOCK_START - i * 1000 })),
  });
  const env = engineDeps([cloud.provider]);
  const saved = await pageHandlers.saveAccount(env.deps, { type: 'saveAccount', provider: 'cloud', name: 'Prod', settings: { region: 'r1' }, secrets: { secretKey: CANARY } });
  expect(saved.ok).toBe(true);
  await runCycle(env.deps, { force: true });
  return { env, cloud };
}

describe('the popup snapshot the background writes', () => {
  it('holds the first tasks of getState (pending first) and the total, and the rest of the first screen apart', async () => {
    const { env } = await withTasks(120);
    await writePopupSnapshot(env.deps);
    const live = await stateView(env.deps, POPUP_FIRST_PAGE);
    const snapshot = joinPopupSnapshot(await popupSnapshotItem.getValue(), await popupStatusItem.getValue());
    expect(snapshot?.view.tasks).toEqual(live.tasks.slice(0, POPUP_SNAPSHOT_TASKS));
    expect(snapshot?.view.taskCount).toBe(120);
    expect(snapshot?.view.tasks[0]?.status).toBe('running');
    expect(snapshot?.view.accounts.map((a) => a.name)).toEqual(['Prod']);
    expect((await popupSnapshotItem.getValue())?.view).not.toHaveProperty('accounts');
    expect((await popupStatusItem.getValue())?.view).not.toHaveProperty('tasks');
  });

  it('never holds a secret', async () => {
    const { env } = await withTasks(3);
    await writePopupSnapshot(env.deps);
    expect(JSON.stringify(await privateArea.get([POPUP_SNAPSHOT_KEY, POPUP_STATUS_KEY]))).not.toContain(CANARY);
  });

  it('is not written again when nothing it shows has changed (a worker waking up costs no disk write)', async () => {
    const { env } = await withTasks(3);
    await writePopupSnapshot(env.deps);
    const writes = vi.fn();
    const set = privateArea.set.bind(privateArea);
    vi.spyOn(privateArea, 'set').mockImplementation(async (items) => {
      for (const key of Object.keys(items)) if (key === POPUP_SNAPSHOT_KEY || key === POPUP_STATUS_KEY) writes(key);
      return set(items);
    });
    await writePopupSnapshot(env.deps);
    expect(writes).not.toHaveBeenCalled();
    const tasks = await readAllTasks();
    const [key] = Object.keys(tasks);
    await writeTasks([{ ...tasks[key!]!, label: 'Renamed' }]);
    await writePopupSnapshot(env.deps);
    // A task's change rewrites the tasks, not the accounts and settings.
    expect(writes.mock.calls).toEqual([[POPUP_SNAPSHOT_KEY]]);
  });

  it('does not follow what changes at every cycle without anything shown changing (when it ran, when each account was polled)', async () => {
    const { env } = await withTasks(3);
    env.advance(3600_000);
    await runCycle(env.deps, { force: true }); // every task has finished by now
    await writePopupSnapshot(env.deps);
    const before = await privateArea.get([POPUP_SNAPSHOT_KEY, POPUP_STATUS_KEY]);
    env.advance(3600_000);
    await runCycle(env.deps, { force: true });
    expect((await stateView(env.deps)).lastCycleAt).toBe(env.deps.now());
    await writePopupSnapshot(env.deps);
    expect(await privateArea.get([POPUP_SNAPSHOT_KEY, POPUP_STATUS_KEY])).toEqual(before);
  });

  it('waits while a cycle runs, and is written once when it ends (its lease released)', async () => {
    const { env } = await withTasks(3);
    await writePopupSnapshot(env.deps);
    const tasks = await readAllTasks();
    const [key] = Object.keys(tasks);
    await leaseItem.setValue({ owner: 'a cycle', expiresAt: env.deps.now() + 60_000 });
    await writeTasks([{ ...tasks[key!]!, label: 'Renamed' }]);
    await writePopupSnapshot(env.deps);
    expect(JSON.stringify(await popupSnapshotItem.getValue())).not.toContain('Renamed');
    await leaseItem.setValue(null);
    await writePopupSnapshot(env.deps);
    expect(JSON.stringify(await popupSnapshotItem.getValue())).toContain('Renamed');
  });

  it('is not frozen by a lease no cycle could have set (storage is untrusted)', async () => {
    const { env } = await withTasks(3);
    await writePopupSnapshot(env.deps);
    const tasks = await readAllTasks();
    const [key] = Object.keys(tasks);
    await leaseItem.setValue({ owner: 'planted', expiresAt: env.deps.now() + 365 * 24 * 3600_000 });
    await writeTasks([{ ...tasks[key!]!, label: 'Renamed' }]);
    await writePopupSnapshot(env.deps);
    expect(JSON.stringify(await popupSnapshotItem.getValue())).toContain('Renamed');
  });
});

describe('joining the two stored parts', () => {
  it('joins parts of one schema and language; anything else is no snapshot', async () => {
    const { env } = await withTasks(3);
    const view = await stateView(env.deps, POPUP_SNAPSHOT_TASKS);
    const { tasks, status } = makePopupSnapshotParts(view, 'en');
    expect(joinPopupSnapshot(tasks, status)?.view.tasks).toEqual(view.tasks);
    expect(joinPopupSnapshot(tasks, { ...status, lang: 'zh' })).toBeUndefined();
    expect(joinPopupSnapshot({ ...tasks, schema: 1 }, status)).toBeUndefined();
    expect(joinPopupSnapshot(tasks, null)).toBeUndefined();
    expect(joinPopupSnapshot(undefined, status)).toBeUndefined();
  });

  it('never throws, whatever is stored under either key', () => {
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        popupSnapshotView(joinPopupSnapshot(a, b), 'en');
        popupSnapshotView(joinPopupSnapshot({ schema: POPUP_SNAPSHOT_SCHEMA, lang: 'en', view: a }, { schema: POPUP_SNAPSHOT_SCHEMA, lang: 'en', view: b }), 'en');
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('what the popup accepts as a snapshot', () => {
  const view = { providers: [], tasks: [], accounts: [], settings: {}, vaultMode: 'device' };
  const good = { schema: POPUP_SNAPSHOT_SCHEMA, lang: 'en', view };

  it('paints its own schema in its own language', () => {
    expect(popupSnapshotView(good, 'en')).toEqual(view);
  });

  it('ignores another schema (an older version of the extension), another language, or a broken view', () => {
    expect(popupSnapshotView({ ...good, schema: POPUP_SNAPSHOT_SCHEMA + 1 }, 'en')).toBeUndefined();
    expect(popupSnapshotView(good, 'zh')).toBeUndefined();
    expect(popupSnapshotView({ ...good, view: { ...view, tasks: null } }, 'en')).toBeUndefined();
    expect(popupSnapshotView({ ...good, view: undefined }, 'en')).toBeUndefined();
    expect(popupSnapshotView(null, 'en')).toBeUndefined();
  });

  it('keeps a task\'s link only when it is a console page Batchwatch knows (a planted link is dropped, the task kept)', () => {
    const task = (key: string, consoleUrl: string) => ({ key, provider: 'huawei', accountId: 'a', kind: 'k', providerTaskId: key, label: key, status: 'running', consoleUrl });
    const planted = { ...good, view: { ...view, tasks: [task('ok', 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones'), task('evil', 'https://evil.example/login'), task('js', 'javascript:alert(1)')] } };
    const tasks = popupSnapshotView(planted, 'en')!.tasks;
    expect(tasks.map((t) => [t.key, t.consoleUrl])).toEqual([['ok', 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones'], ['evil', undefined], ['js', undefined]]);
  });

  it('never throws, whatever is stored under its key', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom('en' as const, 'zh' as const), (raw, lang) => {
        popupSnapshotView(raw, lang);
        popupSnapshotView({ schema: POPUP_SNAPSHOT_SCHEMA, lang, view: raw }, lang);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('which storage changes make the snapshot stale', () => {
  const table: [string[], boolean][] = [
    [['tasks'], true],
    [['accounts'], true],
    [['runtime', 'lease'], true],
    [['settings$'], true],
    [['vault:unlocked'], true],
    [['popupSnapshot'], false],
    [['popupStatus'], false],
    [['failed:acc1:job:1'], false],
    [['failedIndex', 'notified', 'visits'], false],
    [['popupSnapshot', 'tasks'], true],
  ];
  for (const [keys, stale] of table) {
    it(`${keys.join(' + ')}: ${stale ? 'stale' : 'still current'}`, () => {
      expect(changesStateView(keys)).toBe(stale);
    });
  }
});

describe('coalescedWriter', () => {
  it('writes once for a burst of changes, after the delay', async () => {
    vi.useFakeTimers();
    const write = vi.fn(async () => undefined);
    const soon = coalescedWriter(write, 100);
    for (let i = 0; i < 10; i++) soon();
    expect(write).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('never overlaps two writes, and a change during a write gets one write after it', async () => {
    vi.useFakeTimers();
    let running = 0;
    let overlapped = false;
    let finish: () => void = () => undefined;
    const write = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          running++;
          if (running > 1) overlapped = true;
          finish = () => {
            running--;
            resolve();
          };
        }),
    );
    const soon = coalescedWriter(write, 100);
    soon();
    await vi.advanceTimersByTimeAsync(100);
    expect(write).toHaveBeenCalledTimes(1);
    soon();
    soon();
    await vi.advanceTimersByTimeAsync(500);
    expect(write).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(write).toHaveBeenCalledTimes(2);
    finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(write).toHaveBeenCalledTimes(2);
    expect(overlapped).toBe(false);
  });

  it('keeps writing after a write fails', async () => {
    vi.useFakeTimers();
    const write = vi.fn().mockRejectedValueOnce(new Error('quota')).mockResolvedValue(undefined);
    const soon = coalescedWriter(write, 10);
    soon();
    await vi.advanceTimersByTimeAsync(10);
    soon();
    await vi.advanceTimersByTimeAsync(10);
    expect(write).toHaveBeenCalledTimes(2);
  });
});
