/**
 * The popup's first page, ready-made. The background keeps it current in the extension's
 * IndexedDB (lib/store/private-area.ts), so the popup paints from one read instead of waiting for the service worker (which
 * may be asleep, and has to read every task to answer). The popup then asks the worker for
 * the live state as before: the snapshot only decides what the first paint shows.
 *
 * It holds the first POPUP_SNAPSHOT_TASKS tasks of a `getState` reply, in two parts (tasks,
 * the rest), and never carries a secret. No browser API here.
 */
import { detectConsolePage } from '../console/pages';
import type { StateView, TaskView } from '../messaging/messages';
import type { Lang } from '../providers/types';

/** private-area.ts's signal prefix (repeated: that module needs the browser, this one none). */
const CHANGE_SIGNAL = 'changed:';

/** Tasks in the popup's first page: what its first `getState` asks for. */
export const POPUP_FIRST_PAGE = 50;

/**
 * Tasks the snapshot holds: a little more than the popup's first screen shows (the rest of
 * the first page comes from the worker a moment later). Every task here is written again
 * whenever one of them changes: 50 of them made a one-task change cost 21 KB (issue 21).
 */
export const POPUP_SNAPSHOT_TASKS = 10;

/** The private area's key of the snapshot's tasks (written by the background only). */
export const POPUP_SNAPSHOT_KEY = 'popupSnapshot';

/**
 * The private area's key of the rest of the snapshot (accounts, settings, banners): apart
 * from the tasks, so that a task's change does not rewrite 100 accounts, nor an account's
 * problem the tasks.
 */
export const POPUP_STATUS_KEY = 'popupStatus';

/** The popup's own copy of the last snapshot it read, in the extension origin's localStorage. */
export const POPUP_PAINT_CACHE_KEY = 'batchwatch:popupPaint';

/**
 * The popup's first screen as it was last painted (components/common/dom-snapshot.ts), in
 * the same localStorage: a tiny script paints it while the popup's app is still loading.
 */
export const POPUP_FIRST_FRAME_KEY = 'batchwatch:popupFirstFrame';

/** Raise it when the popup's markup changes in a way an older first frame must not show. */
export const POPUP_FIRST_FRAME_SCHEMA = 2;

/** Raise it when StateView changes shape: a popup must not paint another version's snapshot. */
export const POPUP_SNAPSHOT_SCHEMA = 2;

/** The snapshot as the popup paints it (and keeps in its paint cache): both parts joined. */
export interface PopupSnapshot {
  schema: typeof POPUP_SNAPSHOT_SCHEMA;
  /** Problem messages and task labels are in this language. */
  lang: Lang;
  view: StateView;
}

type TaskPart = Pick<StateView, 'tasks' | 'taskCount'>;
type StatusPart = Omit<StateView, 'tasks' | 'taskCount'>;
/** What is stored under POPUP_SNAPSHOT_KEY and POPUP_STATUS_KEY. */
export interface PopupSnapshotPart<V> {
  schema: typeof POPUP_SNAPSHOT_SCHEMA;
  lang: Lang;
  view: V;
}
export type PopupTasksPart = PopupSnapshotPart<TaskPart>;
export type PopupStatusPart = PopupSnapshotPart<StatusPart>;

/**
 * The snapshot's two parts, made from a `getState` reply. What changes at every cycle
 * without anything visible changing (when the last cycle ran, when each account was polled,
 * whether a cycle runs) is left out: the popup learns it from the worker's answer, and the
 * snapshot is rewritten only when something it shows has changed.
 */
export function makePopupSnapshotParts(view: StateView, lang: Lang): { tasks: PopupTasksPart; status: PopupStatusPart } {
  const { tasks, taskCount, lastCycleAt: _cycle, refreshing: _refreshing, accounts, ...rest } = view;
  const part = <V>(v: V): PopupSnapshotPart<V> => ({ schema: POPUP_SNAPSHOT_SCHEMA, lang, view: v });
  return {
    tasks: part({ tasks: tasks.slice(0, POPUP_SNAPSHOT_TASKS), ...(taskCount !== undefined ? { taskCount } : {}) }),
    status: part({
      ...rest,
      refreshing: false,
      accounts: accounts.map(({ lastPolledAt: _polled, capabilities, ...a }) => ({ ...a, ...(capabilities ? { capabilities: capabilities.map(({ checkedAt: _checked, ...c }) => c) } : {}) })),
    }),
  };
}

/** Both stored parts as one snapshot (what the popup paints and caches), or undefined when they do not belong together. */
export function joinPopupSnapshot(tasksRaw: unknown, statusRaw: unknown): PopupSnapshot | undefined {
  if (!tasksRaw || typeof tasksRaw !== 'object' || !statusRaw || typeof statusRaw !== 'object') return undefined;
  const tasks = tasksRaw as Partial<PopupTasksPart>;
  const status = statusRaw as Partial<PopupStatusPart>;
  if (tasks.schema !== POPUP_SNAPSHOT_SCHEMA || status.schema !== POPUP_SNAPSHOT_SCHEMA || tasks.lang !== status.lang) return undefined;
  if (!tasks.view || typeof tasks.view !== 'object' || !status.view || typeof status.view !== 'object') return undefined;
  return { schema: POPUP_SNAPSHOT_SCHEMA, lang: tasks.lang!, view: { ...status.view, tasks: tasks.view.tasks, ...(typeof tasks.view.taskCount === 'number' ? { taskCount: tasks.view.taskCount } : {}) } as StateView };
}

/** The snapshot's view when it can be painted in this language, else undefined. */
export function popupSnapshotView(raw: unknown, lang: Lang): StateView | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const snapshot = raw as Partial<PopupSnapshot>;
  if (snapshot.schema !== POPUP_SNAPSHOT_SCHEMA || snapshot.lang !== lang) return undefined;
  const view = snapshot.view as Partial<StateView> | undefined;
  if (!view || !Array.isArray(view.tasks) || !Array.isArray(view.accounts) || !Array.isArray(view.providers) || !view.settings) return undefined;
  // The snapshot is stored where a compromised console renderer may write (Firefox): a link
  // it shows must be a console page Batchwatch knows, never one planted there.
  const tasks = (view.tasks as unknown[]).filter((t): t is TaskView => Boolean(t) && typeof t === 'object' && typeof (t as TaskView).key === 'string');
  return { ...(view as StateView), tasks: tasks.map(knownConsoleLink) };
}

/**
 * Stored keys that the state view is not made from: the snapshot itself, failed-item sets
 * (read on demand), and the background's own bookkeeping.
 */
const OUTSIDE_THE_VIEW = [/^popupSnapshot\$?$/, /^popupStatus\$?$/, /^failed:/, /^failedIndex\$?$/, /^notified\$?$/, /^visits\$?$/, /^historyCheckedAt\$?$/, /^noticeGroups\$?$/, /^popupFocus\$?$/];

/** Whether a storage change can change what the popup shows (and so the snapshot). */
export function changesStateView(changedKeys: readonly string[]): boolean {
  // A private-area change arrives as a signal naming its kind (`changed:failed:`): judged as that kind.
  return changedKeys.some((key) => !OUTSIDE_THE_VIEW.some((pattern) => pattern.test(key.startsWith(CHANGE_SIGNAL) ? key.slice(CHANGE_SIGNAL.length) : key)));
}

/**
 * Asks for a write `delayMs` after the first change, so a burst of changes (a cycle persists
 * after every step) costs one write. Writes never overlap (an older state could land last),
 * and a change during a write gets a write of its own after it.
 */
export function coalescedWriter(write: () => Promise<void>, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing = false;
  let changedWhileWriting = false;
  const run = (): void => {
    timer = undefined;
    if (writing) {
      changedWhileWriting = true;
      return;
    }
    writing = true;
    void write()
      .catch(() => undefined)
      .finally(() => {
        writing = false;
        if (changedWhileWriting) {
          changedWhileWriting = false;
          schedule();
        }
      });
  };
  const schedule = (): void => {
    timer ??= setTimeout(run, delayMs);
  };
  return schedule;
}

function knownConsoleLink(task: TaskView): TaskView {
  if (task.consoleUrl === undefined || (typeof task.consoleUrl === 'string' && detectConsolePage(task.consoleUrl))) return task;
  const { consoleUrl: _planted, ...rest } = task;
  return rest;
}
