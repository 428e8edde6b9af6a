/**
 * Failures grouped by what went wrong rather than by the exact words: a provider that puts
 * the failing value in its message ("300.300.1.1 is not an IPv4 address") would otherwise
 * give one group per value. Pure functions: the panel only renders the result.
 */

/** The part of a provider's failed item that grouping reads (console code never sees a provider's types). */
export interface Failure {
  code?: string;
  message: string;
}

/** What a masked value is replaced with; visible in a group's pattern, never in an export. */
export const MASKS = { text: '‹text›', ip: '‹ip›', name: '‹name›', id: '‹id›', number: '‹n›' } as const;

/**
 * The masks, in the order they run: quoted text first (a quoted IP is one value, not an IP
 * inside quotes), then addresses before names and numbers (an IPv4 address is also four
 * numbers), ids before numbers (a hex id is mostly digits).
 */
const MASKERS: readonly (readonly [RegExp, string])[] = [
  // "…", '…', “…”, ‘…’, 「…」, 『…』, `…`: whatever a provider quotes is a value.
  [/"[^"\n]*"|'[^'\n]*'|“[^”\n]*”|‘[^’\n]*’|「[^」\n]*」|『[^』\n]*』|`[^`\n]*`/g, MASKS.text],
  // Dotted quads of any size (the invalid ones are exactly what these messages quote), with an optional
  // prefix length; not the start of a name ("0.0.0.0-a.example" is a name).
  [/(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,3})?(?![\w-]|\.\w)/g, MASKS.ip],
  // IPv6: at least two colons between hex groups, "::" allowed.
  [/(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?:\/\d{1,3})?(?![\w:-]|\.\w)/gi, MASKS.ip],
  // Domain names: dot-separated labels ending in a letter-only label, "*." and a root dot allowed;
  // an address's local part ("admin@") goes with it.
  [/(?<![\w.@-])(?:[\w-]+@)?(?:\*\.)?(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z]{2,63}\.?(?![\w-]|\.\w)/gi, MASKS.name],
  // Hex ids (task, zone and request ids): 8 characters or more, with a digit and a letter (digits alone are a number).
  [/(?<![\w-])(?=[0-9a-f-]*\d)(?=[0-9a-f-]*[a-f])[0-9a-f]{8,}(?:-[0-9a-f]{4,})*(?![\w-])/gi, MASKS.id],
  // Numbers, signed and decimal, not glued to a word ("IPv4", "DNS.0312" stay as they are).
  [/(?<![\w.])[-+]?\d+(?:\.\d+)?(?!\w|\.\w)/g, MASKS.number],
];

/** The message with its values (quoted text, IPs, domain names, ids, numbers) replaced by placeholders. */
export function maskMessage(message: string): string {
  let masked = message.trim();
  for (const [pattern, mask] of MASKERS) masked = masked.replace(pattern, mask);
  return masked.replace(/\s+/g, ' ');
}

export interface FailureGroup {
  /** `code:…` or `message:…` (the masked message): stable, and what a selection remembers. */
  key: string;
  code?: string;
  /** The masked message the group stands for; for a code group, its first item's masked message. */
  pattern: string;
  /** One real message of the group, shown whole. */
  example: string;
  count: number;
}

/** The group key of one failure: the provider's code where it gives one, else the masked message. */
export function groupKeyOf(item: Failure): string {
  return item.code ? `code:${item.code}` : `message:${maskMessage(item.message)}`;
}

/** The group key of each item, in order: masking is the costly part (≈13 µs a message), done once per list. */
export function groupKeysOf(items: readonly Failure[]): string[] {
  return items.map(groupKeyOf);
}

/** Every group, largest first (then by key, so the order is stable). `keys`: the items' group keys, if already known. */
export function groupFailures(items: readonly Failure[], keys: readonly string[] = groupKeysOf(items)): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  items.forEach((item, i) => {
    const key = keys[i] ?? groupKeyOf(item);
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { key, ...(item.code ? { code: item.code } : {}), pattern: item.code ? maskMessage(item.message) : key.slice('message:'.length), example: item.message, count: 1 });
  });
  return [...groups.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/** The items of the chosen groups; no choice means all of them. `itemKeys`: the items' group keys, if already known. */
export function selectGroups<T extends Failure>(items: readonly T[], keys: ReadonlySet<string>, itemKeys: readonly string[] = keys.size ? groupKeysOf(items) : []): T[] {
  return keys.size ? items.filter((_, i) => keys.has(itemKeys[i] ?? '')) : [...items];
}

/** The first `shown` groups and how many are behind "+N more". */
export function visibleGroups(groups: readonly FailureGroup[], shown: number, expanded: boolean): { visible: FailureGroup[]; more: number } {
  if (expanded || groups.length <= shown) return { visible: [...groups], more: 0 };
  return { visible: groups.slice(0, shown), more: groups.length - shown };
}

/**
 * A failure because the record is there already: resubmitting it would fail the same way.
 * Huawei documents DNS.0312 "Duplicate record set exists. (name: …)" (api-docs,
 * ShowBatchCreateRecordsetsTask); the other wordings are how consoles say it in either
 * language. "Does not exist" / "不存在" must not match: those are worth resubmitting.
 */
export function alreadyExists(item: Failure): boolean {
  return /already exists?|duplicate|conflict with existing|已存在|已经存在|重复/i.test(`${item.code ?? ''} ${item.message}`);
}
