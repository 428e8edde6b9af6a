/**
 * The options page: accounts (add, edit, test, remove), accounts files, settings, passphrase
 * protection and the popup's shortcut, one section per file in this folder.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { AccountView } from '../../lib/messaging/messages';
import { t } from '../common/i18n';
import type { ProviderForm, OptionsIntents, OptionsLoad } from './intents';
import { AccountCard } from './AccountCard';
import { AccountForm } from './AccountForm';
import { SettingsForm } from './SettingsForm';
import { PassphraseSection } from './PassphraseSection';
import { ShortcutSection } from './ShortcutSection';
import { LanguageSection } from './LanguageSection';
import { PortableSection } from './PortableSection';
import { AboutSection } from './AboutSection';
import { goToAddAccount } from './add-account-anchor';

export type { OptionsIntents, OptionsLoad } from './intents';

export function Options({ providers, load, intents, browserName = 'chrome' }: { providers: readonly ProviderForm[]; load: Signal<OptionsLoad>; intents: OptionsIntents; browserName?: 'chrome' | 'firefox' }) {
  const editing = useSignal<AccountView | null>(null);
  /** Counts "Edit" clicks: each brings the form, far below the cards, into view with its first field focused. */
  const editRequests = useSignal(0);
  useEffect(() => {
    if (!editRequests.value) return;
    document.getElementById('account-form-heading')?.closest('section')?.scrollIntoView({ block: 'start' });
    document.getElementById('field-name')?.focus();
  }, [editRequests.value]);
  const current = load.value;
  const ready = current.kind === 'ready';
  // Once, when the form first appears: later reloads of the state must not move the page.
  useEffect(() => {
    if (ready) goToAddAccount(location.hash);
  }, [ready]);
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {current.kind === 'loading' && <p role="status">{t('loading')}</p>}
      {current.kind === 'error' && <p role="alert" class="field-error">{current.message}</p>}
      {current.kind === 'ready' && (
        <>
          <section aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">{t('accountsHeading')}</h2>
            {current.state.accounts.length === 0 && <p>{t('noAccounts')}</p>}
            {current.state.accounts.map((a) => (
              <AccountCard
                key={a.id}
                account={a}
                providers={providers}
                intents={intents}
                refreshing={current.state.refreshing}
                onEdit={() => {
                  editing.value = a;
                  editRequests.value++;
                }}
              />
            ))}
          </section>
          <AccountForm key={editing.value?.id ?? 'new'} providers={providers} editing={editing} intents={intents} />
          <PortableSection accounts={current.state.accounts} providers={providers} intents={intents} />
          <LanguageSection choice={current.state.settings.language} intents={intents} />
          <SettingsForm settings={current.state.settings} intents={intents} />
          <PassphraseSection mode={current.state.vaultMode ?? 'device'} locked={Boolean(current.state.locked)} maxUnlockedMin={current.state.settings.maxUnlockedMin} intents={intents} />
          <ShortcutSection intents={intents} browserName={browserName} />
        </>
      )}
      <AboutSection />
    </main>
  );
}
