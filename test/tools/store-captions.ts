/**
 * The store screenshots' one-line captions (assets/store/captions.<locale>.md), read by
 * `npm run demo` as it writes the screenshots and by the unit test that keeps them complete.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The store screenshots, in the stores' order, as test/demo.ts names their files (`<name>-<lang>.png`). */
export const STORE_SCREENSHOTS = ['screenshot-1-popup', 'screenshot-2-console-panel', 'screenshot-3-options'] as const;
export type StoreScreenshot = (typeof STORE_SCREENSHOTS)[number];

/** The caption file of a screenshot language (the demo's browser locale). */
export const CAPTION_LOCALES: Record<string, string> = { 'en-US': 'en', 'zh-CN': 'zh_CN' };

/** `- <name>: <caption>` lines, by name; anything else in the file is its heading and notes. */
export function parseCaptions(markdown: string): Map<string, string> {
  const captions = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const m = /^- (screenshot-[\w-]+): (.+)$/.exec(line.trim());
    if (m) captions.set(m[1]!, m[2]!.trim());
  }
  return captions;
}

export function captionFile(locale: string, root = process.cwd()): string {
  return path.join(root, 'assets/store', `captions.${locale}.md`);
}

/** Each store screenshot's caption in the demo language `lang` (en-US, zh-CN); throws when one is missing. */
export function storeCaptions(lang: string, root = process.cwd()): Record<StoreScreenshot, string> {
  const locale = CAPTION_LOCALES[lang];
  if (!locale) throw new Error(`No caption file for the screenshot language ${lang}`);
  const captions = parseCaptions(readFileSync(captionFile(locale, root), 'utf8'));
  const missing = STORE_SCREENSHOTS.filter((name) => !captions.get(name));
  if (missing.length) throw new Error(`${path.relative(root, captionFile(locale, root))} has no caption for ${missing.join(', ')}`);
  return Object.fromEntries(STORE_SCREENSHOTS.map((name) => [name, captions.get(name)!])) as Record<StoreScreenshot, string>;
}
