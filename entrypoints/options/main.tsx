import { effect, signal } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { sendPageMessage as send } from '../../lib/messaging/page-client';
import { providers } from '../../lib/providers/index';
import { HostAccess } from '../../lib/permissions/host-access';
import { changesStateView } from '../../lib/popup/snapshot';
import { Options, type OptionsIntents, type OptionsLoad } from '../../components/options/Options';
import { hostPatternsOf } from '../../components/options/intents';
import { followLanguage, useRememberedLanguage } from '../../components/common/page-language';
import { t } from '../../components/common/i18n';
import '../../assets/styles/base.css';

useRememberedLanguage();
effect(() => {
  document.title = t('optionsTitle');
});
const load = signal<OptionsLoad>({ kind: 'loading' });
const hostAccess = new HostAccess(browser.permissions);
void hostAccess.preload(providers.map((p) => hostPatternsOf(p, {})));

// The first request says the user opened the page (the vault's idle lock counts from it);
// reloads after a storage change do not.
let opened = true;

async function reload(): Promise<void> {
  try {
    // Options shows no task: asking for none spares the worker reading any.
    const reply = await send({ type: 'getState', limit: 0, ...(opened ? { opened: true as const } : {}) });
    opened = false;
    if (reply.ok) followLanguage(reply.settings.language);
    load.value = reply.ok ? { kind: 'ready', state: reply } : { kind: 'error', message: reply.error };
  } catch (err) {
    load.value = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

const intents: OptionsIntents = {
  ensureHostAccess: (provider, settings) => hostAccess.ensure(hostPatternsOf(provider, settings)),
  save: async (input) => {
    const reply = await send({ type: 'saveAccount', ...input });
    await reload();
    return reply;
  },
  remove: async (accountId) => {
    const reply = await send({ type: 'removeAccount', accountId });
    await reload();
    return reply;
  },
  test: (accountId) => send({ type: 'testConnection', accountId }),
  saveSettings: async (settings) => send({ type: 'saveSettings', settings: { ...settings } }),
  vault: async (request) => {
    const reply = await send(request);
    await reload();
    return reply;
  },
  shortcut: async () => (await browser.commands.getAll()).find((c) => c.name === '_execute_action')?.shortcut ?? '',
  download: (filename, content) => {
    const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
  importAccounts: async (accounts) => {
    const reply = await send({ type: 'importAccounts', accounts });
    await reload();
    return reply;
  },
  chooseLanguage: followLanguage,
  openShortcutSettings: () => {
    // Firefox has a call for its page; Chrome lets an extension open chrome:// pages in a tab.
    const commands = browser.commands as typeof browser.commands & { openShortcutSettings?: () => Promise<void> };
    if (commands.openShortcutSettings) void commands.openShortcutSettings();
    else void browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
  },
};

let timer: ReturnType<typeof setTimeout> | undefined;
browser.storage.onChanged.addListener((changes) => {
  if (!changesStateView(Object.keys(changes))) return;
  clearTimeout(timer);
  timer = setTimeout(() => void reload(), 300);
});

render(<Options providers={providers} load={load} intents={intents} browserName={import.meta.env.FIREFOX ? 'firefox' : 'chrome'} />, document.getElementById('app')!);
void reload();
