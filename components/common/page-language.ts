/** The language an extension page speaks: the user's choice, followed as soon as it changes. */
import type { LanguageChoice } from '../../lib/settings/language';
import { setLang } from './i18n';
import { htmlLang, langOf, rememberChoice, uiLang } from './ui-lang';

function speak(lang: ReturnType<typeof uiLang>): void {
  setLang(lang);
  document.documentElement.lang = htmlLang(lang);
}

/** Before the setting is read: the choice this page remembered last time. */
export function useRememberedLanguage(): void {
  speak(uiLang());
}

/** The stored setting, whenever a page reads it: every word on the page follows. */
export function followLanguage(choice: LanguageChoice): void {
  rememberChoice(choice);
  speak(langOf(choice));
}
