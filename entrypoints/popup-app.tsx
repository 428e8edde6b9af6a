/**
 * The popup's app, loaded by entrypoints/popup-first-frame.ts (which also brings the
 * stylesheet). It paints from the snapshots it can read at once, asks the worker for the
 * live state, and keeps the next open's first frame up to date.
 */
import { render } from 'preact';
import { signal } from '@preact/signals';
import { browser } from 'wxt/browser';
import { dequal } from 'dequal/lite';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { StateView } from '../lib/messaging/messages';
import { sendPageMessage } from '../lib/messaging/page-client';
import { privateArea } from '../lib/store/private-area';
import { changesStateView, joinPopupSnapshot, POPUP_FIRST_FRAME_KEY, POPUP_FIRST_PAGE, POPUP_PAINT_CACHE_KEY, POPUP_SNAPSHOT_KEY, POPUP_STATUS_KEY, popupSnapshotView } from '../lib/popup/snapshot';
import { Popup, popupLoad, type PopupIntents, type TaskQuery } from '../components/popup/Popup';
import { FIRST_FRAME_ID, recordFirstFrame } from '../components/popup/first-frame';
import { followLanguage, useRememberedLanguage } from '../components/common/page-language';
import { lang } from '../components/common/i18n';

/**
 * After painting the background's snapshot, the live state only adds what changed in the
 * last moments: it is asked for once the first paint is on screen, so the worker reading
 * every task does not compete with it.
 */
const LIVE_STATE_AFTER_MS = 250;

/** A search is asked for once typing pauses this long. */
const PAGE_AFTER_MS = 150;

/** The key a clicked group notification leaves for the popup in the private area (lib/store popupFocusItem). */
const POPUP_FOCUS_KEY = 'popupFocus';
/** A focus older than this was left by a click whose popup never opened: ignored. */
const FOCUS_FRESH_MS = 30_000;

/** Browsers cap a toolbar popup at 600 px: nothing below that is in anyone's first frame. */
const POPUP_MAX_HEIGHT = 600;

export default defineUnlistedScript(startPopup);

function startPopup(): void {
  useRememberedLanguage();
  const load = popupLoad();
  /** The tasks asked of the worker: the first page, until a filter, a search or "show more" asks for another. */
  const firstPage: TaskQuery = { limit: POPUP_FIRST_PAGE };
  let wanted: TaskQuery = firstPage;
  /** Only the answer to the latest request is shown (an earlier search may answer last). */
  let latest = 0;
  /** Once the worker has answered, any snapshot is older news. */
  let answered = false;
  let firstFrameKept = false;

  const show = (state: StateView, answers?: TaskQuery): void => {
    const shown = load.value;
    // Most of the time the next state is the one on screen: painting it again costs a frame.
    if (shown.kind !== 'ready' || !dequal(shown.state, state) || !dequal(shown.answers, answers)) load.value = { kind: 'ready', state, ...(answers ? { answers } : {}) };
  };

  /** Once per open, what the live state looks like becomes the next open's first frame. */
  const keepFirstFrame = (): void => {
    const root = document.querySelector('#app > main');
    if (firstFrameKept || load.value.kind !== 'ready' || !root) return;
    firstFrameKept = true;
    const stored = recordFirstFrame(root, lang(), Math.min(window.innerHeight, POPUP_MAX_HEIGHT));
    try {
      if (stored && localStorage.getItem(POPUP_FIRST_FRAME_KEY) !== stored) localStorage.setItem(POPUP_FIRST_FRAME_KEY, stored);
    } catch {
      // A full or disabled localStorage costs the next open its early frame, nothing else.
    }
  };

  // The first request says the user opened the popup (the vault's idle lock counts from it);
  // reloads after a storage change do not.
  let opened = true;
  const reload = async (): Promise<void> => {
    const asked = wanted;
    const mine = ++latest;
    try {
      const request = { type: 'getState' as const, ...asked, ...(opened ? { opened: true as const } : {}) };
      opened = false;
      const reply = await sendPageMessage(request);
      if (mine !== latest) return;
      answered = true;
      if (reply.ok) {
        const { ok: _ok, ...state } = reply;
        followLanguage(state.settings.language);
        show(state, asked);
        // The next open's first frame is the first page, not a search.
        if (asked === firstPage) afterNextFrame(keepFirstFrame);
      } else {
        load.value = { kind: 'error', message: reply.error };
      }
    } catch (err) {
      answered = true;
      load.value = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    }
  };

  /**
   * The snapshot this popup saw last, from the extension's own localStorage (content scripts
   * and web pages cannot read it): the only storage a page can read synchronously, so the
   * app's first render shows what the first frame showed.
   */
  const paintFromCache = (): void => {
    try {
      const view = popupSnapshotView(JSON.parse(localStorage.getItem(POPUP_PAINT_CACHE_KEY) ?? 'null'), lang());
      if (view) load.value = { kind: 'ready', state: view };
    } catch {
      // Unreadable (or no localStorage at all): the snapshot below paints instead.
    }
  };

  /** The background's current snapshot: one IndexedDB read, even while the worker is asleep. */
  const paintSnapshot = async (): Promise<boolean> => {
    const stored = await privateArea.get([POPUP_SNAPSHOT_KEY, POPUP_STATUS_KEY]);
    const raw = joinPopupSnapshot(stored[POPUP_SNAPSHOT_KEY], stored[POPUP_STATUS_KEY]);
    const view = popupSnapshotView(raw, lang());
    if (!view) return false;
    if (!answered) show(view);
    try {
      localStorage.setItem(POPUP_PAINT_CACHE_KEY, JSON.stringify(raw));
    } catch {
      // A full or disabled localStorage costs the next open its instant paint, nothing else.
    }
    return true;
  };

  let pageTimer: ReturnType<typeof setTimeout> | undefined;
  const intents: PopupIntents = {
    page: (query) => {
      if (dequal(query, wanted)) return;
      wanted = dequal(query, firstPage) ? firstPage : query;
      // Typing a search asks once it pauses, not at every key.
      clearTimeout(pageTimer);
      pageTimer = setTimeout(() => void reload(), PAGE_AFTER_MS);
    },
    refresh: () => void sendPageMessage({ type: 'refreshNow' }).then(reload),
    retry: () => void reload(),
    openOptions: () => void browser.runtime.openOptionsPage(),
    track: (accountId, taskId) => sendPageMessage({ type: 'trackTask', accountId, taskId }),
    failedItems: (taskKey) => sendPageMessage({ type: 'getFailedItems', taskKey }),
    setMuted: (taskKey, muted) => sendPageMessage({ type: 'setMuted', taskKey, muted }),
    dismiss: (taskKeys) => sendPageMessage({ type: 'dismissFailures', taskKeys }),
    // An unlock asks the worker to poll; the popup shows the unlocked state at once.
    unlock: (passphrase) =>
      sendPageMessage({ type: 'vaultUnlock', passphrase }).then((reply) => {
        if (reply.ok) void reload();
        return reply;
      }),
    copy: (text) => navigator.clipboard.writeText(text).then(
      () => true,
      () => false,
    ),
  };

  /** Tasks a clicked notification asked to show on their own (read once, then cleared). */
  const focus = signal<string[] | null>(null);
  const readFocus = async (): Promise<void> => {
    const raw: unknown = (await privateArea.get([POPUP_FOCUS_KEY]))[POPUP_FOCUS_KEY];
    if (!raw || typeof raw !== 'object') return;
    await privateArea.remove([POPUP_FOCUS_KEY]);
    const { taskKeys, at } = raw as { taskKeys?: unknown; at?: unknown };
    // Opened by the click itself (a tab says so in its address; a toolbar popup opens at once).
    const fresh = new URLSearchParams(location.search).has('focus') || (typeof at === 'number' && Math.abs(Date.now() - at) < FOCUS_FRESH_MS);
    if (!fresh || !Array.isArray(taskKeys)) return;
    const keys = taskKeys.filter((k): k is string => typeof k === 'string');
    // The popup then asks the worker for these tasks alone.
    if (keys.length) focus.value = keys;
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  browser.storage.onChanged.addListener((changes) => {
    if (!changesStateView(Object.keys(changes))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), 150);
  });

  paintFromCache();
  render(<Popup load={load} intents={intents} focus={focus} />, document.getElementById('app')!);
  // In the same task as the render: no frame shows both.
  document.getElementById(FIRST_FRAME_ID)?.remove();
  void readFocus().catch(() => undefined);
  void paintSnapshot()
    .catch(() => false)
    .then((painted) => (painted ? void setTimeout(() => void reload(), LIVE_STATE_AFTER_MS) : reload()));
}

/** Runs `fn` once the next frame is on screen. */
function afterNextFrame(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn));
}
