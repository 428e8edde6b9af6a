/**
 * Stored failed items are read back with the shape and caps they were written with
 * (`writeFailedItems`: at most MAX_STORED_FAILED_ITEMS, each cut by `boundedFailedItem`).
 * Content scripts can write storage.local where the browser cannot restrict it (Firefox), so
 * a planted set (wrong types, oversized strings, 50,000 items) would otherwise be served
 * whole in a reply. A set that could not have been written here reads as absent: the caller
 * fetches it again from the provider and overwrites it.
 */
import { z } from 'zod';
import { MAX_ERROR_CODE_LENGTH, MAX_ERROR_MESSAGE_LENGTH, MAX_FAILED_ITEM_FIELD_LENGTH, MAX_FAILED_ITEM_FIELDS, type FailedItem, type Reason } from '../providers/types';
import { wordsSchema, type Words } from '../i18n/words';

/** One task's failures can be 10,000 items; more than this are not kept (the view says so). */
export const MAX_STORED_FAILED_ITEMS = 10_000;

/** Every text a message holds, its parameters' and those of the messages among them. */
const textsOf = (words: Words): string[] => Object.values(words).flatMap((v: string | number | Words): string[] => (typeof v === 'string' ? [v] : typeof v === 'object' ? textsOf(v) : []));

/**
 * A reason (or a name) as `boundedFailedItem` writes it: text, or a catalogue message (never the older
 * two-language pair, which no failed item was ever stored as) whose every text is cut as text is.
 * The message's id, parameter count and depth are the catalogue's own checks (wordsSchema).
 */
const reasonSchema: z.ZodType<Reason, unknown> = z.union([
  z.string().max(MAX_ERROR_MESSAGE_LENGTH),
  wordsSchema
    .refine((words) => 'id' in words && textsOf(words).every((text) => text.length <= MAX_ERROR_MESSAGE_LENGTH))
    .transform((words) => words as Extract<Reason, object>),
]);

const storedFailedItemSchema = z.object({
  // A name takes the reason's shape and caps: the provider's text, or Batchwatch's placeholder message.
  item: reasonSchema,
  code: z.string().max(MAX_ERROR_CODE_LENGTH).optional(),
  message: reasonSchema,
  fields: z
    .record(z.string().max(MAX_ERROR_CODE_LENGTH), z.string().max(MAX_FAILED_ITEM_FIELD_LENGTH))
    .refine((fields) => Object.keys(fields).length <= MAX_FAILED_ITEM_FIELDS)
    .optional(),
});

/** What was read under a task's failed-items key, if `writeFailedItems` could have written it; else null. */
export function storedFailedItems(raw: unknown): FailedItem[] | null {
  // The length first: a planted array of millions is refused before any item is looked at.
  if (!Array.isArray(raw) || raw.length > MAX_STORED_FAILED_ITEMS) return null;
  const parsed = z.array(storedFailedItemSchema).safeParse(raw);
  return parsed.success ? parsed.data : null;
}
