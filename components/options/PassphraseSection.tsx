/** Passphrase protection of the stored keys: turn on, unlock, lock, change, turn off; and the maximum unlocked time. */
import { useSignal, type Signal } from '@preact/signals';
import { SETTING_BOUNDS } from '../../lib/messaging/messages';
import { t } from '../common/i18n';
import type { OptionsIntents, VaultIntent } from './intents';

export function PassphraseSection({ mode, locked, maxUnlockedMin, intents }: { mode: 'device' | 'passphrase'; locked: boolean; maxUnlockedMin: number; intents: OptionsIntents }) {
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
