/** Installs the browser's i18n as the components' translator (extension pages only). */
// browser.i18n itself rather than @wxt-dev/i18n's createI18n: the pages use positional
// substitutions only, and that package (a peer of wxt) would put the whole build chain in
// the production dependency tree for a wrapper around this one call.
import { browser } from 'wxt/browser';
import { setTranslator } from './i18n';
import { htmlLang, uiLang } from './ui-lang';

/** getMessage with any key: the keys are the locale files' (checked by the components' tests), not WXT's generated list. */
interface AnyKeyI18n {
  getMessage(key: string, substitutions?: string[]): string;
}

export function useBrowserI18n(): void {
  const i18n = browser.i18n as unknown as AnyKeyI18n;
  setTranslator((key, subs) => (subs?.length ? i18n.getMessage(key, subs) : i18n.getMessage(key)), uiLang());
  document.documentElement.lang = htmlLang(uiLang());
}
