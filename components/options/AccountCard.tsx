/** One saved account: its provider, problem and last poll, with Edit, Test connection and Remove (confirmed). */
import { useSignal } from '@preact/signals';
import type { AccountView, CapabilityView } from '../../lib/messaging/messages';
import { capabilityLine } from '../common/capability';
import { pick, t } from '../common/i18n';
import { capabilityCheckedLines, lastCheckedWords } from '../common/last-checked';
import type { ProviderForm, OptionsIntents } from './intents';
import { POLICY_LABELS, COLOR_LABELS } from './account-labels';
import { ConfirmDialog } from './ConfirmDialog';
import { keyTypeWords } from './key-type';
import { takesTemporaryKeys } from '../../lib/providers/temporary-keys';

export function AccountCard({
  account,
  providers,
  intents,
  onEdit,
  refreshing = false,
  now = Date.now(),
}: {
  account: AccountView;
  providers: readonly ProviderForm[];
  intents: OptionsIntents;
  onEdit: () => void;
  /** A polling cycle runs now: the card says "checking now…". */
  refreshing?: boolean;
  now?: number;
}) {
  const provider = providers.find((p) => p.id === account.provider);
  const status = useSignal('');
  const statusIsError = useSignal(false);
  const busy = useSignal(false);
  const confirming = useSignal(false);
  const tested = useSignal<CapabilityView[]>([]);
  const unwatched = (account.capabilities ?? []).filter((c) => c.state !== 'watched');
  const test = async (): Promise<void> => {
    busy.value = true;
    status.value = t('testing');
    const reply = await intents.test(account.id);
    busy.value = false;
    statusIsError.value = !reply.ok;
    status.value = reply.ok ? t('connectionOk') : reply.error;
    tested.value = reply.ok ? (reply.capabilities ?? []) : [];
  };
  return (
    <div class="account-card">
      {account.color && <span class={`chip chip-${account.color}`} aria-hidden="true" />}
      <strong>{account.name}</strong> <span class="muted">· {provider ? pick(provider.name) : account.provider}</span>
      <p class="muted">
        {[
          ...Object.entries(account.settings)
            .filter(([, v]) => v)
            .map(([k, v]) => {
              const label = provider?.fields.find((f) => f.key === k)?.label;
              return `${label ? pick(label) : k}: ${v}`;
            }),
          ...(account.needsSecrets ? [] : account.storedSecrets).map((k) => {
            const label = provider?.fields.find((f) => f.key === k)?.label;
            if (k === provider?.access?.keyIdField && account.keyIdHint) return `${label ? pick(label) : k}: ${account.keyIdHint}`;
            return `${label ? pick(label) : k}: •••••••• (${t('secretStored')})`;
          }),
        ].join(' · ')}
      </p>
      {provider && takesTemporaryKeys(provider.fields) && !account.needsSecrets && <p class="muted key-type">{keyTypeWords(account)}</p>}
      <p class="muted">
        {t('notifyPolicyIs', t(POLICY_LABELS[account.notify ?? 'failures']))}
        {account.color ? ` · ${t('accountColor')}: ${t(COLOR_LABELS[account.color])}` : ''}
      </p>
      <p class="muted last-checked">{lastCheckedWords(account, refreshing, now)}</p>
      {capabilityCheckedLines(account, refreshing, now).map((line) => (
        <p key={line} class="muted last-checked">{line}</p>
      ))}
      {provider?.access?.fullRights && <p class="field-error" role="note">{t('tokenFullRights')}</p>}
      {account.needsSecrets && <p class="field-error">{t('needsKeys')}</p>}
      {account.problem && <p class="field-error" role="alert">{account.problem.message}</p>}
      {unwatched.map((c) => (
        <p key={c.id} class="field-error" data-capability={c.id}>
          {capabilityLine(c)}
          {c.reason ? ` ${c.reason}` : ''}
        </p>
      ))}
      <div class="actions">
        <button type="button" class="button" onClick={onEdit}>{t('edit')}</button>
        <button type="button" class="button" onClick={() => void test()} disabled={busy.value}>{t('testConnection')}</button>
        <button type="button" class="button" onClick={() => (confirming.value = true)}>{t('remove')}</button>
      </div>
      <div role="status" aria-live="polite" class={statusIsError.value ? 'field-error' : 'muted'}>
        <p>{status.value}</p>
        {tested.value.length > 0 && (
          <ul class="capabilities">
            {tested.value.map((c) => (
              <li key={c.id}>
                {capabilityLine(c)}
                {c.reason ? ` ${c.reason}` : ''}
              </li>
            ))}
          </ul>
        )}
      </div>
      {confirming.value && (
        <ConfirmDialog
          title={t('confirmRemoveTitle')}
          body={t('confirmRemoveBody')}
          confirm={t('confirmRemove')}
          onCancel={() => (confirming.value = false)}
          onConfirm={() => {
            confirming.value = false;
            void intents.remove(account.id);
          }}
        />
      )}
    </div>
  );
}
