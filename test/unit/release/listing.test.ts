/**
 * The store listings are pasted into the stores' description boxes, which keep every line
 * break: a paragraph wrapped at 90 columns shows there as ragged short lines. So each
 * paragraph and each list item is one line.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';

const LISTINGS = readdirSync('assets/store').filter((f) => /^listing\..+\.md$/.test(f));

/** Lines that continue the line above instead of starting a paragraph, item or heading. */
function wrappedLines(markdown: string): string[] {
  const lines = markdown.split('\n');
  return lines.filter((line, i) => {
    const above = lines[i - 1] ?? '';
    return i > 0 && line.trim() !== '' && above.trim() !== '' && !above.startsWith('#') && !/^(#|- )/.test(line);
  });
}

describe('store listings', () => {
  it('exist in English and Simplified Chinese', () => {
    expect(LISTINGS).toEqual(expect.arrayContaining(['listing.en.md', 'listing.zh_CN.md']));
  });

  for (const file of LISTINGS) {
    it(`${file}: every paragraph and list item is one line (not hard-wrapped)`, () => {
      expect(wrappedLines(readFileSync(`assets/store/${file}`, 'utf8'))).toEqual([]);
    });

    it(`${file}: the short description fits the Chrome Web Store's 132 characters`, () => {
      const short = /^## [^\n]*132[^\n]*\n(.+)$/m.exec(readFileSync(`assets/store/${file}`, 'utf8'))?.[1] ?? '';
      expect(short.length).toBeGreaterThan(20);
      expect([...short].length).toBeLessThanOrEqual(132);
    });
  }

  it('a paragraph wrapped over two lines is found', () => {
    expect(wrappedLines('## Description\nBatchwatch is for people who run bulk DNS and\ncache work.\n\n- one item\n- another\n')).toEqual(['cache work.']);
  });
});
