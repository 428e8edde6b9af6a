/**
 * The popup's first page, ready-made. The background keeps it current in storage.local, so
 * the popup paints from one storage read instead of waiting for the service worker (which
 * may be asleep, and has to read every task to answer). The popup then asks the worker for
 * the live state as before: the snapshot only decides what the first paint shows.
 *
 * It holds exactly what a `getState` reply with `limit: POPUP_FIRST_PAGE` holds, which never
 * carries a secret. No browser API here.
 */
import { detectConsolePage } from '../console/pages';
import type { StateView, TaskView } from '../messaging/messages';
import type { Lang } from '../providers/types';

/** Tasks in the popup's first page: what the snapshot holds and its first `getState` asks for. */
export const POPUP_FIRST_PAGE = 50;

/** The storage.local key (written by the background only). */
export const POPUP_SNAPSHOT_KEY = 'popupSnapshot';

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
export const POPUP_SNAPSHOT_SCHEMA = 1;

export interface PopupSnapshot {
  schema: typeof POPUP_SNAPSHOT_SCHEMA;
  /** Problem messages and task labels are in this language. */
  lang: Lang;
  view: StateView;
}

export const makePopupSnapshot = (view: StateView, lang: Lang): PopupSnapshot => ({ schema: POPUP_SNAPSHOT_SCHEMA, lang, view });

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
const OUTSIDE_THE_VIEW = [/^popupSnapshot\$?$/, /^failed:/, /^failedIndex\$?$/, /^notified\$?$/, /^visits\$?$/, /^historyCheckedAt\$?$/, /^noticeGroups\$?$/, /^popupFocus\$?$/];

/** Whether a storage change can change what the popup shows (and so the snapshot). */
export function changesStateView(changedKeys: readonly string[]): boolean {
  return changedKeys.some((key) => !OUTSIDE_THE_VIEW.some((pattern) => pattern.test(key)));
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
