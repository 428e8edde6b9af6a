/**
 * Huawei Cloud CDN refresh and preheating (preload) tasks, watched with a Huawei account's AK/SK.
 * ShowHistoryTasks lists tasks with their counts; ShowHistoryTaskDetails gives one task's URLs,
 * and its failed URLs (status=failed) are the failed items, with the reason CDN gives.
 * Shapes: huaweicloud-sdk-nodejs-v3, services/cdn/v2/model (TasksObject, UrlObject,
 * ShowHistoryTaskDetailsResponse); support.huaweicloud.com/api-cdn/ShowHistoryTasks.html and
 * ShowHistoryTaskDetails.html.
 */
import { z } from 'zod';
import { CDN_KINDS, cdnSource, reportCdnUnreadable } from '../cdn';
import { getJson, readHuaweiSettings } from '../huawei-api';
import { pacedContext } from '../pace';
import { addUnreadable, count, id, NO_UNREADABLE, readEach, readRows, rowList, text, type Unreadable } from '../shape';
import type { TaskSource } from '../source';
import { HUAWEI_CDN_CONSOLE } from './console';
import { NO_REASON, ProviderError, taskKey, type Credentials, type FailedItem, type Page, type ProviderContext, type Task, type TaskStatus } from '../types';

/** The SDK's CdnRegion: cn-north-1 and ap-southeast-1 (the international site) both call this one global host. */
export const HUAWEI_CDN_HOST = 'cdn.myhuaweicloud.com';
const HOST_PATTERNS = [`https://${HUAWEI_CDN_HOST}/*`];
/**
 * Both calls: "单租户调用频率：30次/s" (https://support.huaweicloud.com/api-cdn/ShowHistoryTasks.html,
 * https://support.huaweicloud.com/api-cdn/ShowHistoryTaskDetails.html).
 */
export const HUAWEI_CDN_QPS = 30;
/** page_size may be 1–10,000; a cycle's tasks fit one page of 100 (tasks, not URLs). */
export const HUAWEI_CDN_LIST_PAGE = 100;
/** Failed URLs a page: well within the documented 10,000. */
export const HUAWEI_CDN_DETAIL_PAGE = 1000;
const MAX_PAGES = 100;
export const HUAWEI_CDN_WINDOW_MS = 24 * 3600_000;

/**
 * Both calls' "授权信息" tables name cdn:configuration:queryCacheHistoryTask (access level List):
 * https://support.huaweicloud.com/api-cdn/ShowHistoryTasks.md and
 * https://support.huaweicloud.com/api-cdn/ShowHistoryTaskDetails.md. The CDN Domain Viewer
 * system role's policy, as IAM's security-audit example shows it, lists the same action. The
 * name cdn:configuration:queryHistoryTasks (used before) appears in none of Huawei's pages found.
 */
export const HUAWEI_CDN_ACTIONS = {
  ShowHistoryTasks: 'cdn:configuration:queryCacheHistoryTask',
  ShowHistoryTaskDetails: 'cdn:configuration:queryCacheHistoryTask',
} as const;

/**
 * "This parameter is mandatory when you use an IAM user to call this API"; "all" asks for every
 * enterprise project, and is ignored where the function is off. Batchwatch's key is an IAM user's.
 */
const ENTERPRISE_PROJECT: [string, string] = ['enterprise_project_id', 'all'];

/** TasksObject: every field may be missing or null. */
export const cdnTaskSchema = z.looseObject({
  id, task_type: text, status: text, processing: count, succeed: count, failed: count, total: count, create_time: count, file_type: text,
});
export type CdnTask = z.infer<typeof cdnTaskSchema>;
const listSchema = z.looseObject({ total: count, tasks: rowList });

/** UrlObject. */
export const cdnUrlSchema = z.looseObject({
  id, url: text, status: text, create_time: count, task_id: text, task_type: text, fail_classify: text, fail_desc: text,
});
/** ShowHistoryTaskDetailsResponse: the task's counts and a page of its URLs. */
export const detailSchema = z.looseObject({
  id, task_type: text, status: text, urls: rowList, create_time: count, processing: count, succeed: count, failed: count, total: count, file_type: text,
});

/** task_inprocess and task_done are the documented words; a done task's counts tell how it ended. */
export function cdnTaskStatus(status: string | undefined, succeed?: number, failed?: number): TaskStatus {
  if (status === 'task_inprocess') return 'running';
  if (status !== 'task_done') return 'unknown';
  if (!failed) return 'succeeded';
  return succeed ? 'partial' : 'failed';
}

export function mapCdnTask(accountId: string, raw: z.infer<typeof detailSchema> | CdnTask): Task | undefined {
  if (!raw.id) return undefined;
  const preload = raw.task_type === 'preheating';
  const kind = preload ? CDN_KINDS.preload : raw.file_type === 'directory' ? CDN_KINDS.refreshDirectories : CDN_KINDS.refreshUrls;
  const status = cdnTaskStatus(raw.status, raw.succeed, raw.failed);
  return {
    key: taskKey(accountId, kind, raw.id),
    provider: 'huawei',
    accountId,
    kind,
    providerTaskId: raw.id,
    // The list names no URL: the kind says what was done, the label is the provider's own words for it.
    label: [raw.task_type, raw.file_type].filter(Boolean).join(' · ') || raw.id,
    status,
    ...(raw.status ? { statusText: raw.status } : {}),
    ...(raw.total !== undefined ? { total: raw.total } : {}),
    ...(raw.succeed !== undefined ? { done: raw.succeed } : {}),
    ...(raw.failed !== undefined ? { failed: raw.failed } : {}),
    ...(raw.create_time !== undefined ? { createdAt: raw.create_time } : {}),
    locator: { ...(raw.create_time !== undefined ? { createTime: String(raw.create_time) } : {}) },
  };
}

async function call<T>(cred: Credentials, ctx: ProviderContext, operation: keyof typeof HUAWEI_CDN_ACTIONS, path: string, query: [string, string][], schema: z.ZodType<T>): Promise<T> {
  return getJson(cred, pacedContext(ctx, `${cred.account.id}:${operation}`, HUAWEI_CDN_QPS), HUAWEI_CDN_HOST, path, [ENTERPRISE_PROJECT, ...query], schema, operation, {}, HUAWEI_CDN_ACTIONS[operation]);
}

/** Both task types in one list, over the window, paged to `total`. */
export async function listCdnTasks(cred: Credentials, ctx: ProviderContext, pageSize = HUAWEI_CDN_LIST_PAGE, maxPages = MAX_PAGES): Promise<{ tasks: Task[]; unreadable: Unreadable }> {
  const now = ctx.now();
  const tasks: Task[] = [];
  let unreadable = NO_UNREADABLE;
  let seen = 0;
  for (let page = 1; page <= maxPages; page++) {
    const answer = await call(cred, ctx, 'ShowHistoryTasks', '/v1.0/cdn/historytasks', [
      ['page_size', String(pageSize)], ['page_number', String(page)],
      ['start_date', String(now - HUAWEI_CDN_WINDOW_MS)], ['end_date', String(now)],
    ], listSchema);
    const raws = answer.tasks ?? [];
    const read = readRows(raws, cdnTaskSchema, 'id');
    unreadable = addUnreadable(unreadable, read.unreadable);
    for (const raw of read.rows) tasks.push(mapCdnTask(cred.account.id, raw)!);
    seen += raws.length;
    if (raws.length < pageSize || (answer.total !== undefined && seen >= answer.total)) break;
  }
  return { tasks, unreadable };
}

/**
 * One task's details. Without create_time the call looks back 7 days only (15 at most): the
 * task's own creation time reaches it wherever it is in that range.
 */
async function details(cred: Credentials, ctx: ProviderContext, task: Task, query: [string, string][]) {
  const created = task.locator?.createTime ?? (task.createdAt !== undefined ? String(task.createdAt) : undefined);
  const path = `/v1.0/cdn/historytasks/${encodeURIComponent(task.providerTaskId)}/detail`;
  return call(cred, ctx, 'ShowHistoryTaskDetails', path, [...query, ...(created && /^\d+$/.test(created) ? [['create_time', created] as [string, string]] : [])], detailSchema);
}

export async function cdnFailedItems(cred: Credentials, task: Task, page: number, ctx: ProviderContext): Promise<Page<FailedItem>> {
  const answer = await details(cred, ctx, task, [['page_size', String(HUAWEI_CDN_DETAIL_PAGE)], ['page_number', String(page)], ['status', 'failed']]);
  const items = readEach(answer.urls, cdnUrlSchema)
    .filter((u) => u.status === undefined || u.status === 'failed')
    .map((u): FailedItem => {
      const url = u.url ?? '';
      return {
        item: url || { id: 'failedItemUnnamedUrl' },
        ...(u.fail_classify ? { code: u.fail_classify } : {}),
        // The reason CDN gives; without one, its classification, or at least its status word;
        // without any, that Huawei Cloud gave no reason.
        message: u.fail_desc || u.fail_classify || u.status || NO_REASON,
        fields: { url },
      };
    });
  const total = answer.failed ?? items.length;
  return { items, total, ...(page * HUAWEI_CDN_DETAIL_PAGE < total && items.length > 0 ? { nextPage: page + 1 } : {}) };
}

export const huaweiCdn: TaskSource = cdnSource({
  id: 'huawei-cdn',
  providers: ['huawei'],
  apiHostPatterns: HOST_PATTERNS,
  calls: [
    { operation: 'ShowHistoryTasks', action: HUAWEI_CDN_ACTIONS.ShowHistoryTasks },
    { operation: 'ShowHistoryTaskDetails', action: HUAWEI_CDN_ACTIONS.ShowHistoryTaskDetails },
  ],
  consoleMatches: HUAWEI_CDN_CONSOLE.matches,
  async discover(cred, ctx) {
    const listed = await listCdnTasks(cred, ctx);
    reportCdnUnreadable(ctx, CDN_KINDS.refreshUrls, cred.account.name, listed.unreadable);
    return listed.tasks;
  },
  async refresh(cred, task, ctx) {
    // Only the counts are wanted: one URL a page.
    const mapped = mapCdnTask(cred.account.id, await details(cred, ctx, task, [['page_size', '1'], ['page_number', '1']]));
    if (!mapped || mapped.providerTaskId !== task.providerTaskId) throw new ProviderError('not-found', `Huawei Cloud CDN has no task ${task.providerTaskId}`);
    return { ...mapped, locator: { ...task.locator, ...mapped.locator } };
  },
  failedItems: cdnFailedItems,
  probe: (cred, ctx) => listCdnTasks(cred, ctx, 1, 1),
  consoleUrl: (_task, account) => `https://${readHuaweiSettings(account.settings).site === 'intl' ? 'console-intl' : 'console'}.huaweicloud.com/cdn/`,
});
