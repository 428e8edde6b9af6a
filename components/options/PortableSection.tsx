/** Accounts files: export the account list without a single secret, and import one (each account then waits for its keys). */
import { useSignal } from '@preact/signals';
import type { AccountView } from '../../lib/messaging/messages';
import { accountsFileText, parseAccountsFile } from '../../lib/files/accounts';
import { t, words } from '../common/i18n';
import type { ProviderForm, OptionsIntents } from './intents';

/** The accounts file is named for the day, so several exports do not overwrite each other. */
export const accountsFileName = (now: Date): string => `batchwatch-accounts-${now.toISOString().slice(0, 10)}.json`;

export function PortableSection({ accounts, providers, intents }: { accounts: readonly AccountView[]; providers: readonly ProviderForm[]; intents: OptionsIntents }) {
  const status = useSignal('');
  const failed = useSignal(false);
  const busy = useSignal(false);
  const say = (text: string, isError: boolean): void => {
    status.value = text;
    failed.value = isError;
  };
  const exportFile = (): void => {
    intents.download(accountsFileName(new Date()), accountsFileText(accounts, providers));
    say(words({ id: 'exported', n: accounts.length }), false);
  };
  const importFile = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    if (!file) return;
    busy.value = true;
    try {
      const parsed = parseAccountsFile(await file.text());
      if (!parsed.ok) return say(t('importInvalid', words(parsed.reason)), true);
      const reply = await intents.importAccounts(parsed.accounts);
      if (!reply.ok) return say(reply.error, true);
      const parts = [reply.imported ? words({ id: 'imported', n: reply.imported }) : t('importNothing'), reply.skipped && reply.imported ? words({ id: 'importSkipped', n: reply.skipped }) : ''];
      say(parts.filter(Boolean).join(' '), false);
    } catch {
      say(t('importInvalid', file.name), true);
    } finally {
      busy.value = false;
      // The same file can be chosen again after it was fixed.
      input.value = '';
    }
  };
  return (
    <section aria-labelledby="portable-heading">
      <h2 id="portable-heading">{t('portableHeading')}</h2>
      <p class="help" id="portable-help">{t('portableHelp')}</p>
      <div class="actions portable">
        <button type="button" class="button" onClick={exportFile} disabled={accounts.length === 0} aria-describedby="portable-help">{t('exportAccounts')}</button>
        <div>
          <label for="accounts-file"><span>{t('importAccounts')}</span></label>
          <input id="accounts-file" type="file" accept="application/json,.json" disabled={busy.value} aria-describedby="portable-help" onChange={(e) => void importFile(e.currentTarget)} />
        </div>
      </div>
      <p role="status" aria-live="polite" class={failed.value ? 'field-error' : 'muted'}>{status.value}</p>
    </section>
  );
}
