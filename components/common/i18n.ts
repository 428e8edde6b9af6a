/**
 * Strings come from @wxt-dev/i18n (lib/i18n/locales/*.yml). Components read them through
 * this module so tests can install a translator without a browser.
 */
import type { Text, Lang } from '../../lib/providers/types';

export type Translate = (key: string, substitutions?: string[]) => string;

let translate: Translate = (key) => key;
let language: Lang = 'en';

export function setTranslator(fn: Translate, lang: Lang): void {
  translate = fn;
  language = lang;
}

export function t(key: string, ...substitutions: (string | number)[]): string {
  return translate(key, substitutions.length ? substitutions.map(String) : undefined);
}

export const lang = (): Lang => language;

/** Chooses the UI language's half of a provider-supplied Text. */
export const pick = (text: Text): string => (language === 'zh' ? text.zh : text.en);
