/** Installs the browser's i18n as the components' translator (extension pages only). */
import { i18n } from '#i18n';
import { setTranslator } from './i18n';
import { htmlLang, uiLang } from './ui-lang';

export function useBrowserI18n(): void {
  const lang = uiLang();
  const translateAny = i18n.t as unknown as (key: string, substitutions?: string[]) => string;
  setTranslator((key, subs) => translateAny(key, subs), lang);
  document.documentElement.lang = htmlLang(lang);
}
