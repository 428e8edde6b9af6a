/**
 * Every message between contexts. Requests are zod-validated in the background before any
 * handler sees them; replies never carry a secret. Two tables: extension pages (popup,
 * options) and content scripts (console pages), each checked against its sender.
 */
import { z } from 'zod';
import { DEFAULT_SETTINGS } from '../settings/defaults';
import type { Settings } from '../settings/types';
import { LANGUAGE_CHOICES } from '../settings/language';
import type { PanelWords } from '../console/panel-words';
import type { ErrorClass, Task, FailedItemView, TaskStatus, Text } from '../providers/types';

// Read by every surface together with the views below.
export type { Settings } from '../settings/types';

/** Which finished tasks of an account notify. */
export const NOTIFY_POLICIES = ['failures', 'all', 'none'] as const;
export type NotifyPolicy = (typeof NOTIFY_POLICIES)[number];
/** Colours an account can be marked with (ids; each surface maps them to its own shade). */
export const ACCOUNT_COLORS = ['red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple', 'pink', 'grey'] as const;
export type AccountColor = (typeof ACCOUNT_COLORS)[number];

const id = z.string().min(1).max(200);
/** Every status a task can have (providers/types TaskStatus). */
const TASK_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'partial', 'unknown'] as const satisfies readonly TaskStatus[];
/** A grouped notification names at most this many tasks for the popup to show. */
export const MAX_FOCUS_KEYS = 500;
const shortText = z.string().max(500);
const stringMap = z.record(z.string().max(100), z.string().max(4096));

/** Accounts files hold at most this many (a team's list, not a dump). */
export const MAX_PORTABLE_ACCOUNTS = 200;

/**
 * One account as an accounts file carries it: what the options form shows, never a key.
 * Unknown fields are dropped; a setting the provider calls secret is dropped on import.
 */
export const portableAccountSchema = z.object({
  provider: z.string().min(1).max(64),
  name: z.string().max(200),
  settings: stringMap.default({}),
  notify: z.enum(NOTIFY_POLICIES).optional(),
  color: z.enum(ACCOUNT_COLORS).optional(),
});
export type PortableAccount = z.infer<typeof portableAccountSchema>;

/** An account as stored: the bounds of `saveAccount` (the store checks what it reads against them). */
export const accountFieldsSchema = z.object({ id, provider: id, name: z.string().min(1).max(60), settings: stringMap });

/** The bounds `saveSettings` enforces; a stored value outside them reads as its default. */
export const SETTING_BOUNDS = {
  pendingIntervalSec: [30, 3600],
  idleIntervalSec: [30, 86_400],
  historyMaxTasks: [10, 10_000],
  historyMaxAgeDays: [1, 365],
  /** The passphrase vault's absolute maximum unlocked time: 15 minutes to 24 hours. */
  maxUnlockedMin: [15, 1_440],
} as const;
const boundedInt = (key: keyof typeof SETTING_BOUNDS) => z.number().int().min(SETTING_BOUNDS[key][0]).max(SETTING_BOUNDS[key][1]).catch(DEFAULT_SETTINGS[key]);
export const settingsSchema = z.object({
  pendingIntervalSec: boundedInt('pendingIntervalSec'),
  idleIntervalSec: boundedInt('idleIntervalSec'),
  historyMaxTasks: boundedInt('historyMaxTasks'),
  historyMaxAgeDays: boundedInt('historyMaxAgeDays'),
  maxUnlockedMin: boundedInt('maxUnlockedMin'),
  notifyOnFailure: z.boolean().catch(DEFAULT_SETTINGS.notifyOnFailure),
  notifyOnSuccess: z.boolean().catch(DEFAULT_SETTINGS.notifyOnSuccess),
  language: z.enum(LANGUAGE_CHOICES).catch(DEFAULT_SETTINGS.language),
});

// ---- extension pages (popup, options) → background -------------------------------------

export const pageRequestSchema = z.discriminatedUnion('type', [
  /**
   * `offset`/`limit`: a page of the tasks in popup order (pending first, newest); 0 asks for
   * none (the options page). `filter`/`query`: only matching tasks, found in the worker (the
   * popup never gets, nor scans, the whole history). `opened`: the popup or options page has
   * just been opened by the user (the vault's idle lock counts from it).
   */
  z.object({
    type: z.literal('getState'),
    offset: z.number().int().min(0).max(100_000).optional(),
    limit: z.number().int().min(0).max(100_000).optional(),
    filter: z
      .object({
        provider: id.optional(),
        accountId: id.optional(),
        status: z.enum(TASK_STATUSES).optional(),
        /** A task kind (the popup's kind filter). */
        kind: z.string().min(1).max(100).optional(),
        /** The tasks a clicked notification names. */
        keys: z.array(z.string().min(1).max(600)).max(MAX_FOCUS_KEYS).optional(),
      })
      .strict()
      .optional(),
    query: z.string().max(200).optional(),
    opened: z.literal(true).optional(),
  }),
  z.object({ type: z.literal('refreshNow') }),
  z.object({
    type: z.literal('saveAccount'),
    /** Absent for a new account. */
    accountId: id.optional(),
    provider: id,
    name: shortText,
    settings: stringMap,
    /** On edit, an absent or empty secret keeps the stored one (secrets are write-only). */
    secrets: stringMap,
    /** Absent keeps the account's current choice. */
    notify: z.enum(NOTIFY_POLICIES).optional(),
    /** '' takes the colour away; absent keeps it. */
    color: z.union([z.enum(ACCOUNT_COLORS), z.literal('')]).optional(),
  }),
  z.object({ type: z.literal('removeAccount'), accountId: id }),
  z.object({ type: z.literal('testConnection'), accountId: id }),
  /**
   * "Test connection" in the add/edit form, before Save: the keys typed there, used for these
   * calls and forgotten (never stored, never logged). Only the options page may send it
   * (router.ts). `accountId`: the account being edited, whose stored keys fill empty secret fields.
   */
  z.object({ type: z.literal('testKeys'), accountId: id.optional(), provider: id, settings: stringMap, secrets: stringMap }),
  z.object({ type: z.literal('trackTask'), accountId: id, taskId: shortText }),
  z.object({ type: z.literal('getFailedItems'), taskKey: z.string().min(1).max(600), page: z.number().int().min(1).max(100_000).optional() }),
  z.object({ type: z.literal('vaultEnable'), passphrase: z.string().max(1024) }),
  z.object({ type: z.literal('vaultUnlock'), passphrase: z.string().max(1024) }),
  z.object({ type: z.literal('vaultLock') }),
  z.object({ type: z.literal('vaultChange'), current: z.string().max(1024), next: z.string().max(1024) }),
  z.object({ type: z.literal('vaultDisable'), passphrase: z.string().max(1024) }),
  /** Adds accounts from an accounts file; they wait for their keys before anything is polled. */
  z.object({ type: z.literal('importAccounts'), accounts: z.array(portableAccountSchema).min(1).max(MAX_PORTABLE_ACCOUNTS) }),
  /** Mutes (or unmutes) an unfinished task: off the badge, no notification, until it ends. */
  z.object({ type: z.literal('setMuted'), taskKey: z.string().min(1).max(600), muted: z.boolean() }),
  /** The user dismissed tasks that finished with failures: they leave the badge and "Needs attention". */
  z.object({ type: z.literal('dismissFailures'), taskKeys: z.array(z.string().min(1).max(600)).min(1).max(200) }),
  z.object({ type: z.literal('saveSettings'), settings: z.record(z.string().max(100), z.union([z.string().max(200), z.number(), z.boolean()])) }),
]);
export type PageRequest = z.infer<typeof pageRequestSchema>;

// ---- content scripts (console pages) → background ---------------------------------------

export const contentRequestSchema = z.discriminatedUnion('type', [
  /** The page says what it is; the background answers whether there is anything to show. */
  z.object({ type: z.literal('consoleVisit'), url: z.string().max(4096) }),
  /**
   * Recent tasks with failures of the sender's own provider family. `url`: where the console is
   * now (the sender's URL stays the loaded one through history-API navigation); only ever
   * used to order the tasks, and only when it is a page of the sender's own family.
   */
  z.object({ type: z.literal('panelTasks'), url: z.string().max(4096).optional() }),
  z.object({ type: z.literal('panelFailedItems'), taskKey: z.string().min(1).max(600) }),
  /** A task id read off the console page after a batch submission. */
  z.object({ type: z.literal('trackFromPage'), taskId: shortText, hint: stringMap.optional() }),
  /** The panel's own state lives in the background: content scripts have no storage access. */
  z.object({ type: z.literal('panelState') }),
  z.object({ type: z.literal('setPanelCollapsed'), collapsed: z.boolean() }),
]);
export type ContentRequest = z.infer<typeof contentRequestSchema>;

// ---- replies ----------------------------------------------------------------------------

export type Reply<T> = ({ ok: true } & T) | { ok: false; error: string; errorClass?: ErrorClass; fieldErrors?: Record<string, string> };

/** A task as surfaces see it: no raw payload. */
export type TaskView = Omit<Task, 'raw'> & {
  consoleUrl?: string;
  /** Muted by the user: not on the badge, never notified (only while unfinished). */
  muted?: boolean;
  /** The provider no longer knows it: shown, not polled, not on the badge. */
  gone?: boolean;
};



export interface CapabilityView {
  id: string;
  label: string;
  state: 'watched' | 'not-watched' | 'retrying';
  /** Why it is not watched or is retried, and what to do. */
  reason?: string;
  /** When it was last read without trouble (absent: never). */
  checkedAt?: number;
}

/** One line of "Test connection" before saving: what a capability's call proved. */
export interface KeyTestLine {
  id: string;
  /** What was tried, in the UI language, e.g. "DCS tasks in cn-north-4". */
  label: string;
  result: 'works' | 'missing-permission' | 'region-not-enabled' | 'refused' | 'not-checked';
  /** The policy action the refused call needs (missing-permission), when known. */
  action?: string;
  /** The provider's sentence: why, and what to do. */
  detail?: string;
}

export interface AccountView {
  id: string;
  provider: string;
  name: string;
  settings: Record<string, string>;
  /** Which secret fields are stored (shown masked); never their values. */
  storedSecrets: string[];
  /** The key ID's first and last four characters, as the consoles list it (never the whole ID). */
  keyIdHint?: string;
  /** Set when polling stopped or failed; a sentence in the UI language with what to do. */
  problem?: { errorClass: ErrorClass; message: string; since: number; stopped: boolean };
  /** "2 DCS tasks from Prod could not be read", with the rows' shapes (types only) for a bug report. */
  unreadable?: { message: string; shapes: string[] }[];
  /** Each capability of the account (Huawei: DNS tasks, DCS tasks per region) and whether it is watched, in the UI language. */
  capabilities?: CapabilityView[];
  lastPolledAt?: number;
  /** The colour the user marked this account with. */
  color?: AccountColor;
  /** Which finished tasks notify (failures only unless chosen otherwise). */
  notify?: NotifyPolicy;
  /** Imported without keys: nothing is polled until they are entered. */
  needsSecrets?: boolean;
  /** The stored keys are temporary (they came with a security token); settings hold the expiry when known. */
  temporaryKeys?: boolean;
}

/** What the popup needs to know of a provider without bundling its code. */
export interface ProviderMeta {
  id: string;
  name: Text;
  /** Present when tasks can be tracked by id (providers without a complete list API). */
  track?: { idLabel: Text };
  /** Its tasks are found only as ids on its console pages (Provider.tasksFromConsolePages). */
  tasksFromConsolePages?: true;
}

export interface StateView {
  providers: ProviderMeta[];
  tasks: TaskView[];
  /** How many tasks there are in all (more than `tasks.length` when a limit was asked for). */
  taskCount?: number;
  /** How many tasks match the asked filter and search, when the worker knows without reading them all. */
  matching?: number;
  /** Matching tasks beyond the page sent exist. */
  more?: boolean;
  accounts: AccountView[];
  settings: Settings;
  /** A cycle is running now. */
  refreshing: boolean;
  lastCycleAt?: number;
  /** True when passphrase mode is on and the vault is locked (nothing can be polled). */
  locked?: boolean;
  /** While locked: pending tasks no longer being watched (absent when none). */
  lockedTasks?: number;
  vaultMode?: 'device' | 'passphrase';
  /** Task ids console pages showed that the page-call budget dropped (recent ones, per console host). */
  untracked?: UntrackedView[];
  /** Tasks that finished with failures nobody has opened or dismissed yet, newest first. */
  unseen?: TaskView[];
}

export interface UntrackedView {
  /** The console's host name, e.g. console.huaweicloud.com. */
  console: string;
  count: number;
  lastAt: number;
}

export interface FailedItemsView {
  taskKey: string;
  items: FailedItemView[];
  total: number;
  /** All pages fetched (false while the background is still paging). */
  complete: boolean;
}

export interface PanelTaskView {
  key: string;
  providerTaskId: string;
  label: string;
  status: TaskStatus;
  failed?: number;
  total?: number;
  createdAt?: number;
  consoleUrl?: string;
  /** The colour of its account, so two accounts of one provider are told apart. */
  color?: AccountColor;
}

// ---- what each request is answered with (the `ok: true` part) ---------------------------

export interface PageReplies {
  getState: StateView;
  refreshNow: object;
  saveAccount: { accountId: string };
  removeAccount: object;
  /** How each capability fared, when the provider has more than one. */
  testConnection: { capabilities?: CapabilityView[] };
  /** Keys the provider refused are `ok: false` with `errorClass: 'auth'`. */
  testKeys: { lines: KeyTestLine[] };
  trackTask: { task: TaskView };
  getFailedItems: FailedItemsView;
  vaultEnable: object;
  vaultUnlock: object;
  vaultLock: object;
  vaultChange: object;
  vaultDisable: object;
  saveSettings: { settings: Settings };
  setMuted: object;
  dismissFailures: object;
  importAccounts: { imported: number; skipped: number };
}

export interface ContentReplies {
  /** `show`: this console family has tasks with failures (the content script mounts the panel). */
  consoleVisit: { show: boolean };
  /** `here`: how many of `tasks`, from the first, are the asking page's own (its zone's first); the rest are the console's others. */
  panelTasks: { tasks: PanelTaskView[]; here?: number };
  panelFailedItems: FailedItemsView;
  /**
   * `task` when it was tracked by id; `discovering` when a list-capable provider will find it;
   * `show` when that task has failed items (the content script then loads the panel).
   */
  trackFromPage: { task?: PanelTaskView; discovering?: boolean; show?: boolean };
  /** `lang`: the language the user chose for every surface (content scripts cannot read the setting). */
  panelState: { collapsed: boolean; words: PanelWords };
  setPanelCollapsed: object;
}

export type PageReply<K extends PageRequest['type']> = Reply<PageReplies[K]>;
