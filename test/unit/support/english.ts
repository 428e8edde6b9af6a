import { readFileSync } from 'node:fs';
import { setTranslator } from '../../../components/common/i18n';

/** Installs the real strings of one locale, read from the locale file the extension ships. */
export function useLocaleStrings(locale: 'en' | 'zh_CN'): void {
  const messages: Record<string, string> = {};
  for (const line of readFileSync(`lib/i18n/locales/${locale}.yml`, 'utf8').split('\n')) {
    const m = /^(\w+): (".*")$/.exec(line);
    if (m) messages[m[1]!] = JSON.parse(m[2]!) as string;
  }
  setTranslator((key, subs) => (subs ?? []).reduce((s, v, i) => s.replace(`$${i + 1}`, v), messages[key] ?? key), locale === 'en' ? 'en' : 'zh');
}

export const useEnglishStrings = (): void => useLocaleStrings('en');
