/**
 * Tasks that finished with failures the user has not looked at yet ("unseen"): kept until
 * their failed items are opened (popup or console panel) or the user dismisses them, so a
 * notification that was missed (Do Not Disturb, another screen) is not a missed failure.
 * The badge and the popup's "Needs attention" read it.
 */
import { privateItem } from './private-area';
import { z } from 'zod';

/**
 * Unseen tasks remembered at most; the oldest go first. More than this many unread failures
 * is a history, not a to-do list, and every badge update reads each one's task.
 */
export const MAX_UNSEEN = 200;
/** The bound task keys have everywhere else (messages' taskKey). */
const MAX_KEY_LENGTH = 600;

const keySchema = z.string().min(1).max(MAX_KEY_LENGTH);

/**
 * Stored keys are untrusted: what is not a task key goes, duplicates go, and only the newest
 * MAX_UNSEEN stay (oldest first, as written).
 */
export function parseUnseen(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  for (const entry of raw as unknown[]) {
    const key = keySchema.safeParse(entry);
    if (!key.success) continue;
    // Newest last: a key written again moves to the end.
    seen.delete(key.data);
    seen.add(key.data);
  }
  return [...seen].slice(-MAX_UNSEEN);
}

/** `keys` added as the newest (pure). */
export const withUnseen = (current: readonly string[], keys: readonly string[]): string[] => parseUnseen([...current, ...keys]);

/** `keys` taken out (pure). */
export function withoutUnseen(current: readonly string[], keys: readonly string[]): string[] {
  const gone = new Set(keys);
  return current.filter((k) => !gone.has(k));
}

// Task keys: in the private area, out of content scripts' reach.
const unseenItem = privateItem<unknown>('unseenFailures', []);

export async function readUnseen(): Promise<string[]> {
  return parseUnseen(await unseenItem.getValue());
}

/** Remembers tasks that just finished with failures; no write when nothing is new. */
export async function markUnseen(keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  const current = await readUnseen();
  const next = withUnseen(current, keys);
  if (next.length !== current.length || next.some((k, i) => k !== current[i])) await unseenItem.setValue(next);
}

/** The user opened or dismissed these: they leave the badge and "Needs attention". */
export async function markSeen(keys: readonly string[]): Promise<boolean> {
  const current = await readUnseen();
  const next = withoutUnseen(current, keys);
  if (next.length === current.length) return false;
  await unseenItem.setValue(next);
  return true;
}
