import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { FailedItemsView, PageRequest, Reply, StateView } from '../../lib/messages';
import { PAGE_SIZE, Popup, popupLoad, type PopupIntents } from '../../components/popup/Popup';
import { useBrowserI18n } from '../../components/common/browser-i18n';
import '../../assets/styles/base.css';

useBrowserI18n();
const load = popupLoad();
const send = <T extends object>(req: PageRequest): Promise<Reply<T>> => browser.runtime.sendMessage(req) as Promise<Reply<T>>;

/** The first paint asks only for the first page of tasks; filters and "show more" ask for all. */
let wantAll = false;

async function reload(): Promise<void> {
  try {
    const reply = await send<StateView>(wantAll ? { type: 'getState' } : { type: 'getState', limit: PAGE_SIZE });
    load.value = reply.ok ? { kind: 'ready', state: reply } : { kind: 'error', message: reply.error };
  } catch (err) {
    load.value = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

const intents: PopupIntents = {
  loadAll: () => {
    if (wantAll) return;
    wantAll = true;
    void reload();
  },
  refresh: () => void send({ type: 'refreshNow' }).then(reload),
  retry: () => void reload(),
  openOptions: () => void browser.runtime.openOptionsPage(),
  track: (accountId, taskId) => send({ type: 'trackTask', accountId, taskId }),
  failedItems: (taskKey) => send<FailedItemsView>({ type: 'getFailedItems', taskKey }),
};

let timer: ReturnType<typeof setTimeout> | undefined;
browser.storage.onChanged.addListener(() => {
  clearTimeout(timer);
  timer = setTimeout(() => void reload(), 150);
});

render(<Popup load={load} intents={intents} />, document.getElementById('app')!);
void reload();
