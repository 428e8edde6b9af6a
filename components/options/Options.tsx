/**
 * The options page: accounts (add, edit, test, remove) and settings. Provider fields come
 * from each provider's FieldSpec, so a new provider needs no change here. Secrets are
 * write-only: once saved they are shown masked and never come back to this page.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { ACCOUNT_COLORS, NOTIFY_POLICIES, SETTING_BOUNDS, type AccountColor, type AccountView, type NotifyPolicy, type PortableAccount, type Reply, type Settings, type StateView } from '../../lib/messaging/messages';
import { accountsFileText, parseAccountsFile } from '../../lib/files/accounts';
import type { FieldSpec, Text } from '../../lib/providers/types';
import { lang, pick, t } from '../common/i18n';

export interface ProviderForm {
  id: string;
  name: Text;
  fields: readonly FieldSpec[];
  apiHostPatterns: readonly string[];
}

export interface SaveAccountInput {
  accountId?: string;
  provider: string;
  name: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
  notify: NotifyPolicy;
  /** '' for no colour. */
  color: AccountColor | '';
}

const POLICY_LABELS: Record<NotifyPolicy, string> = { failures: 'notifyFailures', all: 'notifyAll', none: 'notifyNone' };
const COLOR_LABELS: Record<AccountColor, string> = {
  red: 'colorRed', orange: 'colorOrange', yellow: 'colorYellow', green: 'colorGreen', teal: 'colorTeal', blue: 'colorBlue', purple: 'colorPurple', pink: 'colorPink', grey: 'colorGrey',
};

export interface OptionsIntents {
  /** Must be called synchronously from the click (a user gesture) before any await. */
  ensureHostAccess(provider: ProviderForm): Promise<boolean>;
  save(input: SaveAccountInput): Promise<Reply<{ accountId: string }>>;
  remove(accountId: string): Promise<Reply<object>>;
  test(accountId: string): Promise<Reply<object>>;
  saveSettings(settings: Partial<Settings>): Promise<Reply<object>>;
  vault(request: VaultIntent): Promise<Reply<object>>;
  /** The keys that open the popup now ('' when none is set), as the browser names them. */
  shortcut(): Promise<string>;
  /** Opens the browser's own page where extension shortcuts are changed. */
  openShortcutSettings(): void;
  /** Saves text as a file in the user's downloads. */
  download(filename: string, content: string): void;
  importAccounts(accounts: PortableAccount[]): Promise<Reply<{ imported: number; skipped: number }>>;
}

export type VaultIntent =
  | { type: 'vaultEnable'; passphrase: string }
  | { type: 'vaultUnlock'; passphrase: string }
  | { type: 'vaultLock' }
  | { type: 'vaultChange'; current: string; next: string }
  | { type: 'vaultDisable'; passphrase: string };

export type OptionsLoad = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; state: StateView };

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

export function Options({ providers, load, intents, browserName = 'chrome' }: { providers: readonly ProviderForm[]; load: Signal<OptionsLoad>; intents: OptionsIntents; browserName?: 'chrome' | 'firefox' }) {
  const editing = useSignal<AccountView | null>(null);
  const current = load.value;
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
              <AccountCard key={a.id} account={a} providers={providers} intents={intents} onEdit={() => (editing.value = a)} />
            ))}
          </section>
          <AccountForm key={editing.value?.id ?? 'new'} providers={providers} editing={editing} intents={intents} />
          <PortableSection accounts={current.state.accounts} providers={providers} intents={intents} />
          <SettingsForm settings={current.state.settings} intents={intents} />
          <PassphraseSection mode={current.state.vaultMode ?? 'device'} locked={Boolean(current.state.locked)} maxUnlockedMin={current.state.settings.maxUnlockedMin} intents={intents} />
          <ShortcutSection intents={intents} browserName={browserName} />
        </>
      )}
    </main>
  );
}

function AccountCard({ account, providers, intents, onEdit }: { account: AccountView; providers: readonly ProviderForm[]; intents: OptionsIntents; onEdit: () => void }) {
  const provider = providers.find((p) => p.id === account.provider);
  const status = useSignal('');
  const statusIsError = useSignal(false);
  const busy = useSignal(false);
  const confirming = useSignal(false);
  const test = async (): Promise<void> => {
    busy.value = true;
    status.value = t('testing');
    const reply = await intents.test(account.id);
    busy.value = false;
    statusIsError.value = !reply.ok;
    status.value = reply.ok ? t('connectionOk') : reply.error;
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
            return `${label ? pick(label) : k}: •••••••• (${t('secretStored')})`;
          }),
        ].join(' · ')}
      </p>
      <p class="muted">
        {t('notifyPolicyIs', t(POLICY_LABELS[account.notify ?? 'failures']))}
        {account.color ? ` · ${t('accountColor')}: ${t(COLOR_LABELS[account.color])}` : ''}
      </p>
      {account.needsSecrets && <p class="field-error">{t('needsKeys')}</p>}
      {account.problem && <p class="field-error" role="alert">{account.problem.message}</p>}
      <div class="actions">
        <button type="button" class="button" onClick={onEdit}>{t('edit')}</button>
        <button type="button" class="button" onClick={() => void test()} disabled={busy.value}>{t('testConnection')}</button>
        <button type="button" class="button" onClick={() => (confirming.value = true)}>{t('remove')}</button>
      </div>
      <p role="status" aria-live="polite" class={statusIsError.value ? 'field-error' : 'muted'}>{status.value}</p>
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

function ConfirmDialog({ title, body, confirm, onCancel, onConfirm }: { title: string; body: string; confirm: string; onCancel: () => void; onConfirm: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <p>{body}</p>
      <div class="actions">
        <button type="button" class="button" onClick={onCancel} autofocus>{t('cancel')}</button>
        <button type="button" class="button primary" onClick={onConfirm}>{confirm}</button>
      </div>
    </dialog>
  );
}

function AccountForm({ providers, editing, intents }: { providers: readonly ProviderForm[]; editing: Signal<AccountView | null>; intents: OptionsIntents }) {
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
  const provider = providers.find((p) => p.id === providerId.value);

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
    // The permission prompt needs the user's gesture: ask before anything is awaited.
    const access = intents.ensureHostAccess(provider);
    busy.value = true;
    void (async () => {
      try {
        if (!(await access)) {
          status.value = t('permissionRefused', provider.apiHostPatterns.join(', '));
          return;
        }
        const settings: Record<string, string> = {};
        const secrets: Record<string, string> = {};
        for (const field of provider.fields) {
          const value = (values.value[field.key] ?? '').trim();
          if (field.secret) secrets[field.key] = value;
          else settings[field.key] = value || field.defaultValue || '';
        }
        const reply = await intents.save({ ...(account ? { accountId: account.id } : {}), provider: provider.id, name: name.value.trim(), settings, secrets, notify: notify.value, color: color.value });
        if (reply.ok) {
          status.value = t('saved');
          editing.value = null;
          name.value = '';
          values.value = {};
          notify.value = 'failures';
          color.value = '';
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
          <button type="submit" class="button primary" disabled={busy.value}>{busy.value ? t('saving') : t('saveAccount')}</button>
          {account && <button type="button" class="button" onClick={() => (editing.value = null)}>{t('cancel')}</button>}
        </div>
        <p role="status" aria-live="polite">{status.value}</p>
      </form>
    </section>
  );
}

function SettingsForm({ settings, intents }: { settings: Settings; intents: OptionsIntents }) {
  const draft = useSignal<Settings>(settings);
  const errors = useSignal<Record<string, string>>({});
  const status = useSignal('');
  const number = (key: 'pendingIntervalSec' | 'idleIntervalSec' | 'historyMaxTasks' | 'historyMaxAgeDays', label: string, min: number) => (
    <div>
      <label for={`setting-${key}`}><span>{label}</span></label>
      <input id={`setting-${key}`} type="number" min={min} value={draft.value[key]} onInput={(e) => (draft.value = { ...draft.value, [key]: Number(e.currentTarget.value) })} aria-invalid={errors.value[key] ? 'true' : undefined} aria-describedby={errors.value[key] ? `setting-${key}-error` : undefined} />
      {errors.value[key] && <p id={`setting-${key}-error`} class="field-error">{errors.value[key]}</p>}
    </div>
  );
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          // Only this form's own settings: the passphrase section saves its own.
          const mine: Partial<Settings> = { ...draft.value };
          delete mine.maxUnlockedMin;
          void intents.saveSettings(mine).then((reply) => {
            errors.value = reply.ok ? {} : (reply.fieldErrors ?? {});
            status.value = reply.ok ? t('settingsSaved') : reply.error;
          });
        }}
      >
        {number('pendingIntervalSec', t('pendingInterval'), 30)}
        {number('idleIntervalSec', t('idleInterval'), 30)}
        {number('historyMaxTasks', t('historyMaxTasks'), 10)}
        {number('historyMaxAgeDays', t('historyMaxAgeDays'), 1)}
        <p class="help">{t('notifyPerAccount')}</p>
        <div><button type="submit" class="button">{t('saveSettings')}</button></div>
        <p role="status" aria-live="polite">{status.value}</p>
      </form>
    </section>
  );
}

function PassphraseSection({ mode, locked, maxUnlockedMin, intents }: { mode: 'device' | 'passphrase'; locked: boolean; maxUnlockedMin: number; intents: OptionsIntents }) {
  const first = useSignal('');
  const second = useSignal('');
  const error = useSignal('');
  const status = useSignal('');
  const busy = useSignal(false);
  const run = async (request: VaultIntent, success: string): Promise<void> => {
    busy.value = true;
    error.value = '';
    status.value = '';
    const reply = await intents.vault(request);
    busy.value = false;
    if (reply.ok) {
      first.value = '';
      second.value = '';
      status.value = success;
    } else error.value = reply.error;
  };
  const input = (id: string, label: string, value: Signal<string>) => (
    <div>
      <label for={id}><span>{label}</span></label>
      <input id={id} type="password" autocomplete="off" value={value.value} onInput={(e) => (value.value = e.currentTarget.value)} aria-invalid={error.value ? 'true' : undefined} aria-describedby={error.value ? 'passphrase-error' : undefined} />
    </div>
  );
  const submit = (request: () => VaultIntent | undefined, success: string) => (e: Event) => {
    e.preventDefault();
    const req = request();
    if (req) void run(req, success);
  };
  return (
    <section aria-labelledby="passphrase-heading">
      <h2 id="passphrase-heading">{t('passphraseHeading')}</h2>
      <p>{mode === 'device' ? t('passphraseOff') : locked ? t('passphraseLocked') : t('passphraseOn')}</p>
      {mode === 'device' && (
        <form noValidate onSubmit={submit(() => {
          if (first.value.length < 10) return void (error.value = t('passphraseTooShort'));
          if (first.value !== second.value) return void (error.value = t('passphraseMismatch'));
          return { type: 'vaultEnable', passphrase: first.value };
        }, t('passphraseEnabled'))}>
          {input('passphrase-new', t('passphrase'), first)}
          {input('passphrase-repeat', t('passphraseRepeat'), second)}
          <div><button type="submit" class="button" disabled={busy.value}>{t('passphraseEnable')}</button></div>
        </form>
      )}
      {mode === 'passphrase' && locked && (
        <form noValidate onSubmit={submit(() => ({ type: 'vaultUnlock', passphrase: first.value }), t('passphraseUnlocked'))}>
          {input('passphrase-unlock', t('passphrase'), first)}
          <div><button type="submit" class="button primary" disabled={busy.value}>{t('passphraseUnlock')}</button></div>
        </form>
      )}
      {mode === 'passphrase' && !locked && (
        <>
          <div class="actions">
            <button type="button" class="button" disabled={busy.value} onClick={() => void run({ type: 'vaultLock' }, t('passphraseLockedNow'))}>{t('passphraseLockNow')}</button>
          </div>
          <form noValidate onSubmit={submit(() => {
            if (second.value.length < 10) return void (error.value = t('passphraseTooShort'));
            return { type: 'vaultChange', current: first.value, next: second.value };
          }, t('passphraseChanged'))}>
            {input('passphrase-current', t('passphraseCurrent'), first)}
            {input('passphrase-next', t('passphraseNext'), second)}
            <div class="actions">
              <button type="submit" class="button" disabled={busy.value}>{t('passphraseChange')}</button>
              <button type="button" class="button" disabled={busy.value} onClick={() => void run({ type: 'vaultDisable', passphrase: first.value }, t('passphraseDisabled'))}>{t('passphraseDisable')}</button>
            </div>
          </form>
        </>
      )}
      {error.value && <p id="passphrase-error" class="field-error" role="alert">{error.value}</p>}
      <p role="status" aria-live="polite">{status.value}</p>
      <MaxUnlockedForm value={maxUnlockedMin} intents={intents} />
    </section>
  );
}

/** The vault's absolute maximum unlocked time, in minutes (the background reads it at each check). */
function MaxUnlockedForm({ value, intents }: { value: number; intents: OptionsIntents }) {
  const [min, max] = SETTING_BOUNDS.maxUnlockedMin;
  const draft = useSignal(String(value));
  const error = useSignal('');
  const status = useSignal('');
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        status.value = '';
        const minutes = Number(draft.value.trim());
        if (!draft.value.trim() || !Number.isInteger(minutes) || minutes < min || minutes > max) return void (error.value = t('maxUnlockedBounds', min, max));
        error.value = '';
        void intents.saveSettings({ maxUnlockedMin: minutes }).then((reply) => {
          if (reply.ok) status.value = t('maxUnlockedSaved');
          else error.value = reply.fieldErrors?.maxUnlockedMin ?? reply.error;
        });
      }}
    >
      <div>
        <label for="setting-maxUnlockedMin"><span>{t('maxUnlocked')}</span></label>
        <input id="setting-maxUnlockedMin" type="number" min={min} max={max} step={1} value={draft.value} onInput={(e) => (draft.value = e.currentTarget.value)} aria-invalid={error.value ? 'true' : undefined} aria-describedby={error.value ? 'setting-maxUnlockedMin-help setting-maxUnlockedMin-error' : 'setting-maxUnlockedMin-help'} />
        <p id="setting-maxUnlockedMin-help" class="help">{t('maxUnlockedHelp', min, max)}</p>
        {error.value && <p id="setting-maxUnlockedMin-error" class="field-error" role="alert">{error.value}</p>}
      </div>
      <div><button type="submit" class="button">{t('maxUnlockedSave')}</button></div>
      <p role="status" aria-live="polite">{status.value}</p>
    </form>
  );
}

function ShortcutSection({ intents, browserName }: { intents: OptionsIntents; browserName: 'chrome' | 'firefox' }) {
  const keys = useSignal<string | null>(null);
  useEffect(() => {
    void intents.shortcut().then((value) => (keys.value = value), () => (keys.value = ''));
  }, []);
  return (
    <section aria-labelledby="shortcut-heading">
      <h2 id="shortcut-heading">{t('shortcutHeading')}</h2>
      {keys.value === null ? (
        <p role="status">{t('loading')}</p>
      ) : (
        <p>{keys.value ? <>{t('shortcutCurrent')} <kbd>{keys.value}</kbd></> : t('shortcutNone')}</p>
      )}
      <p class="help">{browserName === 'firefox' ? t('shortcutWhereFirefox') : t('shortcutWhereChrome')}</p>
      <div><button type="button" class="button" onClick={intents.openShortcutSettings}>{t('shortcutChange')}</button></div>
    </section>
  );
}

/** The accounts file is named for the day, so several exports do not overwrite each other. */
export const accountsFileName = (now: Date): string => `batchwatch-accounts-${now.toISOString().slice(0, 10)}.json`;

function PortableSection({ accounts, providers, intents }: { accounts: readonly AccountView[]; providers: readonly ProviderForm[]; intents: OptionsIntents }) {
  const status = useSignal('');
  const failed = useSignal(false);
  const busy = useSignal(false);
  const say = (text: string, isError: boolean): void => {
    status.value = text;
    failed.value = isError;
  };
  const exportFile = (): void => {
    intents.download(accountsFileName(new Date()), accountsFileText(accounts, providers));
    say(t('exported', accounts.length), false);
  };
  const importFile = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    if (!file) return;
    busy.value = true;
    try {
      const parsed = parseAccountsFile(await file.text(), lang());
      if (!parsed.ok) return say(t('importInvalid', parsed.reason), true);
      const reply = await intents.importAccounts(parsed.accounts);
      if (!reply.ok) return say(reply.error, true);
      const parts = [reply.imported ? t('imported', reply.imported) : t('importNothing'), reply.skipped && reply.imported ? t('importSkipped', reply.skipped) : ''];
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
