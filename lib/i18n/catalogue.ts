/**
 * Every word a user reads, by message id, in each language: the locale files the manifest
 * also gets its name from (lib/i18n/locales/*.yml), bundled so a page can speak the language
 * the user chose rather than only the browser's (browser.i18n answers in the browser's alone).
 *
 * A message is an id with parameters, `{ id: 'exported', n: 3 }`; `render` turns it into words.
 * A parameter stands in the text as `{name}` (or `$1`, `$2` for the older positional ones).
 * An id with plural forms has one key per CLDR category the language uses (`exported_one`,
 * `exported_other`), chosen by Intl.PluralRules from its `n`; numbers are written by
 * Intl.NumberFormat. Adding a language is adding its locale file (and running npm run i18n:keys).
 */
import { LANGUAGES, type CatalogueKey, type Lang } from './keys';

/** Every locale file's text: a new file is bundled without a line here. */
const TEXTS = import.meta.glob<string>('./locales/*.yml', { query: '?raw', import: 'default', eager: true });

export type { CatalogueKey } from './keys';

/** A parameter is a value, or a message of its own (a provider's name inside an error sentence). */
export interface Params {
  [name: string]: string | number | Message;
}
/** Something to say, not yet in words: what lib/ may hand the UI and what may be stored. */
export type Message = { id: CatalogueKey } & Params;

/** The CLDR plural categories, the suffixes of a plural id's keys. */
export const PLURAL_CATEGORIES: readonly Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** The locale files' text, by language, and the BCP 47 tag Intl and `<html lang>` get. */
export const LOCALES = Object.fromEntries(
  (Object.keys(LANGUAGES) as Lang[]).map((lang) => [lang, { ...LANGUAGES[lang], text: TEXTS[`./locales/${LANGUAGES[lang].file}`] ?? '' }]),
) as Record<Lang, { file: string; text: string; tag: string }>;

/**
 * The locale files hold one `key: "JSON string"` a line (what WXT's YAML reader and this one
 * agree on); anything else is refused here rather than shown as a broken sentence.
 */
export function parseCatalogue(text: string): Record<string, string> {
  const table: Record<string, string> = {};
  text.split('\n').forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const m = /^(\w+): (".*")\s*$/.exec(line);
    if (!m) throw new Error(`Locale file line ${i + 1} is not \`key: "text"\`.`);
    table[m[1]!] = JSON.parse(m[2]!) as string;
  });
  return table;
}

interface Language {
  table: Record<string, string>;
  plural: Intl.PluralRules;
  number: Intl.NumberFormat;
}
const languages = new Map<Lang, Language>();

function language(lang: Lang): Language {
  let l = languages.get(lang);
  if (!l) {
    const tag = LOCALES[lang].tag;
    l = { table: parseCatalogue(LOCALES[lang].text), plural: new Intl.PluralRules(tag), number: new Intl.NumberFormat(tag) };
    languages.set(lang, l);
  }
  return l;
}

/** The BCP 47 tag of a language, for Intl formatters and `<html lang>`. */
export const localeTag = (lang: Lang): string => LOCALES[lang].tag;

function template(l: Language, id: string, params: Params): string | undefined {
  const n = params.n;
  if (typeof n === 'number') {
    const form = l.table[`${id}_${l.plural.select(n)}`] ?? l.table[`${id}_other`];
    if (form !== undefined) return form;
  }
  return l.table[id];
}

/** The message in words, in `lang`; English when that language lacks it, the id when both do. */
export function render(message: Message, lang: Lang): string {
  const { id, ...params } = message;
  const l = language(lang);
  const text = template(l, id, params) ?? template(language('en'), id, params) ?? id;
  const word = (name: string, whole: string): string => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'object') return render(value, lang);
    return typeof value === 'number' ? l.number.format(value) : value;
  };
  return text.replace(/\{(\w+)\}|\$(\d)/g, (whole, named: string | undefined, position: string | undefined) => word(named ?? position!, whole));
}
