import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { pageHandlers, stateView, writePopupSnapshot } from '../../../lib/engine/service';
import {
  changesStateView,
  coalescedWriter,
  makePopupSnapshot,
  POPUP_FIRST_PAGE,
  POPUP_SNAPSHOT_KEY,
  POPUP_SNAPSHOT_SCHEMA,
  popupSnapshotView,
} from '../../../lib/popup/snapshot';
import { popupSnapshotItem, readAllTasks, writeTasks } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';

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
  it('holds exactly the first page of getState: 50 of 120 tasks, pending first, and the total', async () => {
    const { env } = await withTasks(120);
    await writePopupSnapshot(env.deps);
    const snapshot = await popupSnapshotItem.getValue();
    expect(snapshot).toEqual(makePopupSnapshot(await stateView(env.deps, POPUP_FIRST_PAGE), 'en'));
    expect(snapshot?.view.tasks).toHaveLength(POPUP_FIRST_PAGE);
    expect(snapshot?.view.taskCount).toBe(120);
    expect(snapshot?.view.tasks[0]?.status).toBe('running');
  });

  it('never holds a secret', async () => {
    const { env } = await withTasks(3);
    await writePopupSnapshot(env.deps);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(POPUP_SNAPSHOT_KEY))).not.toContain(CANARY);
  });

  it('is not written again when nothing it shows has changed (a worker waking up costs no disk write)', async () => {
    const { env } = await withTasks(3);
    await writePopupSnapshot(env.deps);
    const writes = vi.fn();
    fakeBrowser.storage.local.onChanged.addListener((changes) => {
      if (POPUP_SNAPSHOT_KEY in changes) writes();
    });
    await writePopupSnapshot(env.deps);
    expect(writes).not.toHaveBeenCalled();
    const tasks = await readAllTasks();
    const [key] = Object.keys(tasks);
    await writeTasks([{ ...tasks[key!]!, label: 'Renamed' }]);
    await writePopupSnapshot(env.deps);
    expect(writes).toHaveBeenCalledTimes(1);
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
