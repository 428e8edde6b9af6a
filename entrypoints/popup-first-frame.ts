/**
 * The popup's only script tag: it paints what the popup's first screen showed last time,
 * then loads the app. Small on purpose: a page paints its first frame after its scripts
 * have run, and Preact, the i18n runtime and a render of the popup would hold that frame
 * back by a good third. The app replaces this frame as soon as it renders (it shows the
 * same thing, live) and is the only part that reacts to input: this frame is inert.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { POPUP_FIRST_FRAME_KEY } from '../lib/popup/snapshot';
import { buildFirstFrame, FIRST_FRAME_ID } from '../components/popup/first-frame';
import { htmlLang, uiLang } from '../components/common/ui-lang';

export default defineUnlistedScript(() => {
  const lang = uiLang();
  document.documentElement.lang = htmlLang(lang);

  let stored: string | null = null;
  try {
    stored = localStorage.getItem(POPUP_FIRST_FRAME_KEY);
  } catch {
    // No localStorage: the app paints the first frame itself.
  }
  const frame = buildFirstFrame(stored, lang, document);
  const app = document.getElementById('app');
  if (frame && app) {
    const holder = document.createElement('div');
    holder.id = FIRST_FRAME_ID;
    holder.inert = true;
    holder.append(frame);
    app.before(holder);
  }

  const loadApp = (): void => {
    const script = document.createElement('script');
    script.src = browser.runtime.getURL('/popup-app.js');
    document.body.append(script);
  };
  // Loaded (and so evaluated) once the first frame is on screen, or it would delay it.
  if (frame) afterFirstPaint(loadApp);
  else loadApp();
});

/** A page that is never shown never paints: past this the app loads anyway. */
const PAINT_WAIT_LIMIT_MS = 200;

function afterFirstPaint(fn: () => void): void {
  let done = false;
  let observer: PerformanceObserver | undefined;
  const run = (): void => {
    if (done) return;
    done = true;
    observer?.disconnect();
    fn();
  };
  try {
    observer = new PerformanceObserver(run);
    observer.observe({ type: 'paint', buffered: true });
  } catch {
    // No paint timing: the limit below decides.
  }
  setTimeout(run, PAINT_WAIT_LIMIT_MS);
}
