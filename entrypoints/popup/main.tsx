import { render } from 'preact';
import { browser } from 'wxt/browser';
import { dequal } from 'dequal/lite';
import type { StateView } from '../../lib/messages';
import { sendPageMessage } from '../../lib/messages-client';
import { changesStateView, POPUP_FIRST_PAGE, POPUP_PAINT_CACHE_KEY, POPUP_SNAPSHOT_KEY, popupSnapshotView } from '../../lib/popup-snapshot';
import { Popup, popupLoad, type PopupIntents } from '../../components/popup/Popup';
import { useBrowserI18n } from '../../components/common/browser-i18n';
import { lang } from '../../components/common/i18n';
// Bundled into the script rather than linked: a linked stylesheet is one more file the
// browser loads before the script may run, and the popup has nothing to show before then.
import baseCss from '../../assets/styles/base.css?inline';

/**
 * After painting the background's snapshot, the live state only adds what changed in the
 * last moments: it is asked for once the first paint is on screen, so the worker reading
 * every task does not compete with it.
 */
const LIVE_STATE_AFTER_MS = 250;

const sheet = new CSSStyleSheet();
sheet.replaceSync(baseCss);
document.adoptedStyleSheets = [sheet];

useBrowserI18n();
const load = popupLoad();

/** The first paint asks only for the first page of tasks; filters and "show more" ask for all. */
let wantAll = false;
/** Once the worker has answered, any snapshot is older news. */
let answered = false;

function show(state: StateView): void {
  const shown = load.value;
  // Most of the time the next state is the one on screen: painting it again costs a frame.
  if (shown.kind !== 'ready' || !dequal(shown.state, state)) load.value = { kind: 'ready', state };
}

async function reload(): Promise<void> {
  try {
    const reply = await sendPageMessage(wantAll ? { type: 'getState' } : { type: 'getState', limit: POPUP_FIRST_PAGE });
    answered = true;
    if (reply.ok) {
      const { ok: _ok, ...state } = reply;
      show(state);
    } else {
      load.value = { kind: 'error', message: reply.error };
    }
  } catch (err) {
    answered = true;
    load.value = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The snapshot this popup saw last, from the extension's own localStorage (content scripts
 * and web pages cannot read it): the only storage a page can read synchronously, so the
 * first paint happens before the page has even finished loading.
 */
function paintFromCache(): void {
  try {
    const view = popupSnapshotView(JSON.parse(localStorage.getItem(POPUP_PAINT_CACHE_KEY) ?? 'null'), lang());
    if (view) load.value = { kind: 'ready', state: view };
  } catch {
    // Unreadable (or no localStorage at all): the snapshot below paints instead.
  }
}

/** The background's current snapshot: one storage read, even while the worker is asleep. */
async function paintSnapshot(): Promise<boolean> {
  const raw: unknown = (await browser.storage.local.get(POPUP_SNAPSHOT_KEY))[POPUP_SNAPSHOT_KEY];
  const view = popupSnapshotView(raw, lang());
  if (!view) return false;
  if (!answered) show(view);
  try {
    localStorage.setItem(POPUP_PAINT_CACHE_KEY, JSON.stringify(raw));
  } catch {
    // A full or disabled localStorage costs the next open its instant paint, nothing else.
  }
  return true;
}

const intents: PopupIntents = {
  loadAll: () => {
    if (wantAll) return;
    wantAll = true;
    void reload();
  },
  refresh: () => void sendPageMessage({ type: 'refreshNow' }).then(reload),
  retry: () => void reload(),
  openOptions: () => void browser.runtime.openOptionsPage(),
  track: (accountId, taskId) => sendPageMessage({ type: 'trackTask', accountId, taskId }),
  failedItems: (taskKey) => sendPageMessage({ type: 'getFailedItems', taskKey }),
};

let timer: ReturnType<typeof setTimeout> | undefined;
browser.storage.onChanged.addListener((changes) => {
  if (!changesStateView(Object.keys(changes))) return;
  clearTimeout(timer);
  timer = setTimeout(() => void reload(), 150);
});

paintFromCache();
render(<Popup load={load} intents={intents} />, document.getElementById('app')!);
void paintSnapshot()
  .catch(() => false)
  .then((painted) => (painted ? void setTimeout(() => void reload(), LIVE_STATE_AFTER_MS) : reload()));
