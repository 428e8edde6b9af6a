/**
 * The manifest content script's whole job: say which console page this is, follow the
 * console's single-page navigation, and pick up task ids shown after a batch submission.
 * It loads the panel (through `showPanel`) only when the background says this console's
 * provider has failures, or that a task id the page shows has failed items.
 */
import { extractTaskIds, type ConsoleFamily } from './pages';
import { sendContentMessage, setPanelHidden } from './client';
import { sourceConsoles } from '../providers/source-consoles';
import type { ContentReplies, Reply } from '../messaging/messages';

export interface WatchContext {
  addEventListener(target: Window, type: string, listener: () => void): void;
  onInvalidated(callback: () => void): void;
  setTimeout(handler: () => void, ms: number): number;
}

/** On a console whose routes live in the fragment, this URL is on a route that is not its page. */
function onOtherRoute(href: string): boolean {
  const url = new URL(href);
  return sourceConsoles.some((c) => c.otherRoute?.(url) === true);
}

export function watchConsole(family: ConsoleFamily, ctx: WatchContext, showPanel: () => void): void {
  let lastUrl = '';
  const visit = (): void => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    // Navigating inside such a console away from its page hides the panel (showPanel shows it again).
    if (onOtherRoute(location.href)) {
      setPanelHidden(true);
      return;
    }
    void sendContentMessage<Reply<ContentReplies['consoleVisit']>>({ type: 'consoleVisit', url: location.href })
      .then((reply) => {
        if (reply.ok && reply.show) showPanel();
      })
      .catch(() => undefined);
  };
  visit();
  ctx.addEventListener(window, 'hashchange', visit);
  ctx.addEventListener(window, 'popstate', visit);
  ctx.addEventListener(window, 'wxt:locationchange', visit);

  const seen = new Set<string>();
  let pending: Node[] = [];
  let scheduled = false;
  // One id at a time: the background allows one page-triggered call in flight per account
  // and drops (does not queue) the others, so a burst sent at once would lose ids.
  let sending: Promise<unknown> = Promise.resolve();
  const scan = (): void => {
    scheduled = false;
    const text = pending.map((n) => n.textContent ?? '').join('\n');
    pending = [];
    // Ids another route of the console shows are not this page's to read.
    if (onOtherRoute(location.href)) return;
    for (const id of extractTaskIds(text, family)) {
      if (seen.has(id)) continue;
      seen.add(id);
      sending = sending.then(() =>
        sendContentMessage<Reply<ContentReplies['trackFromPage']>>({ type: 'trackFromPage', taskId: id })
          .then((reply) => {
            // A task id this page shows that has failed items: the panel has something to show.
            if (reply.ok && reply.show) showPanel();
          })
          .catch(() => undefined),
      );
    }
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) for (const n of Array.from(r.addedNodes)) if (pending.length < 500) pending.push(n);
    if (!scheduled && pending.length) {
      scheduled = true;
      ctx.setTimeout(scan, 1000);
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());
}
