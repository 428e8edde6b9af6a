/**
 * Every store screenshot has a one-line caption in both languages (issue 31), and nothing is
 * captioned that the demo does not write.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CAPTION_LOCALES, captionFile, parseCaptions, STORE_SCREENSHOTS, storeCaptions } from '../../tools/store-captions';

describe('store screenshot captions', () => {
  for (const [lang, locale] of Object.entries(CAPTION_LOCALES)) {
    it(`captions.${locale}.md: one caption for each screenshot the demo writes, and no other`, () => {
      const captions = parseCaptions(readFileSync(captionFile(locale), 'utf8'));
      expect([...captions.keys()]).toEqual([...STORE_SCREENSHOTS]);
      const byName = storeCaptions(lang);
      for (const name of STORE_SCREENSHOTS) {
        // One line, short enough to read under a screenshot.
        expect(byName[name], name).not.toMatch(/\n/);
        expect([...byName[name]].length, name).toBeLessThanOrEqual(200);
      }
    });
  }

  it('a screenshot without a caption stops the demo', () => {
    expect(() => storeCaptions('fr-FR')).toThrow(/No caption file/);
    expect(parseCaptions('# Captions\n\n- screenshot-1-popup: The popup\nnot a caption\n- screenshot-9: \n')).toEqual(new Map([['screenshot-1-popup', 'The popup']]));
  });
});
