/**
 * Adding or editing an account. Provider fields come from each provider's FieldSpec, so a new
 * provider needs no change here. Secrets are write-only: once saved they are shown masked and
 * never come back to this page.
 */
import { useSignal, type Signal } from '@preact/signals';
import { ACCOUNT_COLORS, NOTIFY_POLICIES, type AccountColor, type AccountView, type KeyTestLine, type NotifyPolicy } from '../../lib/messaging/messages';
import type { FieldSpec } from '../../lib/providers/types';
import { pick, t, words } from '../common/i18n';
import { hostPatternsOf, type ProviderForm, type OptionsIntents } from './intents';
import { POLICY_LABELS, COLOR_LABELS } from './account-labels';
import { AccessHelp } from './AccessHelp';
import { TemporaryKeysPaste } from './TemporaryKeysPaste';
import { takesTemporaryKeys } from '../../lib/providers/temporary-keys';
import { ConfirmDialog } from './ConfirmDialog';

/** What "Test connection" found for the keys now in the form (cleared when one of them changes). */
type KeyTest = { kind: 'lines'; lines: KeyTestLine[] } | { kind: 'refused'; message: string };

/** One capability's line: "DCS tasks in cn-north-4: missing permission dcs:task:list." */
function keyTestWords(line: KeyTestLine): string {
  const capability = line.label;
  switch (line.result) {
    case 'works':
      return words({ id: 'keyTestWorks', capability });
    case 'missing-permission':
      return words(line.action ? { id: 'keyTestMissingAction', capability, action: line.action } : { id: 'keyTestMissingPermission', capability });
    case 'region-not-enabled':
      return words({ id: 'keyTestRegion', capability });
    case 'refused':
      return words({ id: 'keyTestRefused', capability });
    default:
      return words({ id: 'keyTestNotChecked', capability });
  }
}

/** Client-side checks, so an obviously wrong form never reaches the background. */
/** `editing`: an account whose keys are stored (an empty secret field keeps them). */
export function validateForm(provider: ProviderForm, name: string, values: Record<string, string>, editing: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!name.trim()) errors.name = t('required');
  for (const field of provider.fields) {
    const value = (values[field.key] ?? '').trim();
    if (!value) {
      if (field.required && !(field.secret && editing) && !field.defaultValue) errors[field.key] = t('required');
      continue;
    }
    const problem = field.validate?.(value);
    if (problem) errors[field.key] = pick(problem);
  }
  return errors;
}

/** The settings the form would save now (a select shows its default until changed). */
function formSettings(provider: ProviderForm, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(provider.fields.filter((f) => !f.secret).map((f) => [f.key, (values[f.key] ?? '').trim() || f.defaultValue || '']));
}

export function AccountForm({ providers, editing, intents }: { providers: readonly ProviderForm[]; editing: Signal<AccountView | null>; intents: OptionsIntents }) {
  const account = editing.value;
  const providerId = useSignal(account?.provider ?? providers[0]?.id ?? '');
  const name = useSignal(account?.name ?? '');
  const values = useSignal<Record<string, string>>({ ...(account?.settings ?? {}) });
  const notify = useSignal<NotifyPolicy>(account?.notify ?? 'failures');
  const color = useSignal<AccountColor | ''>(account?.color ?? '');
  /** Its keys are stored: an empty secret field keeps them. */
  const keysStored = Boolean(account && !account.needsSecrets);
  const errors = useSignal<Record<string, string>>({});
  const status = useSignal('');
  const busy = useSignal(false);
  const keyTest = useSignal<KeyTest | null>(null);
  const testing = useSignal(false);
  const confirmingRefused = useSignal(false);
  const provider = providers.find((p) => p.id === providerId.value);

  const typed = (p: ProviderForm): { settings: Record<string, string>; secrets: Record<string, string> } => {
    const settings: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    for (const field of p.fields) {
      const value = (values.value[field.key] ?? '').trim();
      if (field.secret) secrets[field.key] = value;
      else settings[field.key] = value || field.defaultValue || '';
    }
    return { settings, secrets };
  };

  const test = (): void => {
    status.value = '';
    keyTest.value = null;
    if (!provider) return;
    // The name is not needed to test keys: only the provider's fields are checked here.
    const found = validateForm(provider, name.value || '-', values.value, keysStored);
    errors.value = found;
    if (Object.keys(found).length) {
      status.value = t('fixFields');
      return;
    }
    // The permission prompt needs the user's gesture: ask before anything is awaited.
    const { settings } = typed(provider);
    const access = intents.ensureHostAccess(provider, settings);
    testing.value = true;
    status.value = t('testing');
    void (async () => {
      try {
        if (!(await access)) {
          status.value = t('permissionRefused', hostPatternsOf(provider, settings).join(', '));
          return;
        }
        const reply = await intents.testKeys({ ...(account ? { accountId: account.id } : {}), provider: provider.id, ...typed(provider) });
        if (reply.ok) {
          keyTest.value = { kind: 'lines', lines: reply.lines };
          status.value = t('keyTestDone');
        } else if (reply.errorClass === 'auth') {
          keyTest.value = { kind: 'refused', message: reply.error };
          status.value = '';
        } else {
          errors.value = reply.fieldErrors ?? {};
          status.value = reply.error;
        }
      } finally {
        testing.value = false;
      }
    })();
  };

  const submit = (e: Event): void => {
    e.preventDefault();
    status.value = '';
    if (!provider) return;
    const found = validateForm(provider, name.value, values.value, keysStored);
    errors.value = found;
    if (Object.keys(found).length) {
      status.value = t('fixFields');
      return;
    }
    // A warning (a permission, a region) may be saved; keys the provider refused are asked about first.
    if (keyTest.value?.kind === 'refused') {
      confirmingRefused.value = true;
      return;
    }
    save(provider);
  };

  const save = (p: ProviderForm): void => {
    // The permission prompt needs the user's gesture: ask before anything is awaited.
    const { settings, secrets } = typed(p);
    const access = intents.ensureHostAccess(p, settings);
    busy.value = true;
    void (async () => {
      try {
        if (!(await access)) {
          status.value = t('permissionRefused', hostPatternsOf(p, settings).join(', '));
          return;
        }
        const reply = await intents.save({ ...(account ? { accountId: account.id } : {}), provider: p.id, name: name.value.trim(), settings, secrets, notify: notify.value, color: color.value });
        if (reply.ok) {
          status.value = t('saved');
          editing.value = null;
          name.value = '';
          values.value = {};
          notify.value = 'failures';
          color.value = '';
          keyTest.value = null;
        } else {
          errors.value = reply.fieldErrors ?? {};
          status.value = reply.error;
        }
      } finally {
        busy.value = false;
      }
    })();
  };

  const field = (spec: FieldSpec) => {
    const id = `field-${spec.key}`;
    const error = errors.value[spec.key];
    const value = values.value[spec.key] ?? (spec.secret ? '' : (spec.defaultValue ?? ''));
    const set = (v: string): void => {
      values.value = { ...values.value, [spec.key]: v };
      // A test speaks for the keys it was given, not for these.
      keyTest.value = null;
    };
    return (
      <div key={spec.key}>
        <label for={id}>
          <span>{pick(spec.label)}</span>
        </label>
        {spec.options ? (
          <select id={id} value={value} onChange={(e) => set(e.currentTarget.value)} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
            {spec.options.map((o) => <option key={o.value} value={o.value}>{pick(o.label)}</option>)}
          </select>
        ) : (
          <input
            id={id}
            type={spec.secret ? 'password' : 'text'}
            autocomplete="off"
            spellcheck={false}
            value={value}
            placeholder={spec.secret && keysStored ? t('storedSecret') : spec.placeholder}
            required={spec.required && !(spec.secret && keysStored)}
            onInput={(e) => set(e.currentTarget.value)}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={[error ? `${id}-error` : '', spec.help ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined}
          />
        )}
        {spec.help && <p id={`${id}-help`} class="help">{pick(spec.help)}</p>}
        {error && <p id={`${id}-error`} class="field-error">{error}</p>}
      </div>
    );
  };

  return (
    <section aria-labelledby="account-form-heading">
      <h2 id="account-form-heading">{account ? t('editAccountHeading') : t('addAccountHeading')}</h2>
      <form onSubmit={submit} noValidate>
        <div>
          <label for="field-provider"><span>{t('provider')}</span></label>
          <select
            id="field-provider"
            value={providerId.value}
            disabled={Boolean(account)}
            onChange={(e) => {
              providerId.value = e.currentTarget.value;
              values.value = {};
              errors.value = {};
              keyTest.value = null;
            }}
          >
            {providers.map((p) => <option key={p.id} value={p.id}>{pick(p.name)}</option>)}
          </select>
        </div>
        <div>
          <label for="field-name"><span>{t('accountName')}</span></label>
          <input id="field-name" value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} required maxLength={60} aria-invalid={errors.value.name ? 'true' : undefined} aria-describedby={errors.value.name ? 'field-name-error' : undefined} />
          {errors.value.name && <p id="field-name-error" class="field-error">{errors.value.name}</p>}
        </div>
        {provider && <AccessHelp key={provider.id} provider={provider} settings={formSettings(provider, values.value)} />}
        {provider && takesTemporaryKeys(provider.fields) && (
          <TemporaryKeysPaste key={`paste-${provider.id}`} provider={provider} providers={providers} onFill={(filled) => (values.value = { ...values.value, ...filled })} />
        )}
        {provider?.fields.map(field)}
        <div>
          <label for="field-notify"><span>{t('notifyPolicy')}</span></label>
          <select id="field-notify" value={notify.value} onChange={(e) => (notify.value = e.currentTarget.value as NotifyPolicy)}>
            {NOTIFY_POLICIES.map((p) => <option key={p} value={p}>{t(POLICY_LABELS[p])}</option>)}
          </select>
        </div>
        <div>
          <label for="field-color"><span>{t('accountColor')}</span></label>
          <div class="color-field">
            <select id="field-color" value={color.value} onChange={(e) => (color.value = e.currentTarget.value as AccountColor | '')}>
              <option value="">{t('colorNone')}</option>
              {ACCOUNT_COLORS.map((c) => <option key={c} value={c}>{t(COLOR_LABELS[c])}</option>)}
            </select>
            {color.value && <span class={`chip chip-${color.value}`} aria-hidden="true" />}
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy.value || testing.value}>{busy.value ? t('saving') : t('saveAccount')}</button>
          <button type="button" class="button" onClick={test} disabled={busy.value || testing.value}>{t('testConnection')}</button>
          {account && <button type="button" class="button" onClick={() => (editing.value = null)}>{t('cancel')}</button>}
        </div>
        <p role="status" aria-live="polite">{status.value}</p>
        {keyTest.value && (
          <div class="key-test" role="status" aria-live="polite">
            {keyTest.value.kind === 'refused' ? (
              <p class="field-error" data-result="keys-refused">{words({ id: 'keyTestKeysRefused', sentence: keyTest.value.message })}</p>
            ) : (
              <ul class="capabilities">
                {keyTest.value.lines.map((line) => (
                  <li key={line.id} data-result={line.result} class={line.result === 'works' ? undefined : 'field-error'}>
                    {keyTestWords(line)}
                    {line.detail ? ` ${line.detail}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </form>
      {confirmingRefused.value && provider && (
        <ConfirmDialog
          title={t('keyTestConfirmTitle')}
          body={words({ id: 'keyTestConfirmBody', provider: pick(provider.name) })}
          confirm={t('keyTestConfirmSave')}
          onCancel={() => (confirmingRefused.value = false)}
          onConfirm={() => {
            confirmingRefused.value = false;
            save(provider);
          }}
        />
      )}
    </section>
  );
}
