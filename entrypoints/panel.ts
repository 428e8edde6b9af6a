import { signal } from '@preact/signals';
import { h, render } from 'preact';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { FailedItemsPanel, PANEL_CSS, type PanelClient } from '../components/panel/FailedItemsPanel';
import { detectConsolePage } from '../lib/console-pages';
import { extensionApi, sendContentMessage } from '../lib/console-client';

const HOST_TAG = 'batchwatch-panel';
const COLLAPSED_KEY = 'panel:collapsed';

// Injected on demand by the background into one console tab. It keeps no global on the
// page: the only trace is its own element, which also guards against a second injection.
export default defineUnlistedScript(() => {
  const page = detectConsolePage(location.href);
  if (!page || document.querySelector(HOST_TAG)) return;
  const api = extensionApi();
  const host = document.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = PANEL_CSS;
  const mount = document.createElement('div');
  shadow.append(style, mount);
  document.body.append(host);

  const client: PanelClient = {
    tasks: () => sendContentMessage({ type: 'panelTasks' }),
    failedItems: (taskKey) => sendContentMessage({ type: 'panelFailedItems', taskKey }),
    track: (taskId) => sendContentMessage({ type: 'trackFromPage', taskId }),
  };
  const collapsed = signal(false);
  void api.storage.local.get(COLLAPSED_KEY).then((v) => (collapsed.value = v[COLLAPSED_KEY] === true));
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
  render(
    h(FailedItemsPanel, {
      family: page.family,
      lang: api.i18n.getUILanguage().toLowerCase().startsWith('zh') ? 'zh' : 'en',
      client,
      collapsed,
      onCollapsedChange: (value) => void api.storage.local.set({ [COLLAPSED_KEY]: value }),
      foundTaskIds: signal<string[]>([]),
      download,
    }),
    mount,
  );
});
