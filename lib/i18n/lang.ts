/** The languages Batchwatch speaks, one per locale file (listed in keys.ts, which is generated). */
import { LANGUAGES, type Lang } from './keys';

export type { Lang };

/** The BCP 47 tag of a language, for Intl formatters and `<html lang>`. */
export const tagOf = (lang: Lang): string => LANGUAGES[lang].tag;

/**
 * The language Batchwatch speaks for a browser's language tag: the same tag, else the same
 * language (zh-TW finds zh-CN rather than nothing), else English.
 */
export function matchLang(tag: string): Lang {
  const wanted = tag.toLowerCase().replace('_', '-');
  const langs = Object.keys(LANGUAGES) as Lang[];
  return langs.find((l) => LANGUAGES[l].tag.toLowerCase() === wanted) ?? langs.find((l) => wanted.split('-')[0] === l) ?? 'en';
}
