/**
 * The one contract between provider adapters and everything else. The engine, the store
 * and the UI only ever see these shapes; a provider's field names stay inside its folder.
 */
import type { AccessSpec } from './access';
import type { Label, Words } from '../i18n/words';
import type { Message } from '../i18n/catalogue';
import type { Lang } from '../i18n/lang';

export type { Lang };
/**
 * Something a user will read: a catalogue message (or, read back from an older install, the
 * sentence in both languages). lib/ says what it means; the surfaces put it into words.
 */
export type Text = Words;

export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'partial' | 'unknown';

/** Finished tasks never change again, so they are never polled twice. */
export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'partial']);
export const isTerminal = (status: TaskStatus): boolean => TERMINAL_STATUSES.has(status);

/** The order every surface lists tasks in: unfinished first, then newest, then by key (stable). */
/** The popup's search, one rule for the worker's pages and the rows the popup already holds: the provider's task id or the label (in every language: see labelInEveryLanguage) contains the query, case-insensitively. */
export function taskMatchesQuery(task: { providerTaskId: string; label: string }, query: string | undefined): boolean {
  const q = query?.trim().toLowerCase();
  return !q || task.providerTaskId.toLowerCase().includes(q) || task.label.toLowerCase().includes(q);
}

export function taskOrder(a: Pick<Task, 'status' | 'createdAt' | 'updatedAt' | 'key'>, b: Pick<Task, 'status' | 'createdAt' | 'updatedAt' | 'key'>): number {
  const rank = (t: Pick<Task, 'status'>): number => (isTerminal(t.status) ? 1 : 0);
  const stamp = (t: Pick<Task, 'createdAt' | 'updatedAt'>): number => t.createdAt ?? t.updatedAt ?? 0;
  return rank(a) - rank(b) || stamp(b) - stamp(a) || a.key.localeCompare(b.key);
}

export interface Task {
  /** `${accountId}:${kind}:${providerTaskId}`, stable across polls (see taskKey). */
  key: string;
  provider: string;
  accountId: string;
  /** e.g. 'dns-batch' | 'dns-zone-batch-create' | 'dcs-task' | 'alidns-batch' | 'dnspod-batch' */
  kind: string;
  providerTaskId: string;
  /**
   * What the user recognises: the zone, the BatchType, the DCS command as data; a kind of
   * task as words (a message), put into words by each surface in its language.
   */
  label: Label;
  status: TaskStatus;
  /** The provider's own status word, shown beside ours (it may be a value we do not know). */
  statusText?: string;
  total?: number;
  done?: number;
  failed?: number;
  /** Epoch milliseconds. */
  createdAt?: number;
  updatedAt?: number;
  finishedAt?: number;
  /**
   * Provider-private data needed to refresh this task later (zone id, BatchType, project
   * id, region). Opaque to the engine and the UI; never secret.
   */
  locator?: Record<string, string>;
  raw?: unknown;
}

export const taskKey = (accountId: string, kind: string, providerTaskId: string): string =>
  `${accountId}:${kind}:${providerTaskId}`;

export interface FailedItem {
  /** What failed, as the user recognises it (record name, type and value; a domain). */
  item: ItemName;
  /** The provider's error code where it gives one; failures are grouped by it. */
  code?: string;
  /** Why it failed (stored as `message`, the name older versions wrote their string under). */
  message: Reason;
  /** Columns for CSV/JSON export and resubmit files (name, type, line, ttl, value, …). */
  fields?: Record<string, string>;
}

/**
 * Why an item failed: the provider's own words, kept as text in the language it answered in;
 * or, where the provider gave none, Batchwatch's sentence, a catalogue message that each surface
 * and export puts into words in the user's language (a string stored by an older version is text).
 */
export type Reason = string | Message;

/** The reason of an item the provider says failed without saying why (an empty text would show nothing). */
export const NO_REASON: Message = { id: 'failedItemNoReason' };

/**
 * What failed: the provider's data (a record, a domain, a URL) as text; or, where the provider
 * names none, Batchwatch's placeholder, a catalogue message put into words in the user's
 * language like a reason (a string stored by an older version, its placeholder too, is text).
 */
export type ItemName = string | Message;

/** A failed item as a surface shows it and an export writes it: its name and reason in words, in the user's language. */
export interface FailedItemView extends Omit<FailedItem, 'item' | 'message'> {
  item: string;
  message: string;
}

export interface Page<T> {
  items: T[];
  total?: number;
  /** The page number to ask for next; absent on the last page. */
  nextPage?: number;
  /**
   * The API cannot page further although the task has more failed items (Huawei's zone
   * endpoint documents offsets up to 2000): the rest is only in the console.
   */
  beyondApi?: boolean;
}

export type ErrorClass =
  | 'auth' // bad or locked key: stop polling that account until its keys are edited
  | 'permission' // the key works but lacks a permission: say which
  | 'throttled' // back off, honour retryAfterMs
  | 'clock-skew' // take serverTime as the offset, re-sign, retry once
  | 'not-found' // the task is gone: mark and stop
  | 'network'
  | 'timeout'
  | 'malformed' // keep the old data, report
  | 'server' // 5xx or a provider's "temporarily unavailable": back off
  | 'invalid-input' // a request we built was refused as invalid (e.g. a wrong task id)
  | 'expired'; // temporary keys past their expiry: stop polling until new ones are pasted (not a refused key)

export interface ProviderErrorDetails {
  code?: string;
  httpStatus?: number;
  retryAfterMs?: number;
  /** The server's clock (epoch ms) from its Date header, for clock-skew correction. */
  serverTime?: number;
  requestId?: string;
  cause?: unknown;
  /** The IAM action (or provider permission) the refused call needs, when the provider documents one. */
  action?: string;
  /**
   * What to tell the user when Batchwatch itself refused the call (a host that is not the
   * provider's, an answer too large, a clock hours off): it replaces the provider's sentence.
   */
  sentence?: Text;
}

/** Codes and messages come from the server and end up stored and shown: keep them small. */
export const MAX_ERROR_CODE_LENGTH = 80;
export const MAX_ERROR_MESSAGE_LENGTH = 500;

/** A server string cut to at most `max` UTF-16 units, ending in an ellipsis when cut (never half a pair). */
export function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  return `${/[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/** A stored failed item's export columns: at most this many, each value at most this long. */
export const MAX_FAILED_ITEM_FIELDS = 40;
export const MAX_FAILED_ITEM_FIELD_LENGTH = 4096;

/** A reason or a name cut as a server message is: the text, or each text a message's parameters carry. */
function boundedReason(reason: Reason | ItemName): Reason {
  if (typeof reason === 'string') return bounded(reason, MAX_ERROR_MESSAGE_LENGTH);
  const params = Object.entries(reason).map(([name, value]) =>
    name === 'id' ? [name, value] : [name, typeof value === 'string' ? bounded(value, MAX_ERROR_MESSAGE_LENGTH) : typeof value === 'object' ? boundedReason(value) : value],
  );
  return Object.fromEntries(params) as Message;
}

/** A failed item as stored: the server's strings cut to size (record values get room for long TXT records). */
export function boundedFailedItem(item: FailedItem): FailedItem {
  return {
    item: boundedReason(item.item),
    ...(item.code !== undefined ? { code: bounded(item.code, MAX_ERROR_CODE_LENGTH) } : {}),
    message: boundedReason(item.message),
    ...(item.fields
      ? {
          fields: Object.fromEntries(
            Object.entries(item.fields)
              // No adapter has such a column, and a reader's plain object would take it as its prototype.
              .filter(([k]) => k !== '__proto__')
              .slice(0, MAX_FAILED_ITEM_FIELDS)
              .map(([k, v]) => [bounded(k, MAX_ERROR_CODE_LENGTH), bounded(v, MAX_FAILED_ITEM_FIELD_LENGTH)]),
          ),
        }
      : {}),
  };
}

/** Errors are values with a class. The message must never contain a secret. */
export class ProviderError extends Error {
  readonly cls: ErrorClass;
  readonly code: string | undefined;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly serverTime: number | undefined;
  readonly requestId: string | undefined;
  readonly sentence: Text | undefined;
  readonly action: string | undefined;

  constructor(cls: ErrorClass, message: string, details: ProviderErrorDetails = {}) {
    super(bounded(message, MAX_ERROR_MESSAGE_LENGTH), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ProviderError';
    this.cls = cls;
    this.code = details.code === undefined ? undefined : bounded(details.code, MAX_ERROR_CODE_LENGTH);
    this.sentence = details.sentence;
    this.action = details.action === undefined ? undefined : bounded(details.action, MAX_ERROR_CODE_LENGTH);
    this.httpStatus = details.httpStatus;
    this.retryAfterMs = details.retryAfterMs;
    this.serverTime = details.serverTime;
    this.requestId = details.requestId === undefined ? undefined : bounded(details.requestId, MAX_ERROR_CODE_LENGTH);
  }
}

/** An account's public part: stored in storage.local, shown in the UI. */
export interface Account {
  id: string;
  provider: string;
  name: string;
  /** Non-secret settings: region, project id, endpoint site. */
  settings: Record<string, string>;
}

/** Only the background ever holds one of these. */
export interface Credentials {
  account: Account;
  secrets: Record<string, string>;
}

/** One input of the options form, described by the provider so the UI needs no provider code. */
export interface FieldSpec {
  key: string;
  /** A catalogue message; its English words are exact (tests find inputs by them). */
  label: Text;
  secret: boolean;
  required: boolean;
  defaultValue?: string;
  placeholder?: string;
  help?: Text;
  /** A select instead of a text input. */
  options?: readonly { value: string; label: Text }[];
  /** Validates the trimmed value; the message is shown next to the field. */
  validate?: (value: string) => Text | undefined;
}

/** Small per-account memory the engine persists for a provider (e.g. a discovered project id). */
export interface AccountMemo {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

/**
 * Rows of a list answer that could not be read (no id): counted and shown ("2 DCS tasks
 * from Prod could not be read"), never silently dropped. `shapes` hold types, never values.
 */
export interface UnreadableRows {
  /** What was listed, e.g. 'dcs-task'; one note per kind replaces the previous one. */
  kind: string;
  count: number;
  message: Text;
  shapes: string[];
}

/**
 * What an account can watch, each part on its own: Huawei's "DNS tasks" and "DCS tasks in
 * cn-east-3". A part that fails for a reason of its own (a permission, a project, a region)
 * is not watched and says why; one that is throttled or unreachable keeps its known tasks and
 * is retried. The rest of the account goes on either way.
 */
export type CapabilityState = 'watched' | 'not-watched' | 'retrying';

export interface CapabilityReport {
  /** Stable per account, e.g. 'dns' or 'dcs:cn-east-3'. */
  id: string;
  /** What is watched, e.g. "DCS tasks in cn-east-3". */
  label: Text;
  state: CapabilityState;
  /** Why it is not watched or is retried, with what to do; absent when watched. */
  reason?: Text;
  /**
   * What kind of refusal made it not watched, for "Test connection" before saving: a missing
   * permission (with the policy action the call needs, when known) or a region not enabled.
   */
  cause?: { kind: 'permission'; action?: string } | { kind: 'region'; region: string };
}

export interface ProviderContext {
  /** Told how each capability fared in this discovery (see CapabilityReport). */
  capability?(report: CapabilityReport): void;
  /** Told of rows a list answer had but Batchwatch could not read (see UnreadableRows). */
  unreadable?(rows: UnreadableRows): void;
  fetch: typeof fetch;
  /** Corrected clock, epoch ms (server offset applied). */
  now(): number;
  /** Called with a server's clock when a request was refused for clock skew. */
  adjustClock(serverTime: number): void;
  signal?: AbortSignal;
  lang: Lang;
  /** Per-request timeout; every fetch has one, below 30 s. */
  timeoutMs?: number;
  memo: AccountMemo;
  /** Unique per request (Alibaba's signature nonce); injectable for tests. */
  nonce(): string;
}

export interface TrackSpec {
  /** What the Track form asks for, e.g. "Job ID". */
  idLabel: Text;
  /** Checked before any request; the message says what shape is expected. */
  validateId(id: string): Text | undefined;
  /** Fetches the task by its id (the provider's answer to a wrong id is a ProviderError). */
  track(cred: Credentials, providerTaskId: string, ctx: ProviderContext): Promise<Task>;
}

/**
 * One call for several tasks, where the provider's API takes several ids at once (Alibaba CDN:
 * 10). `tasks` starts with the task a refresh step is for, then the account's other tasks due
 * in this cycle; it asks for the first and as many of the others as one call takes. The answer
 * names each task it asked about, by key: its state, or an error that is that task's alone (a
 * task the provider no longer knows). It rejects only for what concerns the call as a whole,
 * and then no task changes. The engine asks the others again in a later step.
 */
export type RefreshTogether = (cred: Credentials, tasks: readonly Task[], ctx: ProviderContext) => Promise<ReadonlyMap<string, Task | ProviderError>>;

export interface Provider {
  id: string;
  name: Text;
  fields: readonly FieldSpec[];
  /** Host match patterns of the API endpoints (requested as host permissions). */
  apiHostPatterns: readonly string[];
  /**
   * The calls it makes and the policy actions they need (lib/providers/access.ts). Every
   * registered provider declares it (the contract suite fails otherwise); test doubles need not.
   */
  access?: AccessSpec;
  /**
   * The host patterns an account with these settings needs, when they depend on its settings
   * (a task source it turned on); absent: `apiHostPatterns`. Asked for when the account is saved.
   */
  hostPatternsFor?(settings: Readonly<Record<string, string>>): readonly string[];
  /** The calls an account with these settings makes (its copyable policy), when they depend on its settings; absent: `access`. */
  accessFor?(settings: Readonly<Record<string, string>>): AccessSpec;
  /** List what exists now (for some providers only "the latest task" of each kind). */
  discover(cred: Credentials, ctx: ProviderContext): Promise<Task[]>;
  /** One task's current state. */
  refresh(cred: Credentials, task: Task, ctx: ProviderContext): Promise<Task>;
  /** Several tasks' current state in one call, where the API takes several ids (see RefreshTogether). */
  refreshTasks?: RefreshTogether;
  /**
   * One task seen through two views (Huawei: the batch list and a zone's batch-create
   * endpoint give the same id): what the stored view knows that the fresh one does not
   * (its kind, its locator) is kept here. Without it, the fresh answer replaces the stored one.
   */
  mergeViews?(stored: Task, fresh: Task): Task;
  /** One page of failed items, at the provider's maximum page size. page starts at 1. */
  failedItems(cred: Credentials, task: Task, page: number, ctx: ProviderContext): Promise<Page<FailedItem>>;
  /** For providers without a (complete) list API. */
  track?: TrackSpec;
  /**
   * No call lists its tasks: one is known once a console page shows its id (or the user tracks
   * it). The popup tells an account with no task yet where its first one will come from.
   */
  tasksFromConsolePages?: true;
  /**
   * Signed read-only calls; resolves when the keys work. A provider with more than one
   * capability says how each one fared (the keys may work for one and lack a permission for another).
   */
  testConnection(cred: Credentials, ctx: ProviderContext): Promise<void | CapabilityReport[]>;
  /** Deep link to the console page of this task. */
  consoleUrl(task: Task, account: Account): string;
  /** A sentence the user understands, with what to do. Never contains a secret. */
  describeError(err: ProviderError): Text;
  /** A stored account's settings in today's keys (settings the provider once had, renamed or split). */
  migrateSettings?(settings: Record<string, string>): Record<string, string>;
}

/** A stored account as its provider reads it today (see Provider.migrateSettings). */
export function migratedAccount(provider: Provider | undefined, account: Account): Account {
  if (!provider?.migrateSettings || provider.id !== account.provider) return account;
  return { ...account, settings: provider.migrateSettings(account.settings) };
}

