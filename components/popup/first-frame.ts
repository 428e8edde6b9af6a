/**
 * The popup's first frame: what its first screen showed last time, kept so the next open
 * can paint it before the app has loaded. Only the entrypoints touch storage and the page.
 */
import type { Lang } from '../../lib/providers/types';
import { POPUP_FIRST_FRAME_SCHEMA } from '../../lib/popup/snapshot';
import { buildDom, recordDom } from '../common/dom-snapshot';

/** The id of the element the first frame is painted into (the app removes it when it renders). */
export const FIRST_FRAME_ID = 'first-frame';

interface StoredFirstFrame {
  schema: number;
  lang: Lang;
  root: unknown;
}

/**
 * The stored form of what `root` shows on a screen `screenHeight` pixels tall, or undefined
 * when it is too big to keep. Relative times are left empty: by the next open they are stale.
 */
export function recordFirstFrame(root: Element, lang: Lang, screenHeight: number): string | undefined {
  const recorded = recordDom(root, { maxTop: screenHeight, skipTextOf: (element) => element.tagName === 'TIME' });
  if (recorded === undefined) return undefined;
  const stored: StoredFirstFrame = { schema: POPUP_FIRST_FRAME_SCHEMA, lang, root: recorded };
  return JSON.stringify(stored);
}

/** The first frame built from its stored form, when it is this version's and in this language. */
export function buildFirstFrame(stored: string | null, lang: Lang, doc: Document): Element | undefined {
  if (!stored) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const frame = parsed as Partial<StoredFirstFrame>;
  if (frame.schema !== POPUP_FIRST_FRAME_SCHEMA || frame.lang !== lang) return undefined;
  return buildDom(frame.root, doc);
}
