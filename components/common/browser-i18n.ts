/** Installs the browser's i18n as the components' translator (extension pages only). */
// @wxt-dev/i18n directly rather than its generated `#i18n`: `wxt prepare` loads the popup's
// app to read its options before it has generated `#i18n` (a fresh clone would not install).
import { createI18n } from '@wxt-dev/i18n';
import { setTranslator } from './i18n';
import { htmlLang, uiLang } from './ui-lang';

export function useBrowserI18n(): void {
  const lang = uiLang();
  const translateAny = createI18n().t as unknown as (key: string, substitutions?: string[]) => string;
  setTranslator((key, subs) => translateAny(key, subs), lang);
  document.documentElement.lang = htmlLang(lang);
}
