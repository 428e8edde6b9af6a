/**
 * Words as lib/ hands them on and as they are stored: a catalogue message (an id with its
 * parameters), put into words only when a surface shows it, in the language it speaks then.
 * Installs from before the catalogue stored both languages' sentences (`{ en, zh }`); those
 * are still read and shown as they were, so nothing stored is lost.
 */
import { z } from 'zod';
import type { Lang } from './lang';
import { LOCALES, render, type Message } from './catalogue';
import { CATALOGUE_KEYS, type CatalogueKey } from './keys';

/** The shape stored before the catalogue: one sentence per language. */
export interface LegacyText {
  en: string;
  zh: string;
}

export type Words = Message | LegacyText;

const isLegacy = (words: Words): words is LegacyText => !('id' in words) && typeof (words as Partial<LegacyText>).en === 'string';

/** The words in `lang`. */
export function say(words: Words, lang: Lang): string {
  return isLegacy(words) ? (lang === 'zh' ? words.zh : words.en) : render(words, lang);
}

/**
 * A task's label: data the user recognises as it is (a zone, a BatchType code, a DCS
 * command), or words (a message). Installs from before stored words as a string in the
 * language of the day; those stay as they were.
 */
export type Label = string | Words;

/** The label in `lang`. */
export const sayLabel = (label: Label, lang: Lang): string => (typeof label === 'string' ? label : say(label, lang));

/** The label in every language, so that a search finds a task by the words of any of them. */
export const labelInEveryLanguage = (label: Label): string =>
  typeof label === 'string' ? label : (Object.keys(LOCALES) as Lang[]).map((lang) => say(label, lang)).join('\n');

const KNOWN = new Set<string>(CATALOGUE_KEYS);
/** What a stored message that names no id of this version says (written by a newer version, or tampered with). */
export const UNKNOWN_MESSAGE: Message = { id: 'unknownMessage' };

const text = z.string().max(2_000);
const flatParam = z.union([text, z.number().finite()]);
const MAX_PARAMS = 12;
/**
 * A message may hold messages (a provider's name in an error sentence, that sentence beside the
 * provider's code), a few levels deep and no deeper: stored values are untrusted.
 */
const MAX_DEPTH = 3;
const messageAt = (depth: number): z.ZodType<{ id: string } & Record<string, unknown>> => {
  const param = depth > 1 ? z.union([flatParam, z.lazy(() => messageAt(depth - 1))]) : flatParam;
  return z
    .object({ id: z.string().max(100) })
    .catchall(param)
    .refine((m) => Object.keys(m).length <= MAX_PARAMS + 1);
};

const known = (id: string): id is CatalogueKey => KNOWN.has(id);

function checked(raw: { id: string } & Record<string, unknown>): Message {
  if (!known(raw.id)) return UNKNOWN_MESSAGE;
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'id') continue;
    if (typeof value === 'object' && value !== null) params[name] = checked(value as { id: string });
    else params[name] = value;
  }
  return { ...(params as Omit<Message, 'id'>), id: raw.id };
}

/**
 * Stored words, checked when read: a message with an id this version does not know becomes a
 * sentence saying so, never a crash; the old `{ en, zh }` pair is kept as it is.
 */
export const wordsSchema: z.ZodType<Words, unknown> = z.union([
  z.object({ en: text, zh: text }).strict(),
  messageAt(MAX_DEPTH).transform((m) => checked(m)),
]);

/** A stored label: a string, or words; anything else is no label rather than a broken row. */
export const labelSchema: z.ZodType<Label, unknown> = z.union([text, wordsSchema]);
