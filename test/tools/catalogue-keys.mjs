// Writes lib/i18n/keys.ts from lib/i18n/locales: the message ids in the order of en.yml (a
// plural id's forms, _zero … _other, as one id) and the languages, one per locale file. Run `node test/tools/catalogue-keys.mjs` after
// adding a key; test/unit/i18n/keys-file.test.ts fails while keys.ts is stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * The languages, one per locale file: `zh_CN.yml` is the language `zh`, tagged `zh-CN` for
 * Intl and `<html lang>` (WXT names Chrome's _locales folders after the file the same way).
 */
export function languagesOf(files) {
  return files
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((file) => {
      const stem = file.slice(0, -'.yml'.length);
      return { lang: stem.split('_')[0].toLowerCase(), file, tag: stem.replace('_', '-') };
    });
}

/** The text keys.ts should hold for this en.yml and these locale files. */
export function keysSource(englishYaml, localeFiles = ['en.yml']) {
  const ids = [];
  for (const line of englishYaml.split('\n')) {
    const key = /^(\w+):/.exec(line)?.[1];
    if (!key) continue;
    const id = key.replace(PLURAL, '');
    if (!ids.includes(id)) ids.push(id);
  }
  return [
    '/**',
    ' * Every message id of the catalogue, so that code naming one is checked by the compiler.',
    ' * Written by test/tools/catalogue-keys.mjs from en.yml, in its order; do not edit by hand.',
    ' */',
    'export const CATALOGUE_KEYS = [',
    ...ids.map((id) => `  '${id}',`),
    '] as const;',
    '',
    'export type CatalogueKey = (typeof CATALOGUE_KEYS)[number];',
    '',
    '/** The languages, one per file of lib/i18n/locales: adding a language is adding its file. */',
    'export const LANGUAGES = {',
    ...languagesOf(localeFiles).map(({ lang, file, tag }) => `  ${lang}: { file: '${file}', tag: '${tag}' },`),
    '} as const;',
    '',
    'export type Lang = keyof typeof LANGUAGES;',
    '',
  ].join('\n');
}

export const KEYS_FILE = `${root}lib/i18n/keys.ts`;
export const LOCALES_DIR = `${root}lib/i18n/locales`;
export const ENGLISH_FILE = `${LOCALES_DIR}/en.yml`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(KEYS_FILE, keysSource(readFileSync(ENGLISH_FILE, 'utf8'), readdirSync(LOCALES_DIR)));
}
