/**
 * Answers generated from a response model (an SDK's field and type maps, or a doc page's
 * tables): every optional field may be absent, every nullable one null, numbers may come
 * as strings and back, and unknown fields are added. One generator for every provider's
 * conformance tests; the adapters below read each source's own model format.
 */
import fc from 'fast-check';
import { stringify } from 'lossless-json';

export type FieldType = 'string' | 'number' | 'boolean' | { object: Model } | { array: FieldType };

export interface Field {
  type: FieldType;
  /** May be absent (the SDK model marks it optional). */
  optional: boolean;
  /** May be null (Tencent's "此字段可能返回 null"; every Huawei and Alibaba field). */
  nullable: boolean;
  /** Values this field takes instead of arbitrary ones (ids, status words the test needs). */
  values?: fc.Arbitrary<unknown>;
}

export type Model = Record<string, Field>;

const unknownField = fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }).map((k) => `X_${k}`), value: fc.jsonValue({ maxDepth: 2 }) });

/** A value of the declared type, or the same value in the other JSON type where that is how it is seen. */
function valueOf(type: FieldType): fc.Arbitrary<unknown> {
  if (type === 'string') return fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: 0, max: 99999 }));
  if (type === 'number') return fc.oneof(fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 0, max: 100000 }).map(String));
  if (type === 'boolean') return fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'));
  if ('object' in type) return answerOf(type.object);
  return fc.array(valueOf(type.array), { maxLength: 4 });
}

/** One answer of the model, as the object it would parse to. */
export function answerOf(model: Model): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(model).map(([name, field]) => {
    const options: fc.Arbitrary<unknown>[] = [field.values ?? valueOf(field.type)];
    if (field.nullable) options.push(fc.constant(null));
    if (field.optional) options.push(fc.constant(ABSENT));
    return fc.tuple(fc.constant(name), fc.oneof(...options));
  });
  return fc.tuple(fc.tuple(...entries), fc.array(unknownField, { maxLength: 2 })).map(([pairs, extras]) => {
    const out: Record<string, unknown> = {};
    for (const { key, value } of extras) out[key] = value;
    for (const [name, value] of pairs) if (value !== ABSENT) out[name] = value;
    return out;
  });
}

const ABSENT = Symbol('absent');

/** JSON text as a server writes it: bigint values become numbers with every digit. */
export const toJson = (value: unknown): string => stringify(value) ?? 'null';

/** An id the way providers send it: a small number, a number beyond 2^53, or digits as a string. */
export const integerId = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 31 }).map((n) => ({ sent: n as unknown, expected: String(n) })),
  fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 19n }).map((n) => ({ sent: n as unknown, expected: n.toString() })),
  fc.integer({ min: 1, max: 2 ** 31 }).map((n) => ({ sent: String(n) as unknown, expected: String(n) })),
);

/** A fetch that answers every request with this text. */
export const answering = (body: string): typeof fetch => async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });

// ---- adapters ------------------------------------------------------------------------------

interface TeaModel {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

/**
 * An Alibaba SDK (Tea) model from its own `names()` (property → wire name) and `types()`
 * (property → 'string' | 'number' | 'boolean' | a model class | {type:'array', itemType}).
 * Every field of these models is optional, and the service may send null.
 */
export function fromTeaModel(model: TeaModel): Model {
  const names = model.names();
  const types = model.types();
  const typeOf = (t: unknown): FieldType => {
    if (t === 'string' || t === 'number' || t === 'boolean') return t;
    if (typeof t === 'function') return { object: fromTeaModel(t as unknown as TeaModel) };
    if (t && typeof t === 'object' && (t as { type?: unknown }).type === 'array') return { array: typeOf((t as { itemType: unknown }).itemType) };
    throw new Error(`unknown Tea type ${String(t)}`);
  };
  return Object.fromEntries(Object.entries(names).map(([prop, wire]) => [wire, { type: typeOf(types[prop]), optional: true, nullable: true }]));
}

/**
 * A Tencent SDK interface from its .d.ts: `Name?: type;` is optional, a doc comment with
 * "可能返回 null" is nullable, `Array<Other>` refers to another interface of the file.
 */
export function fromTencentDts(dts: string, name: string): Model {
  const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1];
  if (!body) throw new Error(`interface ${name} not found`);
  const model: Model = {};
  for (const m of body.matchAll(/\/\*\*([\s\S]*?)\*\/\s*(\w+)(\?)?: ([^;]+);/g)) {
    const [, comment = '', field = '', optional, declared = ''] = m;
    const array = /^Array<(\w+)>$/.exec(declared.trim());
    const type: FieldType = array ? { array: array[1] === 'string' || array[1] === 'number' ? array[1] : { object: fromTencentDts(dts, array[1]!) } } : declared.trim() === 'number' ? 'number' : declared.trim() === 'boolean' ? 'boolean' : 'string';
    model[field] = { type, optional: optional === '?', nullable: comment.includes('可能返回 null') };
  }
  return model;
}

/** Replaces some fields' generators (ids, status words) and keeps the rest of the model. */
export function withValues(model: Model, values: Record<string, fc.Arbitrary<unknown>>, required: readonly string[] = []): Model {
  const out: Model = {};
  for (const [name, field] of Object.entries(model)) {
    out[name] = { ...field, ...(values[name] ? { values: values[name] } : {}), ...(required.includes(name) ? { optional: false, nullable: false } : {}) };
  }
  return out;
}
