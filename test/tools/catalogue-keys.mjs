// Writes lib/i18n/keys.ts from lib/i18n/locales/en.yml: the message ids in the order of en.yml,
// a plural id's forms (_zero … _other) as one id. Run `node test/tools/catalogue-keys.mjs` after
// adding a key; test/unit/i18n/keys-file.test.ts fails while keys.ts is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** The text keys.ts should hold for this en.yml. */
export function keysSource(englishYaml) {
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
  ].join('\n');
}

export const KEYS_FILE = `${root}lib/i18n/keys.ts`;
export const ENGLISH_FILE = `${root}lib/i18n/locales/en.yml`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(KEYS_FILE, keysSource(readFileSync(ENGLISH_FILE, 'utf8')));
}
