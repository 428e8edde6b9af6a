/**
 * Tencent Cloud CDN refresh (DescribePurgeTasks) and preload (DescribePushTasks) tasks, watched
 * with an account's Tencent Cloud API key (the one its DNSPod jobs use). Both calls list log
 * rows, one per URL: a task is the rows sharing a TaskId, its failed items the rows whose status
 * is fail or invalid. Shapes: tencentcloud-sdk-nodejs-cdn, cdn_models.d.ts (PurgeTask, PushTask).
 */
import { z } from 'zod';
import { CDN_KINDS, cdnSource, reportCdnUnreadable } from '../cdn';
import { API3_HOSTS, api3Error, callApi3, parseChinaTime } from '../tencent-api3';
import { pacedContext } from '../pace';
import { addUnreadable, count, id, NO_UNREADABLE, readRows, rowList, text, type Unreadable } from '../shape';
import type { TaskSource } from '../source';
import { NO_REASON, ProviderError, taskKey, type Account, type Credentials, type FailedItem, type ProviderContext, type Task, type TaskStatus } from '../types';
import { TENCENT_CDN_CONSOLE } from './console';
import { cdnErrorClass } from './errors';

export const TENCENT_CDN_HOSTS = { china: 'cdn.tencentcloudapi.com', intl: 'cdn.intl.tencentcloudapi.com' } as const;
const HOST_PATTERNS = [`https://${TENCENT_CDN_HOSTS.china}/*`, `https://${TENCENT_CDN_HOSTS.intl}/*`];
const VERSION = '2018-06-06';
/**
 * Each API page: "A maximum of 20 requests can be initiated per second for this API."
 * (https://www.tencentcloud.com/document/product/228/33604 DescribePurgeTasks,
 * https://www.tencentcloud.com/document/product/228/33603 DescribePushTasks).
 */
export const TENCENT_CDN_QPS = 20;
/**
 * NOT CONFIRMED: neither API page (above) nor the SDK model gives Limit a maximum, only its
 * default ("Limit on paginated queries. Default value: 20"). 100 rows (URLs) a page keeps pages
 * few; a smaller cap would still page to TotalCount, only with more calls.
 */
export const TENCENT_CDN_PAGE = 100;
/** A runaway pager (a TotalCount that never comes) stops here: 10,000 URLs. */
const MAX_PAGES = 100;
/** Discovery lists the last day's tasks: refresh and preload finish in minutes. */
export const TENCENT_CDN_WINDOW_MS = 24 * 3600_000;

type Log = 'purge' | 'push';
const LOGS: Readonly<Record<Log, { action: string; camAction: string; rows: 'PurgeLogs' | 'PushLogs'; other: 'PurgeLogs' | 'PushLogs' }>> = {
  purge: { action: 'DescribePurgeTasks', camAction: 'cdn:DescribePurgeTasks', rows: 'PurgeLogs', other: 'PushLogs' },
  push: { action: 'DescribePushTasks', camAction: 'cdn:DescribePushTasks', rows: 'PushLogs', other: 'PurgeLogs' },
};
const logOfKind = (kind: string): Log => (kind === CDN_KINDS.preload ? 'push' : 'purge');

/** PurgeTask and PushTask in one: every field may be missing or null, or of another type. */
export const logRowSchema = z.looseObject({
  TaskId: id, Url: text, Status: text, PurgeType: text, FlushType: text, CreateTime: text, Percent: count, Area: text, UpdateTime: text,
});
export type LogRow = z.infer<typeof logRowSchema> & { TaskId: string };

/** tccli's own examples answer a purge query with `PushLogs`: the other list is read when the model's is absent. */
const listSchema = z.looseObject({ PurgeLogs: rowList, PushLogs: rowList, TotalCount: count, RequestId: text, Error: api3Error });

const hostOf = (account: Account): string => (account.settings.site === API3_HOSTS.intl ? TENCENT_CDN_HOSTS.intl : TENCENT_CDN_HOSTS.china);

/** The CDN API's times are China Standard Time without a zone, as "2018-08-08 00:00:00". */
export function cstTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

type Filter = { TaskId: string } | { StartTime: string; EndTime: string };

/** Every row of one log for a task id or a time window, paged by Offset/Limit to TotalCount. */
export async function listLogs(cred: Credentials, ctx: ProviderContext, log: Log, filter: Filter, pageSize = TENCENT_CDN_PAGE, maxPages = MAX_PAGES): Promise<{ rows: LogRow[]; unreadable: Unreadable }> {
  const { action, camAction, rows: own, other } = LOGS[log];
  const rows: LogRow[] = [];
  let unreadable = NO_UNREADABLE;
  const pacedCtx = pacedContext(ctx, `${cred.account.id}:${action}`, TENCENT_CDN_QPS);
  for (let offset = 0, pages = 0; pages < maxPages; pages++) {
    const answer = await callApi3(cred, pacedCtx, {
      host: hostOf(cred.account), hosts: HOST_PATTERNS, service: 'cdn', action, version: VERSION,
      body: JSON.stringify({ ...filter, Offset: offset, Limit: pageSize }), schema: listSchema,
      who: 'Tencent Cloud CDN', classify: cdnErrorClass, camAction,
    });
    const raws = answer[own] ?? answer[other] ?? [];
    const read = readRows(raws, logRowSchema, 'TaskId');
    rows.push(...read.rows);
    unreadable = addUnreadable(unreadable, read.unreadable);
    offset += raws.length;
    const total = answer.TotalCount;
    // A short page is the last whatever TotalCount says: a count that never comes must not cost a call per page.
    if (raws.length < pageSize || (total !== undefined && offset >= total)) break;
  }
  return { rows, unreadable };
}

const FAILED = new Set(['fail', 'invalid']);
const KNOWN = new Set(['fail', 'invalid', 'done', 'process']);
/** The SDK documents lower-case words; tccli's examples say "Done". */
const word = (row: LogRow): string => (row.Status ?? '').toLowerCase();
const isFailed = (row: LogRow): boolean => FAILED.has(word(row));

export function taskStatus(rows: readonly LogRow[]): TaskStatus {
  const words = rows.map(word);
  if (!words.length) return 'unknown';
  if (words.includes('process')) return 'running';
  if (!words.every((w) => KNOWN.has(w))) return 'unknown';
  const failed = words.filter((w) => FAILED.has(w)).length;
  if (!failed) return 'succeeded';
  return failed === words.length ? 'failed' : 'partial';
}

/** A purge task is a directory refresh when its rows say PurgeType "path". */
function kindOf(log: Log, rows: readonly LogRow[]): string {
  if (log === 'push') return CDN_KINDS.preload;
  return rows.some((r) => r.PurgeType === 'path') ? CDN_KINDS.refreshDirectories : CDN_KINDS.refreshUrls;
}

/** One task from its rows (all of one TaskId). */
export function rowsToTask(accountId: string, log: Log, taskId: string, rows: readonly LogRow[]): Task {
  const first = rows.find((r) => r.Url)?.Url;
  // The kind says what was done (the surfaces have its words); the label, to what.
  const label = first ? `${first}${rows.length > 1 ? ` +${rows.length - 1}` : ''}` : taskId;
  const created = rows.map((r) => parseChinaTime(r.CreateTime)).filter((t): t is number => t !== undefined);
  const updated = rows.map((r) => parseChinaTime(r.UpdateTime)).filter((t): t is number => t !== undefined);
  const status = taskStatus(rows);
  const words = [...new Set(rows.map((r) => r.Status ?? '').filter(Boolean))];
  const kind = kindOf(log, rows);
  return {
    key: taskKey(accountId, kind, taskId),
    provider: 'dnspod',
    accountId,
    kind,
    providerTaskId: taskId,
    label,
    status,
    ...(words.length ? { statusText: words.join(' / ') } : {}),
    total: rows.length,
    done: rows.filter((r) => word(r) === 'done').length,
    failed: rows.filter(isFailed).length,
    ...(created.length ? { createdAt: Math.min(...created) } : {}),
    ...(updated.length ? { updatedAt: Math.max(...updated) } : {}),
    locator: { log },
  };
}

export function groupRows(rows: readonly LogRow[]): Map<string, LogRow[]> {
  const byTask = new Map<string, LogRow[]>();
  for (const row of rows) byTask.set(row.TaskId, [...(byTask.get(row.TaskId) ?? []), row]);
  return byTask;
}

/**
 * PurgeTask and PushTask carry no reason beyond the status word ("invalid": the origin answered
 * 4xx/5xx): it is the item's code, and, as the provider's own words, its message.
 */
export function failedRows(rows: readonly LogRow[]): FailedItem[] {
  return rows.filter(isFailed).map((row) => {
    const url = row.Url ?? '';
    return { item: url || { id: 'failedItemUnnamedUrl' }, code: word(row), message: row.Status || NO_REASON, fields: { url } };
  });
}

const window = (ctx: ProviderContext): Filter => ({ StartTime: cstTime(ctx.now() - TENCENT_CDN_WINDOW_MS), EndTime: cstTime(ctx.now()) });

async function taskRows(cred: Credentials, ctx: ProviderContext, task: Task): Promise<LogRow[]> {
  const { rows } = await listLogs(cred, ctx, logOfKind(task.kind), { TaskId: task.providerTaskId });
  const own = rows.filter((r) => r.TaskId === task.providerTaskId);
  if (!own.length) throw new ProviderError('not-found', `Tencent Cloud CDN lists no URL of task ${task.providerTaskId}`);
  return own;
}

export const tencentCdn: TaskSource = cdnSource({
  id: 'tencent-cdn',
  providers: ['dnspod'],
  apiHostPatterns: HOST_PATTERNS,
  calls: [
    { operation: LOGS.purge.action, action: LOGS.purge.camAction },
    { operation: LOGS.push.action, action: LOGS.push.camAction },
  ],
  consoleMatches: TENCENT_CDN_CONSOLE.matches,
  async discover(cred, ctx) {
    const tasks: Task[] = [];
    let unreadable = NO_UNREADABLE;
    // One list call per log (and page) covers every task of the window.
    for (const log of ['purge', 'push'] as const) {
      const listed = await listLogs(cred, ctx, log, window(ctx));
      unreadable = addUnreadable(unreadable, listed.unreadable);
      for (const [taskId, rows] of groupRows(listed.rows)) tasks.push(rowsToTask(cred.account.id, log, taskId, rows));
    }
    reportCdnUnreadable(ctx, CDN_KINDS.refreshUrls, cred.account.name, unreadable);
    return tasks;
  },
  refresh: async (cred, task, ctx) => rowsToTask(cred.account.id, logOfKind(task.kind), task.providerTaskId, await taskRows(cred, ctx, task)),
  // One call answers every URL of the task: one page.
  async failedItems(cred, task, _page, ctx) {
    const items = failedRows(await taskRows(cred, ctx, task));
    return { items, total: items.length };
  },
  // Both calls, each with its own action.
  async probe(cred, ctx) {
    for (const log of ['purge', 'push'] as const) await listLogs(cred, ctx, log, window(ctx), 1, 1);
  },
  consoleUrl: (_task, account) => (hostOf(account) === TENCENT_CDN_HOSTS.intl ? 'https://console.tencentcloud.com/cdn/refresh' : 'https://console.cloud.tencent.com/cdn/refresh'),
});
