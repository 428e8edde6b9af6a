/** The keyboard shortcut that opens the popup, as the browser names it, and where to change it. */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t } from '../common/i18n';
import type { OptionsIntents } from './intents';

export function ShortcutSection({ intents, browserName }: { intents: OptionsIntents; browserName: 'chrome' | 'firefox' }) {
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
