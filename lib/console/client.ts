/**
 * What runs on console pages talks to the background through this: the extension global
 * directly (no polyfill, no zod), so the manifest content script stays a few KB.
 */
import type { ConsoleFamily } from './pages';
import type { ContentRequest } from '../messaging/messages';

interface RuntimeLike {
  runtime: { sendMessage(message: unknown): Promise<unknown>; getURL(path: string): string };
  i18n: { getUILanguage(): string; getMessage(id: string, substitutions?: string[]): string };
}

export function extensionApi(): RuntimeLike {
  const g = globalThis as unknown as { browser?: RuntimeLike; chrome?: RuntimeLike };
  const api = g.browser ?? g.chrome;
  if (!api) throw new Error('Batchwatch: no extension API in this context');
  return api;
}

export async function sendContentMessage<T>(request: ContentRequest): Promise<T> {
  return (await extensionApi().runtime.sendMessage(request)) as T;
}

/** The panel's module (entrypoints/panel.ts), web-accessible to the console origins only (wxt.config.ts). */
export const PANEL_MODULE = '/panel.js';

interface PanelModule {
  default(family: ConsoleFamily): void;
}

let panel: Promise<void> | undefined;

/** The panel's host element in the page (components/panel/mount.ts creates it; a test checks the two agree). */
export const PANEL_HOST = 'batchwatch-panel';
let panelHidden = false;

/**
 * Hides the mounted panel (or the one being loaded) while the console is on another of its
 * routes, and shows it again: an inline !important display wins over the shadow root's own
 * :host style, and the panel keeps its state.
 */
export function setPanelHidden(hidden: boolean): void {
  panelHidden = hidden;
  for (const host of Array.from(document.getElementsByTagName(PANEL_HOST))) {
    if (!(host instanceof HTMLElement)) continue;
    if (hidden) host.style.setProperty('display', 'none', 'important');
    else host.style.removeProperty('display');
  }
}

/**
 * Loads and mounts the failed-items panel, once per page, the first time the background
 * says this console has something to show: a console with nothing failed never loads it.
 * `import()` from a content script runs the module in this same isolated world (the page's
 * scripts cannot see it), and the URL comes from `runtime.getURL`, which in Chrome is the
 * per-session dynamic URL (`use_dynamic_url`), so the page has no fixed address to probe.
 */
export function showPanel(family: ConsoleFamily): Promise<void> {
  setPanelHidden(false);
  // The address is the extension's own file, from a constant path: nothing a page wrote.
  // eslint-disable-next-line no-unsanitized/method
  panel ??= import(/* @vite-ignore */ extensionApi().runtime.getURL(PANEL_MODULE))
    .then((module: unknown) => {
      (module as PanelModule).default(family);
      // The console moved to another route while the panel loaded.
      if (panelHidden) setPanelHidden(true);
    })
    .catch(() => {
      // The extension was reloaded or updated under this page: the next visit tries again.
      panel = undefined;
    });
  return panel;
}
