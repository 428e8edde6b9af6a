/**
 * The one source of truth. Whatever names an account or a task (accounts, their polling
 * state and preferences, tasks, failed items, the popup's snapshot) is in the extension's
 * IndexedDB (private-area.ts), out of content scripts' reach in both browsers (issue 29,
 * finding 7); what reveals nothing (settings, the lease, timestamps) stays in storage.local
 * through @wxt-dev/storage. Secrets are in the vault. Every write is one storage call, so a
 * worker killed between two writes leaves each item whole. Tasks have one key each (tasks.ts).
 */
import { shortKeyId } from '../providers/access';
import { storage } from '@wxt-dev/storage';
import { z } from 'zod';
import { boundedFailedItem, type Account, type CapabilityReport, type ErrorClass, type FailedItem, type UnreadableRows } from '../providers/types';
import { wordsSchema, type Words } from '../i18n/words';
import { ACCOUNT_COLORS, accountFieldsSchema, NOTIFY_POLICIES, settingsSchema, type AccountColor, type NotifyPolicy, type Settings } from '../messaging/messages';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import { MAX_STORED_FAILED_ITEMS, storedFailedItems } from './failed-items';
import { POPUP_SNAPSHOT_KEY, POPUP_STATUS_KEY, type PopupStatusPart, type PopupTasksPart } from '../popup/snapshot';
import { privateArea, privateItem } from './private-area';

export { DEFAULT_SETTINGS };
export * from './tasks';
export { MAX_STORED_FAILED_ITEMS } from './failed-items';
export * from './unseen';
export * from './stop-notices';

export interface AccountProblem {
  errorClass: ErrorClass;
  /** What the provider's describeError means, put into words when shown, in the language of that moment. */
  message: Words;
  since: number;
  /** Polling stopped until the keys are edited (auth errors). */
  stopped: boolean;
}

export interface AccountRuntime {
  problem?: AccountProblem;
  /** Consecutive transient failures, for backoff. */
  failures: number;
  backoffUntil?: number;
  lastDiscoveryAt?: number;
  lastPolledAt?: number;
  clockOffsetMs: number;
  memo: Record<string, string>;
  /** Rows the last discovery could not read (no id), per kind: shown, never silently dropped. */
  unreadable?: UnreadableRows[];
  /**
   * How each capability fared in the last discovery that reported any (Huawei DNS, DCS per
   * region), with when each was last read without trouble (it differs from the account's).
   */
  capabilities?: (CapabilityReport & { checkedAt?: number })[];
}

export interface Lease {
  owner: string;
  expiresAt: number;
}

/**
 * Stored state is untrusted input: a compromised console renderer could write storage.local
 * in browsers that cannot restrict it (Firefox), an older version wrote what the private
 * area now holds, and any writer may have had a bug. So every
 * item below is checked when read, with the same bounds as the messages that set it: what
 * fails is read as absent, or (for an account's polling state) as stopped, never as "go".
 */
interface CheckedItem<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

/** `private:` keys are in the private area, `local:` ones in storage.local. */
function checkedItem<T>(key: `local:${string}` | `private:${string}`, fallback: T, read: (raw: unknown) => T, options: { version?: number } = { version: 1 }): CheckedItem<T> {
  const item = key.startsWith('private:') ? privateItem<unknown>(key.slice('private:'.length), fallback) : storage.defineItem<unknown>(key as `local:${string}`, { fallback, ...options });
  return {
    getValue: async () => read(await item.getValue()),
    setValue: (value) => item.setValue(value),
  };
}

/** Valid entries of a stored record; the others are left out (or replaced, when `invalid` says how). */
function recordOf<T>(raw: unknown, entry: z.ZodType<T>, invalid?: () => T): Record<string, T> {
  const out: Record<string, T> = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k.length > 200) continue;
    const parsed = entry.safeParse(v);
    if (parsed.success) out[k] = parsed.data;
    else if (invalid) out[k] = invalid();
  }
  return out;
}

/**
 * What a provider says about one of its stored accounts (its region's shape, an endpoint
 * among its options). The background installs the real providers' check; the store knows none.
 */
let accountCheck: (account: Account) => boolean = () => true;
let accountMigration: (account: Account) => Account = (account) => account;
/** `migrate` first brings an account saved by an older version to today's settings (a provider's own rule). */
export function checkStoredAccountsWith(check: (account: Account) => boolean, migrate: (account: Account) => Account = (account) => account): void {
  accountCheck = check;
  accountMigration = migrate;
}

export function readStoredAccounts(raw: unknown): Account[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>();
  const out: Account[] = [];
  for (const entry of raw as unknown[]) {
    const parsed = accountFieldsSchema.safeParse(entry);
    if (!parsed.success || seen.has(parsed.data.id)) continue;
    const account = accountMigration(parsed.data);
    if (!accountCheck(account)) continue;
    seen.add(account.id);
    out.push(account);
  }
  return out;
}

const finite = z.number().finite();
const runtimeSchema: z.ZodType<AccountRuntime> = z.object({
  problem: z
    .object({
      errorClass: z.enum(['auth', 'permission', 'throttled', 'clock-skew', 'not-found', 'network', 'timeout', 'malformed', 'server', 'invalid-input', 'expired']),
      message: wordsSchema,
      since: finite,
      stopped: z.boolean(),
    })
    .optional(),
  failures: z.number().int().min(0).max(1_000),
  backoffUntil: finite.optional(),
  lastDiscoveryAt: finite.optional(),
  lastPolledAt: finite.optional(),
  clockOffsetMs: finite,
  memo: z.record(z.string().max(200), z.string().max(4_096)),
  unreadable: z.array(z.object({ kind: z.string().max(64), count: z.number().int().min(0), message: wordsSchema, shapes: z.array(z.string().max(500)).max(50) })).max(50).optional(),
  capabilities: z
    .array(
      z.object({
        id: z.string().max(200),
        label: wordsSchema,
        state: z.enum(['watched', 'not-watched', 'retrying']),
        reason: wordsSchema.optional(),
        checkedAt: finite.optional(),
      }),
    )
    .max(50)
    .optional(),
}) as z.ZodType<AccountRuntime>;

/** A polling state that cannot be read stops its account: only new keys (or Test connection) resume it. */
export const unreadableRuntime = (): AccountRuntime => ({
  failures: 0,
  clockOffsetMs: 0,
  memo: {},
  problem: {
    errorClass: 'malformed',
    message: { id: 'problemStateUnreadable' },
    since: 0,
    stopped: true,
  },
});

export const accountsItem = checkedItem<Account[]>('private:accounts', [], readStoredAccounts);

export const runtimeItem = checkedItem<Record<string, AccountRuntime>>('private:runtime', {}, (raw) => recordOf(raw, runtimeSchema, unreadableRuntime));
export const settingsItem = checkedItem<Settings>('local:settings', DEFAULT_SETTINGS, (raw) => settingsSchema.parse(raw && typeof raw === 'object' ? raw : {}));
export const leaseItem = checkedItem<Lease | null>('local:lease', null, (raw) => z.object({ owner: z.string().max(200), expiresAt: finite }).nullable().catch(null).parse(raw));
/** Task keys of each recent grouped notification, by group id, for its click. */
export const noticeGroupsItem = privateItem<Record<string, string[]>>('noticeGroups', {});
/** Tasks the next popup shows on their own: set when a grouped notification is clicked. */
export const popupFocusItem = privateItem<{ taskKeys: string[]; at: number } | null>('popupFocus', null);
export const lastCycleItem = checkedItem<number>('local:lastCycleAt', 0, (raw) => finite.catch(0).parse(raw));
/** Pending console visits (families) that ask for a discovery in the next cycle. */
export const visitsItem = checkedItem<Record<string, number>>('private:visits', {}, (raw) => recordOf(raw, finite));

/** Task ids a console showed that the page-call budget dropped, per console host (the popup says so). */
export const untrackedItem = checkedItem<Record<string, { count: number; lastAt: number }>>('private:untracked', {}, (raw) =>
  recordOf(raw, z.object({ count: z.number().int().min(0).max(1_000_000), lastAt: finite })),
);
/** The console panel is collapsed (asked and set through messages: content scripts never touch storage). */
export const panelCollapsedItem = checkedItem<boolean>('local:panelCollapsed', false, (raw) => raw === true);

/** The popup's first tasks and the rest of its first screen, written by the background (lib/popup/snapshot.ts). */
export const popupSnapshotItem = privateItem<PopupTasksPart | null>(POPUP_SNAPSHOT_KEY, null);
export const popupStatusItem = privateItem<PopupStatusPart | null>(POPUP_STATUS_KEY, null);

/** The parts of the popup snapshot that changed, in one write (the popup never sees one part of a change without the other). */
export async function writePopupSnapshotParts(parts: { tasks?: PopupTasksPart; status?: PopupStatusPart }): Promise<void> {
  await privateArea.set({
    ...(parts.tasks ? { [POPUP_SNAPSHOT_KEY]: parts.tasks } : {}),
    ...(parts.status ? { [POPUP_STATUS_KEY]: parts.status } : {}),
  });
}

/**
 * Task keys the user muted: not counted on the badge, never notified. An item of its own (not
 * a field of the tasks), so it survives restarts whatever layout the tasks are stored in;
 * keys of finished or forgotten tasks are dropped as the badge is updated.
 */
export const mutedItem = privateItem<string[]>('muted', []);

/** The muted task keys as stored, without anything that is not a key. */
export async function readMuted(): Promise<Set<string>> {
  const raw: unknown = await mutedItem.getValue();
  return new Set(Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string') : []);
}

export { ACCOUNT_COLORS, NOTIFY_POLICIES, type AccountColor, type NotifyPolicy };

/** What the user chose for an account beyond its provider fields. */
export interface AccountPrefs {
  color?: AccountColor;
  notify?: NotifyPolicy;
  /** Imported from a file: polling waits until its keys are entered. */
  awaitingSecrets?: boolean;
  /** The key ID shortened as the consoles show it (never the whole ID, never a secret). */
  keyIdHint?: string;
  /** The stored keys came with a security token (temporary keys); the token itself stays in the vault. */
  temporaryKeys?: boolean;
}

export const accountPrefsItem = privateItem<Record<string, AccountPrefs>>('accountPrefs', {});

/** Stored preferences, keeping only values this version knows (storage is untrusted). */
export async function readAccountPrefs(): Promise<Record<string, AccountPrefs>> {
  const raw: unknown = await accountPrefsItem.getValue();
  const out: Record<string, AccountPrefs> = {};
  if (!raw || typeof raw !== 'object') return out;
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!value || typeof value !== 'object') continue;
    const v = value as Record<string, unknown>;
    out[id] = {
      ...((ACCOUNT_COLORS as readonly unknown[]).includes(v.color) ? { color: v.color as AccountColor } : {}),
      ...((NOTIFY_POLICIES as readonly unknown[]).includes(v.notify) ? { notify: v.notify as NotifyPolicy } : {}),
      ...(v.awaitingSecrets === true ? { awaitingSecrets: true } : {}),
      ...(typeof v.keyIdHint === 'string' && v.keyIdHint ? { keyIdHint: shortKeyId(v.keyIdHint) } : {}),
      ...(v.temporaryKeys === true ? { temporaryKeys: true } : {}),
    };
  }
  return out;
}

/** An account's policy: its own choice, else what the global settings of older versions said. */
export function notifyPolicyOf(prefs: AccountPrefs | undefined, settings: Settings): NotifyPolicy {
  if (prefs?.notify) return prefs.notify;
  if (settings.notifyOnSuccess) return 'all';
  return settings.notifyOnFailure ? 'failures' : 'none';
}

export const failedItemsKey = (taskKey: string): string => `failed:${taskKey}`;

/**
 * Bounded as when they were in storage.local (10 MB without `unlimitedStorage`): only the
 * most recently written sets of failed items are kept. An evicted set is fetched again when a surface asks for it.
 */
export const MAX_FAILED_ITEM_SETS = 20;

/** Task keys with stored failed items, oldest write first. */
export const failedIndexItem = privateItem<string[]>('failedIndex', []);

/** A task's stored failed items, or null when there are none that `writeFailedItems` could have written. */
export async function readFailedItems(taskKey: string): Promise<FailedItem[] | null> {
  const key = failedItemsKey(taskKey);
  return storedFailedItems((await privateArea.get([key]))[key] ?? null);
}

export async function writeFailedItems(taskKey: string, items: FailedItem[]): Promise<void> {
  const index = (await failedIndexItem.getValue()).filter((k) => k !== taskKey);
  index.push(taskKey);
  const evicted = index.splice(0, Math.max(0, index.length - MAX_FAILED_ITEM_SETS));
  if (evicted.length) await privateArea.remove(evicted.map(failedItemsKey));
  await failedIndexItem.setValue(index);
  await privateArea.set({ [failedItemsKey(taskKey)]: items.slice(0, MAX_STORED_FAILED_ITEMS).map(boundedFailedItem) });
}

export async function removeFailedItems(taskKeys: string[]): Promise<void> {
  if (!taskKeys.length) return;
  await privateArea.remove(taskKeys.map(failedItemsKey));
  const gone = new Set(taskKeys);
  const index = await failedIndexItem.getValue();
  if (index.some((k) => gone.has(k))) await failedIndexItem.setValue(index.filter((k) => !gone.has(k)));
}

export const emptyRuntime = (): AccountRuntime => ({ failures: 0, clockOffsetMs: 0, memo: {} });

export async function getSettings(): Promise<Settings> {
  return settingsItem.getValue();
}

/** The passphrase vault's absolute maximum unlocked time, as set in Options (read at each check). */
export async function vaultMaxUnlockedMs(): Promise<number> {
  return (await getSettings()).maxUnlockedMin * 60_000;
}

/** Once an hour at most, a cycle that added no task checks the history's age cap. */
export const HISTORY_CHECK_MS = 3600_000;
export const historyCheckedItem = storage.defineItem<number>('local:historyCheckedAt', { fallback: 0, version: 1 });

/**
 * History caps, from the index alone: finished tasks older than the age cap go, then the
 * oldest finished ones beyond the count cap. Unfinished tasks are never evicted (they are
 * still being watched).
 */
export function historyEvictions(index: ReadonlyMap<string, number>, unfinished: ReadonlySet<string>, settings: Settings, now: number): string[] {
  const maxAgeMs = settings.historyMaxAgeDays * 24 * 3600 * 1000;
  const evicted: string[] = [];
  const finishedKept: [string, number][] = [];
  let kept = 0;
  for (const [key, stamp] of index) {
    const finished = !unfinished.has(key);
    if (finished && now - stamp > maxAgeMs) {
      evicted.push(key);
      continue;
    }
    kept++;
    if (finished) finishedKept.push([key, stamp]);
  }
  if (kept > settings.historyMaxTasks) {
    finishedKept.sort((a, b) => a[1] - b[1]);
    evicted.push(...finishedKept.slice(0, kept - settings.historyMaxTasks).map(([key]) => key));
  }
  return evicted;
}
