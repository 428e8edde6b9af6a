/**
 * Huawei Cloud DNS (v2.1 batch-operation tasks, per-zone batch-create tasks) and DCS
 * (task center) calls, parsed with zod and mapped to the normalised Task / FailedItem.
 */
import type { z } from 'zod';
import { parseJson, send, withClockSkewRetry } from '../http';
import { ProviderError, taskKey, type Credentials, type FailedItem, type Lang, type Page, type ProviderContext, type Task, type TaskStatus, type Text } from '../types';
import { classifyHuaweiError } from './errors';
import {
  dcsTaskSchema,
  dnsTaskSchema,
  listDcsTasksSchema,
  listDnsTasksSchema,
  projectsSchema,
  showDnsTaskSchema,
  zoneCreateTaskSchema,
} from './schemas';
import { signHuawei } from './sign';

export const DNS_LIST_LIMIT = 500;
export const DNS_ERROR_ITEM_LIMIT = 500;
export const ZONE_ERROR_ITEM_LIMIT = 2000;
export const DCS_LIST_LIMIT = 1000;
export const DEFAULT_REGION = 'cn-north-4';

export const regionOf = (cred: Credentials): string => cred.account.settings.region?.trim() || DEFAULT_REGION;
export const dnsHost = (region: string): string => `dns.${region}.myhuaweicloud.com`;
export const dcsHost = (region: string): string => `dcs.${region}.myhuaweicloud.com`;
export const IAM_HOST = 'iam.myhuaweicloud.com';

async function getJson<T>(
  cred: Credentials,
  ctx: ProviderContext,
  host: string,
  path: string,
  query: [string, string][],
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  const accessKeyId = cred.secrets.accessKeyId ?? '';
  const secretAccessKey = cred.secrets.secretAccessKey ?? '';
  return withClockSkewRetry(ctx, async () => {
    const signed = await signHuawei({ method: 'GET', host, path, query, body: '', date: new Date(ctx.now()), accessKeyId, secretAccessKey });
    const res = await send(ctx, { url: signed.url, method: 'GET', headers: signed.headers });
    if (res.status < 200 || res.status > 299) throw classifyHuaweiError(res, ctx.now());
    const parsed = schema.safeParse(parseJson(res.text, what));
    if (!parsed.success) throw new ProviderError('malformed', `${what}: the answer does not have the documented shape`, { httpStatus: res.status });
    return parsed.data;
  });
}

/** Both documented timestamp shapes carry no zone: they are UTC. */
export function parseHuaweiTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return undefined;
  if (m[8] && m[8] !== 'Z') {
    const ms = Date.parse(value.trim().replace(' ', 'T'));
    return Number.isFinite(ms) ? ms : undefined;
  }
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number((m[7] ?? '0').padEnd(3, '0')));
  return Number.isFinite(ms) ? ms : undefined;
}

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

const DNS_TYPE_LABELS: Record<string, Text> = {
  batch_create_zone: { en: 'Create zones', zh: '批量创建域名' },
  create: { en: 'Add record sets', zh: '批量添加记录集' },
  import_recordset: { en: 'Import record sets', zh: '批量导入记录集' },
  delete: { en: 'Delete record sets', zh: '批量删除记录集' },
  batch_update_rs: { en: 'Update record sets', zh: '批量修改记录集' },
  transfer: { en: 'Transfer domain names', zh: '批量转移域名' },
};

export function dnsStatus(status: string | null | undefined, success?: number, errors?: number): TaskStatus {
  if (status === 'PENDING') return 'running';
  if (status === 'DONE') {
    if (!errors) return 'succeeded';
    return success ? 'partial' : 'failed';
  }
  return 'unknown';
}

/** The optional fields both DNS task shapes share, present only when the answer had them. */
function dnsTaskFields(status: string | null | undefined, counts: { total?: number; done?: number; failed?: number }, created?: string | null, updated?: string | null) {
  const createdAt = parseHuaweiTime(created);
  const updatedAt = parseHuaweiTime(updated);
  return {
    ...(status ? { statusText: status } : {}),
    ...(counts.total !== undefined ? { total: counts.total } : {}),
    ...(counts.done !== undefined ? { done: counts.done } : {}),
    ...(counts.failed !== undefined ? { failed: counts.failed } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
  };
}

export function mapDnsTask(accountId: string, raw: z.infer<typeof dnsTaskSchema>, lang: Lang = 'en'): Task | undefined {
  if (!raw.id) return undefined;
  const done = num(raw.success_count);
  const failed = num(raw.error_count);
  const status = dnsStatus(raw.status, done, failed);
  // The list gives no total: only a finished task's counts add up to it.
  const total = num(raw.total_count) ?? (status !== 'running' && (done !== undefined || failed !== undefined) ? (done ?? 0) + (failed ?? 0) : undefined);
  const type = raw.type ?? '';
  return {
    key: taskKey(accountId, 'dns-batch', raw.id),
    provider: 'huawei',
    accountId,
    kind: 'dns-batch',
    providerTaskId: raw.id,
    label: DNS_TYPE_LABELS[type]?.[lang] ?? (type || (lang === 'zh' ? 'DNS 批量任务' : 'DNS batch task')),
    status,
    ...dnsTaskFields(raw.status, { total, done, failed }, raw.created_at, raw.updated_at),
    locator: { type },
  };
}

export function mapZoneCreateTask(accountId: string, zoneId: string, zoneName: string | undefined, raw: z.infer<typeof zoneCreateTaskSchema>, lang: Lang = 'en'): Task | undefined {
  if (!raw.task_id) return undefined;
  const done = num(raw.success_count);
  const failed = num(raw.error_count);
  const total = num(raw.total_count);
  return {
    key: taskKey(accountId, 'dns-zone-batch-create', raw.task_id),
    provider: 'huawei',
    accountId,
    kind: 'dns-zone-batch-create',
    providerTaskId: raw.task_id,
    label: lang === 'zh' ? `向 ${zoneName ?? zoneId} 批量添加记录集` : `Add record sets to ${zoneName ?? zoneId}`,
    status: dnsStatus(raw.status, done, failed),
    ...dnsTaskFields(raw.status, { total, done, failed }, raw.created_at, raw.updated_at),
    locator: { zoneId, ...(zoneName ? { zoneName } : {}) },
  };
}

const DCS_STATUSES: Record<string, TaskStatus> = {
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  EXECUTING: 'running',
  CREATED: 'pending',
  WAITING: 'pending',
};

export function mapDcsTask(accountId: string, projectId: string, region: string, raw: z.infer<typeof dcsTaskSchema>, lang: Lang = 'en'): Task | undefined {
  if (!raw.id) return undefined;
  const createdAt = parseHuaweiTime(raw.created_at);
  const updatedAt = parseHuaweiTime(raw.updated_at);
  const status = (raw.status && DCS_STATUSES[raw.status]) || 'unknown';
  return {
    key: taskKey(accountId, 'dcs-task', raw.id),
    provider: 'huawei',
    accountId,
    kind: 'dcs-task',
    providerTaskId: raw.id,
    label: raw.name ? `DCS ${raw.name}` : lang === 'zh' ? 'DCS 任务' : 'DCS task',
    status,
    ...(raw.status ? { statusText: raw.status } : {}),
    ...(status === 'failed' ? { failed: 1, total: 1 } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    ...(status === 'succeeded' || status === 'failed' ? (updatedAt !== undefined ? { finishedAt: updatedAt } : {}) : {}),
    locator: { projectId, region, ...(raw.error_code ? { errorCode: raw.error_code } : {}) },
  };
}

export async function listDnsTasks(cred: Credentials, ctx: ProviderContext): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let offset = 0; ; offset += DNS_LIST_LIMIT) {
    const page = await getJson(cred, ctx, dnsHost(regionOf(cred)), '/v2.1/batch-operation-tasks', [['limit', String(DNS_LIST_LIMIT)], ['offset', String(offset)]], listDnsTasksSchema, 'ListBatchOperationTasks');
    const raws = page.tasks ?? [];
    for (const raw of raws) {
      const task = mapDnsTask(cred.account.id, raw, ctx.lang);
      if (task) tasks.push(task);
    }
    const total = num(page.metadata?.total_count) ?? 0;
    if (raws.length < DNS_LIST_LIMIT || offset + raws.length >= total) return tasks;
  }
}

export async function showDnsTask(cred: Credentials, ctx: ProviderContext, taskId: string, errorPage?: number) {
  const query: [string, string][] = [['error_item_limit', String(errorPage ? DNS_ERROR_ITEM_LIMIT : 0)]];
  if (errorPage) query.push(['error_item_offset', String((errorPage - 1) * DNS_ERROR_ITEM_LIMIT)]);
  return getJson(cred, ctx, dnsHost(regionOf(cred)), `/v2.1/batch-operation-tasks/${taskId}`, query, showDnsTaskSchema, 'ShowBatchOperationTask');
}

export async function showZoneCreateTask(cred: Credentials, ctx: ProviderContext, zoneId: string, errorPage?: number) {
  const query: [string, string][] = [['error_item_limit', String(errorPage ? ZONE_ERROR_ITEM_LIMIT : 0)]];
  if (errorPage) query.push(['error_item_offset', String((errorPage - 1) * ZONE_ERROR_ITEM_LIMIT)]);
  return getJson(cred, ctx, dnsHost(regionOf(cred)), `/v2.1/zones/${zoneId}/recordsets/batch-create-task`, query, zoneCreateTaskSchema, 'ShowBatchCreateRecordsetsTask');
}

/** The user's Project ID wins; then a remembered one; then IAM (projects, then auth/projects). */
export async function projectIdFor(cred: Credentials, ctx: ProviderContext): Promise<string> {
  const region = regionOf(cred);
  const configured = cred.account.settings.projectId?.trim();
  if (configured) return configured;
  const memoKey = `projectId:${region}`;
  const remembered = ctx.memo.get(memoKey);
  if (remembered) return remembered;
  let projects: z.infer<typeof projectsSchema>;
  try {
    projects = await getJson(cred, ctx, IAM_HOST, '/v3/projects', [['name', region]], projectsSchema, 'KeystoneListProjects');
  } catch (err) {
    if (!(err instanceof ProviderError) || (err.cls !== 'permission' && err.cls !== 'not-found' && err.cls !== 'invalid-input')) throw err;
    projects = await getJson(cred, ctx, IAM_HOST, '/v3/auth/projects', [], projectsSchema, 'KeystoneListAuthProjects');
  }
  const match = (projects.projects ?? []).find((p) => p.name === region && p.id);
  if (!match?.id) throw new ProviderError('invalid-input', `No project named ${region} was found: enter the Project ID in the account`);
  ctx.memo.set(memoKey, match.id);
  return match.id;
}

function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const DCS_WINDOW_MS = 30 * 24 * 3600 * 1000;

export async function listDcsTasks(cred: Credentials, ctx: ProviderContext): Promise<Task[]> {
  const region = regionOf(cred);
  const projectId = await projectIdFor(cred, ctx);
  const now = ctx.now();
  const page = await getJson(
    cred, ctx, dcsHost(region), `/v2/${projectId}/tasks`,
    [['offset', '0'], ['limit', String(DCS_LIST_LIMIT)], ['start_time', utcStamp(now - DCS_WINDOW_MS)], ['end_time', utcStamp(now)]],
    listDcsTasksSchema, 'ListDcsTasks',
  );
  return (page.tasks ?? []).flatMap((raw) => mapDcsTask(cred.account.id, projectId, region, raw, ctx.lang) ?? []);
}

function errorItemText(item: unknown): string {
  if (typeof item === 'string') return item;
  if (item && typeof item === 'object') {
    const r = item as Record<string, unknown>;
    const parts = [r.name, r.type, Array.isArray(r.records) ? r.records.join(' ') : r.records].filter((p) => typeof p === 'string' && p);
    if (parts.length) return parts.join(' ');
    return JSON.stringify(item);
  }
  return '';
}

export async function dnsFailedItems(cred: Credentials, ctx: ProviderContext, task: Task, page: number): Promise<Page<FailedItem>> {
  if (task.kind === 'dns-zone-batch-create') {
    const zoneId = task.locator?.zoneId ?? '';
    const res = await showZoneCreateTask(cred, ctx, zoneId, page);
    const items = (res.error_items ?? []).map((e): FailedItem => {
      const records = (e.records ?? []).filter((r): r is string => typeof r === 'string');
      const fields: Record<string, string> = {};
      if (e.name) fields.name = e.name;
      if (e.type) fields.type = e.type;
      if (e.line) fields.line = e.line;
      if (typeof e.ttl === 'number') fields.ttl = String(e.ttl);
      if (typeof e.weight === 'number') fields.weight = String(e.weight);
      if (records.length) fields.records = records.join(';');
      if (e.description) fields.description = e.description;
      return {
        item: [e.name, e.type, records.join(' ')].filter(Boolean).join(' ') || '(unnamed record set)',
        ...(e.error_code ? { code: e.error_code } : {}),
        message: e.error_message ?? '',
        fields,
      };
    });
    const total = num(res.error_count) ?? items.length;
    return { items, total, ...(page * ZONE_ERROR_ITEM_LIMIT < total && items.length > 0 ? { nextPage: page + 1 } : {}) };
  }
  const res = await showDnsTask(cred, ctx, task.providerTaskId, page);
  const items = (res.error_items ?? []).map((e): FailedItem => {
    const text = errorItemText(e.item);
    return { item: text || '(item)', ...(e.error_code ? { code: e.error_code } : {}), message: e.error_message ?? '', fields: { item: text } };
  });
  const total = num(res.metadata?.total_count) ?? num(res.error_count) ?? items.length;
  return { items, total, ...(page * DNS_ERROR_ITEM_LIMIT < total && items.length > 0 ? { nextPage: page + 1 } : {}) };
}
