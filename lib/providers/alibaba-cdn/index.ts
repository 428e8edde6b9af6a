/**
 * Alibaba Cloud CDN refresh and preload tasks (CDN API 2018-05-10), watched with the Alibaba
 * account's keys and signing. DescribeRefreshTasks lists three days of history, one row per
 * URL (rows of one submission share a TaskId): one call of 100 rows per discovery. A task the
 * list does not show (older rows, or cut by the page's end) is asked for by id with
 * DescribeRefreshTaskById, up to 10 ids a call.
 */
import { z } from 'zod';
import { callAlibaba, ENDPOINTS as DNS_ENDPOINTS, type AlibabaApi } from '../alibaba/index';
import { acsDate } from '../alibaba/sign';
import { count, id, object, readEach, readRows, rowList, text } from '../shape';
import type { TaskSource } from '../source';
import { CDN_KINDS as SHARED_CDN_KINDS, cdnSource, reportCdnUnreadable } from '../cdn';
import { NO_REASON, ProviderError, taskKey, type Credentials, type FailedItem, type ProviderContext, type Task, type TaskStatus } from '../types';
import { ALIBABA_CDN_CALLS } from './actions';
import { ALIBABA_CDN_CONSOLE, CDN_KINDS } from './console';

export const CDN_VERSION = '2018-05-10';
/** The SDK's endpoint map (@alicloud/cdn20180510 Client): "central" rule, every international region on ap-southeast-1. */
export const CDN_ENDPOINTS = { china: 'cdn.aliyuncs.com', intl: 'cdn.ap-southeast-1.aliyuncs.com' } as const;
export const CDN_HOST_PATTERNS = [`https://${CDN_ENDPOINTS.china}/*`, `https://${CDN_ENDPOINTS.intl}/*`] as const;
/** DescribeRefreshTasks: "PageSize … 最大 100". */
export const CDN_PAGE_SIZE = 100;
/** Both calls: "支持查询 3 天内（包含 3 天）的数据". */
export const HISTORY_MS = 3 * 24 * 3600_000;
/**
 * DescribeRefreshTaskById's TaskId: "多个任务 ID 之间用英文逗号（,）分隔，最多支持同时传入 10 个任务 ID"
 * (https://help.aliyun.com/zh/cdn/api-describerefreshtaskbyid); the SDK model says the same
 * ("You can specify up to 10 task IDs. Separate task IDs with commas", @alicloud/cdn20180510).
 */
export const IDS_PER_CALL = 10;
/** DescribeRefreshTasks: "单用户调用频率：5 次/秒" (the international page says 10; the lower holds). */
export const LIST_CALLS_PER_SECOND = 5;

/** One row of either answer: every field optional in the SDK's models, each read on its own. */
export const cdnRowSchema = z.looseObject({
  TaskId: id,
  ObjectPath: text,
  ObjectType: text,
  Status: text,
  Process: text,
  CreationTime: text,
  Description: text,
});
type CdnRow = z.infer<typeof cdnRowSchema> & { TaskId: string };

/** DescribeRefreshTasksResponseBody: Tasks.CDNTask[] with PageNumber, PageSize, TotalCount. */
export const listSchema = z.looseObject({ Tasks: object({ CDNTask: rowList }), TotalCount: count, PageNumber: count, PageSize: count, RequestId: text });
/** DescribeRefreshTaskByIdResponseBody: Tasks[] (no CDNTask level) with TotalCount. */
export const byIdSchema = z.looseObject({ Tasks: rowList, TotalCount: count, RequestId: text });

const KIND_OF_TYPE: Readonly<Record<string, (typeof CDN_KINDS)[number]>> = {
  file: 'cdn-refresh-url',
  directory: 'cdn-refresh-dir',
  path: 'cdn-refresh-dir',
  regex: 'cdn-refresh-regex',
  preload: 'cdn-preload',
};

const isIntl = (cred: Credentials): boolean => cred.account.settings.endpoint === DNS_ENDPOINTS.intl;
const RAM_ACTIONS: Readonly<Record<string, string>> = Object.fromEntries(ALIBABA_CDN_CALLS.flatMap((c) => (c.action ? [[c.operation, c.action]] : [])));
const api = (cred: Credentials): AlibabaApi => ({ host: isIntl(cred) ? CDN_ENDPOINTS.intl : CDN_ENDPOINTS.china, version: CDN_VERSION, hosts: CDN_HOST_PATTERNS, ramActions: RAM_ACTIONS });

/**
 * DescribeRefreshTasks allows 5 calls a second per user: calls with one key are spaced at least
 * 1/5 s apart (real time: a corrected clock must not shorten the gap).
 */
const lastListCall = new Map<string, number>();
async function listSpacing(accessKeyId: string, signal?: AbortSignal): Promise<void> {
  const gap = 1000 / LIST_CALLS_PER_SECOND;
  const now = Date.now();
  // Keys not used within the last gap need no memory (an account removed, a key replaced).
  if (lastListCall.size > 100) for (const [key, at] of lastListCall) if (at + gap < now) lastListCall.delete(key);
  const wait = (lastListCall.get(accessKeyId) ?? -Infinity) + gap - now;
  lastListCall.set(accessKeyId, now + Math.max(0, wait));
  if (wait > 0 && !signal?.aborted) await new Promise((resolve) => setTimeout(resolve, wait));
}

async function list(cred: Credentials, ctx: ProviderContext, params: Record<string, string>): Promise<z.infer<typeof listSchema>> {
  await listSpacing(cred.secrets.accessKeyId ?? '', ctx.signal);
  return callAlibaba(cred, ctx, api(cred), 'DescribeRefreshTasks', { PageSize: String(CDN_PAGE_SIZE), ...params }, listSchema);
}

const rowsOf = (raws: readonly unknown[] | undefined): CdnRow[] => readRows(raws, cdnRowSchema, 'TaskId').rows;

/** A status word of a row, as Batchwatch's; Pending is DescribeRefreshTaskById's own. */
function rowStatus(status: string | undefined): TaskStatus {
  switch (status?.trim().toLowerCase()) {
    case 'complete':
      return 'succeeded';
    case 'failed':
      return 'failed';
    case 'refreshing':
      return 'running';
    case 'pending':
      return 'pending';
    default:
      return 'unknown';
  }
}

/** A submission's status from its URLs': running while any runs; partial when some failed. */
export function taskStatus(rows: readonly Pick<CdnRow, 'Status'>[]): TaskStatus {
  const statuses = rows.map((r) => rowStatus(r.Status));
  if (statuses.some((s) => s === 'running')) return 'running';
  if (statuses.some((s) => s === 'pending')) return statuses.every((s) => s === 'pending') ? 'pending' : 'running';
  if (statuses.some((s) => s === 'unknown')) return 'unknown';
  const failed = statuses.filter((s) => s === 'failed').length;
  if (!failed) return 'succeeded';
  return failed === statuses.length ? 'failed' : 'partial';
}

const epoch = (time: string | undefined): number | undefined => {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
};

/** One task from all its rows (they share TaskId). */
export function mapTask(accountId: string, taskId: string, rows: readonly CdnRow[]): Task {
  const type = rows.find((r) => r.ObjectType)?.ObjectType?.trim().toLowerCase();
  const kind = (type && Object.hasOwn(KIND_OF_TYPE, type) ? KIND_OF_TYPE[type] : undefined) ?? 'cdn-refresh-url';
  const paths = rows.flatMap((r) => (r.ObjectPath ? [r.ObjectPath] : []));
  const created = rows.map((r) => epoch(r.CreationTime)).filter((t): t is number => t !== undefined);
  const statuses = rows.map((r) => rowStatus(r.Status));
  const status = taskStatus(rows);
  const words = [...new Set(rows.flatMap((r) => (r.Status ? [r.Status] : [])))].join(', ');
  return {
    key: taskKey(accountId, kind, taskId),
    provider: 'alibaba',
    accountId,
    kind,
    providerTaskId: taskId,
    // The first URL, and how many more the task holds: what the console's history shows.
    label: paths.length > 1 ? `${paths[0]} +${paths.length - 1}` : (paths[0] ?? taskId),
    status,
    ...(words ? { statusText: words } : {}),
    total: rows.length,
    done: statuses.filter((s) => s === 'succeeded').length,
    failed: statuses.filter((s) => s === 'failed').length,
    ...(created.length ? { createdAt: Math.min(...created) } : {}),
    locator: { objectType: type ?? '' },
  };
}

function group(rows: readonly CdnRow[]): Map<string, CdnRow[]> {
  const byId = new Map<string, CdnRow[]>();
  for (const row of rows) byId.set(row.TaskId, [...(byId.get(row.TaskId) ?? []), row]);
  return byId;
}

/** The tasks of these ids, asked 10 ids a call; an id no answer names is absent from the map. */
export async function tasksById(cred: Credentials, ctx: ProviderContext, ids: readonly string[]): Promise<Map<string, Task>> {
  const found = new Map<string, Task>();
  for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
    const chunk = ids.slice(i, i + IDS_PER_CALL);
    const answer = await callAlibaba(cred, ctx, api(cred), 'DescribeRefreshTaskById', { TaskId: chunk.join(',') }, byIdSchema);
    for (const [taskId, rows] of group(rowsOf(answer.Tasks).filter((r) => chunk.includes(r.TaskId)))) found.set(taskId, mapTask(cred.account.id, taskId, rows));
  }
  return found;
}

/** A failed URL with the provider's reason (Description: InternalError, OriginTimeout, …). */
export function failedItem(row: Pick<z.infer<typeof cdnRowSchema>, 'ObjectPath' | 'Description' | 'ObjectType'>): FailedItem {
  const url = row.ObjectPath ?? '';
  const reason = row.Description?.trim();
  // Without a Description the group is the row's own status word, and the reason is that none was given.
  return { item: url || { id: 'failedItemUnnamedUrl' }, code: reason || 'Failed', message: reason || NO_REASON, fields: { ...(url ? { URL: url } : {}), ...(row.ObjectType ? { ObjectType: row.ObjectType } : {}) } };
}

const TASK_ID = /^\d{1,20}$/;

/**
 * The first task and as many of the others as one DescribeRefreshTaskById takes (10 ids); an id
 * that is no number is never sent (it would make Alibaba refuse the whole call), and the first
 * task's is refused before any call.
 */
async function refreshTogether(cred: Credentials, tasks: readonly Task[], ctx: ProviderContext): Promise<Map<string, Task | ProviderError>> {
  const [first] = tasks;
  if (!first) return new Map();
  if (!TASK_ID.test(first.providerTaskId)) throw new ProviderError('invalid-input', 'An Alibaba Cloud CDN task ID is a number');
  const asked: Task[] = [];
  for (const task of tasks) if (asked.length < IDS_PER_CALL && TASK_ID.test(task.providerTaskId) && !asked.some((t) => t.providerTaskId === task.providerTaskId)) asked.push(task);
  const found = await tasksById(cred, ctx, asked.map((t) => t.providerTaskId));
  // Beyond three days, or never: Alibaba answers no row for it.
  return new Map(asked.map((t) => [t.key, found.get(t.providerTaskId) ?? new ProviderError('not-found', 'Alibaba Cloud CDN has no task with this ID in the last three days')]));
}

export const alibabaCdn: TaskSource = cdnSource({
  id: 'alibaba-cdn',
  providers: ['alibaba'],
  kinds: CDN_KINDS,
  apiHostPatterns: CDN_HOST_PATTERNS,
  calls: ALIBABA_CDN_CALLS,
  consoleMatches: ALIBABA_CDN_CONSOLE.matches,
  async discover(cred, ctx) {
    const now = ctx.now();
    const answer = await list(cred, ctx, { StartTime: acsDate(new Date(now - HISTORY_MS)), EndTime: acsDate(new Date(now)), PageNumber: '1' });
    const { rows, unreadable } = readRows(answer.Tasks?.CDNTask, cdnRowSchema, 'TaskId');
    reportCdnUnreadable(ctx, SHARED_CDN_KINDS.refreshUrls, cred.account.name, unreadable);
    const byId = group(rows);
    // A full page with more behind it may have cut its last task's rows: that task is left
    // to be asked for by id (all its rows) rather than listed with some of them.
    const cut = rows.length >= CDN_PAGE_SIZE && (answer.TotalCount ?? 0) > rows.length ? rows.at(-1)?.TaskId : undefined;
    return [...byId].filter(([taskId]) => taskId !== cut).map(([taskId, taskRows]) => mapTask(cred.account.id, taskId, taskRows));
  },
  async refresh(cred, task, ctx) {
    const answer = (await refreshTogether(cred, [task], ctx)).get(task.key)!;
    if (answer instanceof ProviderError) throw answer;
    return answer;
  },
  refreshTasks: refreshTogether,
  async failedItems(cred, task, page, ctx) {
    const objectType = task.locator?.objectType;
    // Status needs ObjectType (the doc: "当指定 DomainName 或 Status 参数时，ObjectType 参数为必传参数").
    const answer = await list(cred, ctx, { TaskId: task.providerTaskId, PageNumber: String(page), ...(objectType ? { ObjectType: objectType, Status: 'Failed' } : {}) });
    // Asked by its id: a row without one is still this task's (its URL is what matters here).
    const rows = readEach(answer.Tasks?.CDNTask, cdnRowSchema).filter((r) => r.TaskId === undefined || r.TaskId === task.providerTaskId);
    const items = rows.filter((r) => rowStatus(r.Status) === 'failed').map(failedItem);
    const total = answer.TotalCount ?? 0;
    return { items, ...(task.failed !== undefined ? { total: task.failed } : {}), ...(page * CDN_PAGE_SIZE < total && rows.length > 0 ? { nextPage: page + 1 } : {}) };
  },
  probe: (cred, ctx) => list(cred, ctx, { PageNumber: '1', PageSize: '1' }),
  consoleUrl(_task, account) {
    return account.settings.endpoint === DNS_ENDPOINTS.intl ? 'https://cdn.console.alibabacloud.com/refresh/record' : 'https://cdn.console.aliyun.com/refresh/record';
  },
});
