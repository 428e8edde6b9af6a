import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES, parseCatalogue, PLURAL_CATEGORIES, render, type CatalogueKey } from '../../../lib/i18n/catalogue';
import { CATALOGUE_KEYS } from '../../../lib/i18n/keys';
import type { Lang } from '../../../lib/providers/types';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const langs = Object.keys(LOCALES) as Lang[];
const PLURAL_SUFFIX = new RegExp(`_(${PLURAL_CATEGORIES.join('|')})$`);

/** Message id → its texts (one, or one per plural form) in a locale. */
function idsOf(lang: Lang): Map<string, Record<string, string>> {
  const ids = new Map<string, Record<string, string>>();
  for (const [key, text] of Object.entries(parseCatalogue(LOCALES[lang].text))) {
    const form = PLURAL_SUFFIX.exec(key)?.[1] ?? '';
    const id = form ? key.slice(0, -form.length - 1) : key;
    ids.set(id, { ...ids.get(id), [form]: text });
  }
  return ids;
}

const parametersOf = (texts: Record<string, string>): string[] =>
  [...new Set(Object.values(texts).flatMap((text) => [...text.matchAll(/\{(\w+)\}|\$(\d)/g)].map((m) => m[1] ?? `$${m[2]}`)))].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the catalogue', () => {
  const english = idsOf('en');

  it.each(langs)('%s has every message id English has, and no other', (lang) => {
    expect([...idsOf(lang).keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(langs)('%s gives a plural message exactly the forms its plural rules choose from', (lang) => {
    const categories = new Intl.PluralRules(LOCALES[lang].tag).resolvedOptions().pluralCategories;
    for (const [id, texts] of idsOf(lang)) {
      const forms = Object.keys(texts).sort();
      const plural = Object.keys(english.get(id) ?? {}).some((form) => form !== '');
      expect({ id, forms }).toEqual({ id, forms: plural ? [...categories].sort() : [''] });
    }
  });

  it.each(langs.filter((l) => l !== 'en'))('%s names the same parameters as English in every message', (lang) => {
    for (const [id, texts] of idsOf(lang)) expect({ id, parameters: parametersOf(texts) }).toEqual({ id, parameters: parametersOf(english.get(id)!) });
  });

  it('gives the code one typed id for each message, in the order of en.yml', () => {
    expect([...CATALOGUE_KEYS]).toEqual([...english.keys()]);
  });

  it('holds no message the code never names', () => {
    const code = ['lib', 'components', 'entrypoints']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((file) => !file.endsWith(join('lib', 'i18n', 'keys.ts')))
      .concat(join(root, 'wxt.config.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = [...english.keys()].filter((id) => !code.includes(`'${id}'`) && !code.includes(`__MSG_${id}__`));
    expect(unused).toEqual([]);
  });

  it('refuses a locale line it cannot read rather than show it broken', () => {
    expect(parseCatalogue('# a comment\n\nok: "fine"\n')).toEqual({ ok: 'fine' });
    expect(() => parseCatalogue('ok: "fine"\nbroken: unquoted\n')).toThrow(/line 2/);
  });
});

describe('rendering a message', () => {
  it('chooses the plural form by the language’s own rules', () => {
    expect(render({ id: 'exported', n: 1 }, 'en')).toBe('Exported 1 account, without keys.');
    expect(render({ id: 'exported', n: 2 }, 'en')).toBe('Exported 2 accounts, without keys.');
    expect(render({ id: 'exported', n: 0 }, 'en')).toBe('Exported 0 accounts, without keys.');
    expect(render({ id: 'exported', n: 1 }, 'zh')).toBe('已导出 1 个账号，不含密钥。');
  });

  it('writes numbers the way the language does', () => {
    expect(render({ id: 'focusedTasks', n: 12_345 }, 'en')).toBe('Showing 12,345 tasks from a notification.');
    expect(render({ id: 'untrackedIds', n: 3, console: 'DNSPod' }, 'zh')).toContain('在 DNSPod 上看到的 3 个任务 ID');
  });

  it('fills positional parameters, and leaves one that was not given visible', () => {
    expect(render({ id: 'progress', 1: 3, 2: 10 }, 'en')).toBe('3 of 10 done');
    expect(render({ id: 'progress', 1: 3 }, 'en')).toBe('3 of $2 done');
  });

  it('falls back to the id rather than to nothing', () => {
    expect(render({ id: 'no such id' as CatalogueKey }, 'zh')).toBe('no such id');
  });
});
