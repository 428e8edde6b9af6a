/**
 * Mounts the failed-items panel from the console's own content script (the background holds
 * no host access to console origins, so it cannot inject anything). The panel lives in a
 * closed shadow root: page scripts cannot reach its controls, so nothing a page can touch
 * makes it ask for failed items. Its only trace in the page is its host element.
 */
import { signal } from '@preact/signals';
import { h, render } from 'preact';
import type { ConsoleFamily } from '../../lib/console/pages';
import { extensionApi, sendContentMessage } from '../../lib/console/client';
import type { ContentReplies, Reply } from '../../lib/messaging/messages';
import { FailedItemsPanel, PANEL_CSS, type PanelClient } from './FailedItemsPanel';
import { browserPanelWords, type PanelWords } from '../../lib/console/panel-words';

export const PANEL_HOST_TAG = 'batchwatch-panel';

let mounted = false;

export function mountPanel(family: ConsoleFamily): void {
  if (mounted) return;
  mounted = true;
  const api = extensionApi();
  const host = document.createElement(PANEL_HOST_TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  const mount = document.createElement('div');
  shadow.append(style, mount);
  document.body.append(host);

  const client: PanelClient = {
    tasks: () => sendContentMessage({ type: 'panelTasks', url: location.href }),
    failedItems: (taskKey) => sendContentMessage({ type: 'panelFailedItems', taskKey }),
    track: (taskId) => sendContentMessage({ type: 'trackFromPage', taskId }),
  };
  // The console's own navigation: the panel asks again for the tasks, the new page's first.
  // History-API moves fire no event a module can hear (WXT's own location event has a name
  // private to the content script), so the URL is also looked at once a second, as WXT does.
  const navigations = signal(0);
  let lastUrl = location.href;
  const followPage = (): void => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    navigations.value++;
  };
  for (const type of ['hashchange', 'popstate']) window.addEventListener(type, followPage);
  setInterval(followPage, 1000);
  const collapsed = signal(false);
  /** The browser's language until the background sends the texts in the one the user chose. */
  const words = signal<PanelWords>(browserPanelWords((id, substitutions) => api.i18n.getMessage(id, substitutions)));
  // Content scripts have no storage access: the background keeps this for the panel.
  void sendContentMessage<Reply<ContentReplies['panelState']>>({ type: 'panelState' })
    .then((reply) => {
      if (!reply.ok) return;
      collapsed.value = reply.collapsed;
      words.value = reply.words;
    })
    .catch(() => undefined);
  const download = (filename: string, content: string, mime: string): void => {
    const url = URL.createObjectURL(new Blob([content], { type: mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    shadow.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const foundTaskIds = signal<string[]>([]);
  // Reads the language as it renders: the panel re-renders in the chosen one when it arrives.
  const Panel = () =>
    h(FailedItemsPanel, {
      family,
      words: words.value,
      client,
      collapsed,
      onCollapsedChange: (value) => void sendContentMessage({ type: 'setPanelCollapsed', collapsed: value }).catch(() => undefined),
      foundTaskIds,
      navigations,
      download,
    });
  render(h(Panel, {}), mount);
}
