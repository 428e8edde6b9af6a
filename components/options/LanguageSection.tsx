/** Options → Language: the browser's, or one Batchwatch speaks; saved and followed at once. */
import { useSignal } from '@preact/signals';
import { LANGUAGE_CHOICES, type LanguageChoice } from '../../lib/settings/language';
import { localeTag, render } from '../../lib/i18n/catalogue';
import { t } from '../common/i18n';
import type { OptionsIntents } from './intents';

/** Each language is named in itself (its own file's languageName), so a reader lost in another one still finds theirs. */
const choiceLabel = (c: LanguageChoice): string => (c === 'auto' ? t('languageAuto') : render({ id: 'languageName' }, c));

export function LanguageSection({ choice, intents }: { choice: LanguageChoice; intents: OptionsIntents }) {
  const error = useSignal('');
  return (
    <section aria-labelledby="language-heading">
      <h2 id="language-heading">{t('languageHeading')}</h2>
      <div>
        <label for="setting-language"><span>{t('languageLabel')}</span></label>
        <select
          id="setting-language"
          value={choice}
          aria-describedby="setting-language-help"
          onChange={(e) => {
            const next = e.currentTarget.value as LanguageChoice;
            // The page speaks it at once; the popup, notifications and the badge follow the stored setting.
            intents.chooseLanguage(next);
            void intents.saveSettings({ language: next }).then((reply) => (error.value = reply.ok ? '' : reply.error));
          }}
        >
          {LANGUAGE_CHOICES.map((c) => (
            <option key={c} value={c} lang={c === 'auto' ? undefined : localeTag(c)}>
              {choiceLabel(c)}
            </option>
          ))}
        </select>
      </div>
      <p id="setting-language-help" class="help">{t('languageHelp')}</p>
      {error.value && <p role="alert" class="field-error">{error.value}</p>}
    </section>
  );
}
