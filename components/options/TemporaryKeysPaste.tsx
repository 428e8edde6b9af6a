/**
 * "Paste temporary keys (JSON)": what a provider's CLI printed for role assumption fills the
 * key fields, the security token and its expiry. The pasted text is cleared once read, so the
 * secret does not stay in the page; parsing is lib/'s (parseTemporaryKeys), which never logs it.
 */
import { useSignal } from '@preact/signals';
import { formValuesFor, parseTemporaryKeys } from '../../lib/providers/temporary-keys';
import { pick, t, words } from '../common/i18n';
import type { ProviderForm } from './intents';

export function TemporaryKeysPaste({ provider, providers, onFill }: { provider: ProviderForm; providers: readonly ProviderForm[]; onFill: (values: Record<string, string>) => void }) {
  const text = useSignal('');
  const note = useSignal('');
  const isError = useSignal(false);
  const read = (pasted: string): void => {
    text.value = pasted;
    // Emptied (by us once read, or by the user): what was last said stays until the next paste.
    if (!pasted.trim()) return;
    const keys = parseTemporaryKeys(pasted);
    // Half a paste (still typing) is not yet an error.
    if (!keys) {
      isError.value = pasted.includes('}');
      note.value = isError.value ? t('pasteTemporaryKeysNotFound') : '';
      return;
    }
    const filled = formValuesFor(provider.id, keys);
    if ('otherProvider' in filled) {
      const other = providers.find((p) => p.id === filled.otherProvider);
      isError.value = true;
      note.value = words({ id: 'pasteTemporaryKeysOtherProvider', provider: other ? pick(other.name) : filled.otherProvider });
      text.value = '';
      return;
    }
    onFill(filled.values);
    isError.value = false;
    note.value = t('pasteTemporaryKeysFilled');
    text.value = '';
  };
  return (
    <div class="paste-keys">
      <label for="field-paste-keys"><span>{t('pasteTemporaryKeys')}</span></label>
      <textarea
        id="field-paste-keys"
        rows={3}
        autocomplete="off"
        spellcheck={false}
        value={text.value}
        onInput={(e) => read(e.currentTarget.value)}
        aria-describedby="field-paste-keys-help field-paste-keys-note"
      />
      <p id="field-paste-keys-help" class="help">{t('pasteTemporaryKeysHelp')}</p>
      <p id="field-paste-keys-note" role="status" aria-live="polite" class={isError.value ? 'field-error' : 'muted'}>{note.value}</p>
    </div>
  );
}
