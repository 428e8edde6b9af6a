/** Polling intervals, history limits and notifications, checked here before the background checks them again. */
import { useSignal } from '@preact/signals';
import type { Settings } from '../../lib/messaging/messages';
import { t } from '../common/i18n';
import type { OptionsIntents } from './intents';

export function SettingsForm({ settings, intents }: { settings: Settings; intents: OptionsIntents }) {
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
          // Only this form's own settings: the passphrase and language sections save their own.
          const mine: Partial<Settings> = { ...draft.value };
          delete mine.maxUnlockedMin;
          delete mine.language;
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
