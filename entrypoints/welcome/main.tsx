import { effect } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { sendPageMessage as send } from '../../lib/messaging/page-client';
import { providers } from '../../lib/providers/index';
import { changesStateView } from '../../lib/popup/snapshot';
import { Welcome } from '../../components/welcome/Welcome';
import { followLanguage, useRememberedLanguage } from '../../components/common/page-language';
import { t } from '../../components/common/i18n';
import { ADD_ACCOUNT_ANCHOR } from '../../components/options/add-account-anchor';
import '../../assets/styles/base.css';

useRememberedLanguage();
effect(() => {
  document.title = t('welcomeTitle');
});

/** The language the user chose in Options (a change there is followed here at once). */
async function followSetting(): Promise<void> {
  // No task is needed, and no `opened`: this page is not Options, whose visit the vault's idle lock counts.
  const reply = await send({ type: 'getState', limit: 0 }).catch(() => undefined);
  if (reply?.ok) followLanguage(reply.settings.language);
}

browser.storage.onChanged.addListener((changes) => {
  if (changesStateView(Object.keys(changes))) void followSetting();
});

render(
  <Welcome providers={providers} intents={{ addAccount: () => void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${ADD_ACCOUNT_ANCHOR}`) }) }} />,
  document.getElementById('app')!,
);
void followSetting();
