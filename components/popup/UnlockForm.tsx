/**
 * The popup's first line while the vault is locked (issue 32): polling has stopped, how many
 * pending tasks no longer are watched, and a passphrase field to unlock right there.
 * The passphrase is read from the field when the form is sent and handed to the background
 * at once: no signal, no attribute and no log ever holds it, so neither a re-render nor the
 * popup's first-frame record (which copies attributes) can keep it.
 */
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import type { Reply } from '../../lib/messaging/messages';
import { t, words } from '../common/i18n';

export function UnlockForm({ unwatched, unlock }: { unwatched?: number; unlock?: (passphrase: string) => Promise<Reply<object>> }) {
  const field = useRef<HTMLInputElement>(null);
  const error = useSignal('');
  const status = useSignal('');
  const busy = useSignal(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const input = field.current;
    if (!input || !unlock || busy.value) return;
    const passphrase = input.value;
    error.value = '';
    status.value = '';
    if (!passphrase) {
      error.value = t('passphraseEmpty');
      input.focus();
      return;
    }
    busy.value = true;
    const reply = await unlock(passphrase).catch((err: unknown): Reply<object> => ({ ok: false, error: err instanceof Error ? err.message : t('passphraseFailed') }));
    busy.value = false;
    // A wrong passphrase is typed again from scratch, as in any sign-in form.
    input.value = '';
    if (reply.ok) status.value = t('passphraseUnlocked');
    else {
      error.value = reply.error;
      input.focus();
    }
  };
  return (
    <form class="banner warn unlock" aria-labelledby="unlock-heading" noValidate onSubmit={(e) => void submit(e)}>
      <h2 id="unlock-heading" class="banner-title">{t('lockedBanner')}</h2>
      {unwatched !== undefined && unwatched > 0 && <p>{words({ id: 'lockedUnwatched', n: unwatched })}</p>}
      <label for="unlock-passphrase"><span>{t('passphrase')}</span></label>
      <div class="unlock-row">
        <input
          id="unlock-passphrase"
          ref={field}
          type="password"
          autocomplete="off"
          aria-invalid={error.value ? 'true' : undefined}
          aria-describedby={error.value ? 'unlock-error' : undefined}
        />
        <button type="submit" class="button primary" disabled={busy.value}>{t('passphraseUnlock')}</button>
      </div>
      {error.value && <p id="unlock-error" class="field-error" role="alert">{error.value}</p>}
      <p role="status" aria-live="polite">{status.value}</p>
    </form>
  );
}
