import { setLang } from '../../../components/common/i18n';

/** The components speak one locale of the catalogue the extension ships. */
export function useLocaleStrings(locale: 'en' | 'zh_CN'): void {
  setLang(locale === 'en' ? 'en' : 'zh');
}

export const useEnglishStrings = (): void => useLocaleStrings('en');
