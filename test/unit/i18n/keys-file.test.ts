import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { ENGLISH_FILE, KEYS_FILE, keysSource, languagesOf, LOCALES_DIR } from '../../tools/catalogue-keys.mjs';
import { LOCALES } from '../../../lib/i18n/catalogue';
import { LANGUAGES } from '../../../lib/i18n/keys';

describe('lib/i18n/keys.ts', () => {
  it('is what test/tools/catalogue-keys.mjs writes from en.yml (run it after adding a key)', () => {
    expect(readFileSync(KEYS_FILE, 'utf8')).toBe(keysSource(readFileSync(ENGLISH_FILE, 'utf8'), readdirSync(LOCALES_DIR)));
  });

  it('lists a plural message once, in the place of its first form', () => {
    const source = keysSource('a: "x"\nb_one: "{n} b"\nb_other: "{n} bs"\nc: "y"\n');
    expect(source).toContain("  'a',\n  'b',\n  'c',\n] as const;");
  });
});

describe('the languages', () => {
  it('are the locale files, and nothing else: adding a language is adding lib/i18n/locales/<lang>.yml', () => {
    const files = readdirSync(LOCALES_DIR).filter((f) => f.endsWith('.yml')).sort();
    expect(Object.values(LANGUAGES).map((l) => l.file).sort()).toEqual(files);
    expect(Object.keys(LOCALES).sort()).toEqual(Object.keys(LANGUAGES).sort());
    expect(Object.values(LOCALES).every((l) => l.text.length > 0)).toBe(true);
  });

  it('take their id and tag from the file name, and a new file is a new language', () => {
    expect(languagesOf(['zh_CN.yml', 'en.yml', 'README.md', 'fr.yml'])).toEqual([
      { lang: 'en', file: 'en.yml', tag: 'en' },
      { lang: 'fr', file: 'fr.yml', tag: 'fr' },
      { lang: 'zh', file: 'zh_CN.yml', tag: 'zh-CN' },
    ]);
    expect(keysSource('a: "x"\n', ['en.yml', 'fr.yml'])).toContain("  fr: { file: 'fr.yml', tag: 'fr' },");
  });

  it('have no two files with one id', () => {
    const ids = languagesOf(readdirSync(LOCALES_DIR)).map((l) => l.lang);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
