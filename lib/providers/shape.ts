/**
 * Shape tolerance, written once for every provider. Real answers are messier than the
 * docs: a field that is absent, null or of an unexpected type costs that field only, never
 * the row and never the list. A row that cannot be read at all (no id) is counted and its
 * shape (types, never values) kept for a bug report. Ids keep every digit.
 */
import { z } from 'zod';
import { isInteger, isSafeNumber, parse as parseLossless } from 'lossless-json';
import { ProviderError, type ProviderContext } from './types';
import type { CatalogueKey } from '../i18n/catalogue';

/** A value that does not fit its field becomes `undefined` instead of failing what holds it. */
export function lenient<T>(schema: z.ZodType<T>) {
  return schema.optional().catch(undefined);
}

/** Text; a number sent where the docs say String (error_code 111400063) is the same text. */
export const text = lenient(z.union([z.string(), z.number().refine(Number.isFinite).transform(String)]));

/** A count or integer; a numeric string ("2", " 2 ") is the same number (DCS task_count). */
export const count = lenient(
  z.union([z.number().refine(Number.isFinite), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]),
);

/** A boolean; "true"/"false" in any case are the same boolean. */
export const flag = lenient(
  z.union([z.boolean(), z.string().trim().toLowerCase().pipe(z.enum(['true', 'false'])).transform((v) => v === 'true')]),
);

/**
 * An id, always as a string: providers send the same id as a string or a number, and a
 * number beyond 2^53 reaches here as its exact digits (see parseAnswer).
 */
export const id = lenient(
  z.union([z.string().trim().min(1), z.number().refine(Number.isSafeInteger).transform(String)]),
);

/** A list of texts; members of another type are dropped, not the list. */
export const texts = lenient(z.array(z.unknown()).transform((xs) => xs.flatMap((x) => text.parse(x) ?? [])));

/** A nested object of lenient fields; anything but an object becomes `undefined`. */
export function object<S extends z.core.$ZodLooseShape>(shape: S) {
  return lenient(z.looseObject(shape));
}

/** Rows kept raw, to be read one by one with readRows: one bad row must not cost the list. */
export const rowList = lenient(z.array(z.unknown()));

/** Rows that could not be read: how many, and what they looked like (types only). */
export interface Unreadable {
  count: number;
  /** The first few rows' shapes, e.g. `{"id":"null","status":"string"}`; no values, no secrets. */
  shapes: string[];
}

export const NO_UNREADABLE: Unreadable = { count: 0, shapes: [] };

const MAX_SHAPES = 3;

/** The shape of a value for a bug report: its types, its keys, never its values. */
export function shapeOf(value: unknown, depth = 0): unknown {
  if (value === null) return 'null';
  if (Array.isArray(value)) return depth >= 3 ? 'array' : value.slice(0, 2).map((v) => shapeOf(v, depth + 1));
  if (typeof value === 'object') {
    if (depth >= 3) return 'object';
    return Object.fromEntries(Object.entries(value).slice(0, 40).map(([k, v]) => [k.slice(0, 40), shapeOf(v, depth + 1)]));
  }
  return typeof value;
}

/**
 * Reads each row with a schema of lenient fields. A row is kept when it has its id (the
 * field `idKey`); any other row is counted as unreadable, with its shape.
 */
export function readRows<T extends Record<string, unknown>, K extends keyof T>(
  rows: readonly unknown[] | undefined,
  schema: z.ZodType<T>,
  idKey: K,
): { rows: (T & Record<K, string>)[]; unreadable: Unreadable } {
  const kept: (T & Record<K, string>)[] = [];
  let unreadable = 0;
  const shapes: string[] = [];
  for (const raw of rows ?? []) {
    const parsed = schema.safeParse(raw);
    const key = parsed.success ? parsed.data[idKey] : undefined;
    if (parsed.success && typeof key === 'string' && key) {
      kept.push(parsed.data as T & Record<K, string>);
      continue;
    }
    unreadable += 1;
    if (shapes.length < MAX_SHAPES) shapes.push(JSON.stringify(shapeOf(raw)).slice(0, 600));
  }
  return { rows: kept, unreadable: { count: unreadable, shapes } };
}

export function addUnreadable(a: Unreadable, b: Unreadable): Unreadable {
  return { count: a.count + b.count, shapes: [...a.shapes, ...b.shapes].slice(0, MAX_SHAPES) };
}

/** Integers beyond 2^53 stay their exact digits (a string); every other number is a number. */
function keepBigIntegers(digits: string): number | string {
  return isInteger(digits) && !isSafeNumber(digits) ? digits : Number(digits);
}

/**
 * JSON.parse that keeps big integer ids exact and turns a syntax error into a `malformed`
 * ProviderError. A repeated key keeps its last value, as JSON.parse does.
 */
export function parseAnswer(body: string, what: string): unknown {
  try {
    return parseLossless(body, null, { parseNumber: keepBigIntegers, onDuplicateKey: ({ newValue }) => newValue });
  } catch (cause) {
    throw new ProviderError('malformed', `${what}: the answer is not valid JSON`, { cause });
  }
}

/** Tells the engine of unreadable rows (if any): "2 DCS tasks from Prod could not be read". */
export function reportUnreadable(
  ctx: Pick<ProviderContext, 'unreadable'>,
  kind: string,
  /** The sentence, with plural forms, that counts `{n}` unreadable rows from `{account}`. */
  sentence: CatalogueKey,
  accountName: string,
  unreadable: Unreadable,
): void {
  if (unreadable.count === 0) return;
  const n = unreadable.count;
  ctx.unreadable?.({ kind, count: n, message: { id: sentence, n, account: accountName }, shapes: unreadable.shapes });
}

/** Reads each item on its own: an item that is not even an object is dropped, not the page. */
export function readEach<T>(raws: readonly unknown[] | undefined, schema: z.ZodType<T>): T[] {
  return (raws ?? []).flatMap((raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * A provider's word looked up in a table of known words. Own keys only: a word like
 * "constructor" is an unknown word, not Object.prototype's function.
 */
export function known<V>(table: Readonly<Record<string, V>>, word: string | undefined): V | undefined {
  return word !== undefined && Object.hasOwn(table, word) ? table[word] : undefined;
}
