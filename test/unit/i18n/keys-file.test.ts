import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ENGLISH_FILE, KEYS_FILE, keysSource } from '../../tools/catalogue-keys.mjs';

describe('lib/i18n/keys.ts', () => {
  it('is what test/tools/catalogue-keys.mjs writes from en.yml (run it after adding a key)', () => {
    expect(readFileSync(KEYS_FILE, 'utf8')).toBe(keysSource(readFileSync(ENGLISH_FILE, 'utf8')));
  });

  it('lists a plural message once, in the place of its first form', () => {
    const source = keysSource('a: "x"\nb_one: "{n} b"\nb_other: "{n} bs"\nc: "y"\n');
    expect(source).toContain("  'a',\n  'b',\n  'c',\n] as const;");
  });
});
