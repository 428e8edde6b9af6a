import { browser } from 'wxt/browser';
import { matchLang, tagOf, type Lang } from '../../lib/i18n/lang';
import { isLanguageChoice, type LanguageChoice } from '../../lib/settings/language';

/** The browser's UI language, as far as Batchwatch speaks it (English otherwise). */
export const browserLang = (): Lang => matchLang(browser.i18n.getUILanguage());

/**
 * Where pages keep the user's choice for their first frame: the stored setting is only read
 * asynchronously, and a page painted in one language and then another would flicker.
 * The extension's own localStorage: no web page or content script reads it.
 */
const CHOICE_KEY = 'uiLanguage';

export function rememberChoice(choice: LanguageChoice): void {
  try {
    localStorage.setItem(CHOICE_KEY, choice);
  } catch {
    // No localStorage: the page follows the setting once it has read it.
  }
}

function rememberedChoice(): LanguageChoice {
  try {
    const stored = localStorage.getItem(CHOICE_KEY);
    return isLanguageChoice(stored) ? stored : 'auto';
  } catch {
    return 'auto';
  }
}

/** The language a choice means here. */
export const langOf = (choice: LanguageChoice): Lang => (choice === 'auto' ? browserLang() : choice);

/** The language extension pages speak before they have read the setting. */
export const uiLang = (): Lang => langOf(rememberedChoice());

/** What `<html lang>` says for it (screen readers and CJK font choice read it). */
export const htmlLang = (lang: Lang): string => tagOf(lang);
