/** Installs the browser's i18n as the components' translator (extension pages only). */
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { setTranslator } from './i18n';

export function useBrowserI18n(): void {
  const uiLang = browser.i18n.getUILanguage().toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const translateAny = i18n.t as unknown as (key: string, substitutions?: string[]) => string;
  setTranslator((key, subs) => translateAny(key, subs), uiLang);
  document.documentElement.lang = uiLang === 'zh' ? 'zh-CN' : 'en';
}
