/**
 * Huawei Cloud DNS (v2.1 batch-operation tasks, per-zone batch-create tasks) and DCS
 * (task center) calls, parsed with the shared lenient fields and mapped to the normalised
 * Task / FailedItem. One unreadable row costs that row (counted and reported), never the list.
 */
import type { z } from 'zod';
import { send, withClockSkewRetry } from '../http';
import { addUnreadable, known, NO_UNREADABLE, parseAnswer, readEach, readRows, reportUnreadable, type Unreadable } from '../shape';
import type { CatalogueKey } from '../../i18n/catalogue';
import { NO_REASON, ProviderError, taskKey, type Credentials, type FailedItem, type Page, type ProviderContext, type Task, type TaskStatus } from '../types';
import { classifyHuaweiError } from './errors';
import { IAM_ACTIONS, UnknownProjectError } from './capabilities';
import { DNS_SITE_REGIONS, readHuaweiSettings, type DcsRegion } from './settings';
import {
  dcsTaskSchema,
  dnsErrorItemSchema,
  dnsTaskSchema,
  listDcsTasksSchema,
  listDnsTasksSchema,
  projectSchema,
  projectsSchema,
  showDnsTaskSchema,
  zoneCreateErrorItemSchema,
  zoneCreateTaskSchema,
  type DcsTask,
  type DnsTask,
} from './schemas';
import { signHuawei } from './sign';
import { usableToken } from '../temporary-keys';

export const DNS_LIST_LIMIT = 500;
export const DNS_ERROR_ITEM_LIMIT = 500;
/** The zone endpoint documents error_item_limit 0–2000 and error_item_offset 0–2000. */
export const ZONE_ERROR_ITEM_LIMIT = 2000;
export const ZONE_ERROR_ITEM_MAX_OFFSET = 2000;
export const DCS_LIST_LIMIT = 1000;
/** A runaway pager (a total that never comes) stops here: 100,000 DCS tasks. */
export const MAX_LIST_PAGES = 100;

/** Every Huawei API host (regional DNS and DCS, global IAM) is a subdomain of this. */
export const API_HOST_PATTERNS = ['https://*.myhuaweicloud.com/*'] as const;

/** The region the account's DNS site is called through (DNS public zones are global). */
export const dnsRegionOf = (cred: Credentials): string => DNS_SITE_REGIONS[readHuaweiSettings(cred.account.settings).site];
/** The DCS regions an account watches (each one a capability); none means DCS is off. */
export const dcsRegionsOf = (cred: Credentials): DcsRegion[] => readHuaweiSettings(cred.account.settings).dcs;
export const dnsHost = (region: string): string => `dns.${region}.myhuaweicloud.com`;
export const dcsHost = (region: string): string => `dcs.${region}.myhuaweicloud.com`;
export const IAM_HOST = 'iam.myhuaweicloud.com';

/**
 * The SDK signs X-Project-Id on project-scoped calls. The DCS path names the project, and
 * Batchwatch sends it there too, as the SDK does; DNS public zones are a global service,
 * so it goes on DNS calls only when the user entered a Project ID (an IAM user scoped to
 * that one project).
 */
export function projectHeaders(projectId: string | undefined): Record<string, string> {
  return projectId ? { 'x-project-id': projectId } : {};
}

const configuredProjectId = (cred: Credentials): string | undefined => readHuaweiSettings(cred.account.settings).dnsProjectId;

/**
 * One signed GET to a Huawei API host, its answer parsed with `schema`. `action` is the IAM action
 * named when the call is refused (by default this provider's own table; another Huawei service's
 * source passes its own).
 */
export async function getJson<T>(
  cred: Credentials,
  ctx: ProviderContext,
  host: string,
  path: string,
  query: [string, string][],
  schema: z.ZodType<T>,
  what: string,
  headers: Record<string, string> = {},
  action: string | undefined = IAM_ACTIONS[what],
): Promise<T> {
  const accessKeyId = cred.secrets.accessKeyId ?? '';
  const secretAccessKey = cred.secrets.secretAccessKey ?? '';
  return withClockSkewRetry(ctx, async () => {
    const signed = await signHuawei({ method: 'GET', host, path, query, headers, body: '', date: new Date(ctx.now()), accessKeyId, secretAccessKey, securityToken: usableToken(cred, ctx.now()) });
    const res = await send(ctx, { url: signed.url, method: 'GET', headers: signed.headers, hosts: API_HOST_PATTERNS });
    if (res.status < 200 || res.status > 299) throw classifyHuaweiError(res, ctx.now(), action);
    const parsed = schema.safeParse(parseAnswer(res.text, what));
    if (!parsed.success) throw new ProviderError('malformed', `${what}: the answer is not a JSON object`, { httpStatus: res.status });
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

const DNS_TYPE_LABELS: Record<string, CatalogueKey> = {
  batch_create_zone: 'taskHuaweiCreateZones',
  create: 'taskHuaweiAddRecordSets',
  import_recordset: 'taskHuaweiImportRecordSets',
  delete: 'taskHuaweiDeleteRecordSets',
  batch_update_rs: 'taskHuaweiUpdateRecordSets',
  transfer: 'taskHuaweiTransfer',
};

/** The docs (list and zone pages) document PENDING and DONE only; any other word is kept as 'unknown'. */
export function dnsStatus(status: string | undefined, success?: number, errors?: number): TaskStatus {
  if (status === 'PENDING') return 'running';
  if (status === 'DONE') {
    if (!errors) return 'succeeded';
    return success ? 'partial' : 'failed';
  }
  return 'unknown';
}

/**
 * One key for one task: the docs' own examples give the list's task and the zone
 * endpoint's task the same id (9a186e66977dd48f01977e021c480cac), so both are 'dns-batch'.
 */
export const dnsTaskKey = (accountId: string, taskId: string): string => taskKey(accountId, 'dns-batch', taskId);

/** The optional fields both DNS task shapes share, present only when the answer had them. */
function dnsTaskFields(status: string | undefined, counts: { total?: number | undefined; done?: number | undefined; failed?: number | undefined }, created?: string, updated?: string) {
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

/** A task type this version knows is words; an unknown one is shown as the code it is. */
function dnsLabel(type: string): Task['label'] {
  const id = known(DNS_TYPE_LABELS, type);
  return id ? { id } : type || { id: 'taskHuaweiDnsBatch' };
}

export function mapDnsTask(accountId: string, raw: DnsTask): Task | undefined {
  if (!raw.id) return undefined;
  const done = raw.success_count;
  const failed = raw.error_count;
  const status = dnsStatus(raw.status, done, failed);
  // The list gives no total: only a finished task's counts add up to it.
  const total = raw.total_count ?? (status !== 'running' && status !== 'unknown' && (done !== undefined || failed !== undefined) ? (done ?? 0) + (failed ?? 0) : undefined);
  const type = raw.type ?? '';
  return {
    key: dnsTaskKey(accountId, raw.id),
    provider: 'huawei',
    accountId,
    kind: 'dns-batch',
    providerTaskId: raw.id,
    label: dnsLabel(type),
    status,
    ...dnsTaskFields(raw.status, { total, done, failed }, raw.created_at, raw.updated_at),
    locator: { type },
  };
}

/**
 * A zone-tracked task keeps its zone view when the batch list (or the batch API) answers for
 * it: the zone is what its console link and its richer failed items (name, type, records) need.
 */
export function mergeDnsViews(stored: Task, fresh: Task): Task {
  if (stored.kind !== 'dns-zone-batch-create' || !stored.locator?.zoneId || fresh.kind !== 'dns-batch') return fresh;
  return { ...fresh, kind: stored.kind, label: stored.label, locator: { ...fresh.locator, ...stored.locator } };
}

export function mapZoneCreateTask(accountId: string, zoneId: string, zoneName: string | undefined, raw: z.infer<typeof zoneCreateTaskSchema>): Task | undefined {
  if (!raw.task_id) return undefined;
  const done = raw.success_count;
  const failed = raw.error_count;
  return {
    key: dnsTaskKey(accountId, raw.task_id),
    provider: 'huawei',
    accountId,
    kind: 'dns-zone-batch-create',
    providerTaskId: raw.task_id,
    label: { id: 'taskHuaweiZoneCreate', zone: zoneName ?? zoneId },
    status: dnsStatus(raw.status, done, failed),
    ...dnsTaskFields(raw.status, { total: raw.total_count, done, failed }, raw.created_at, raw.updated_at),
    locator: { zoneId, ...(zoneName ? { zoneName } : {}) },
  };
}

/**
 * No DCS page documents the status words; these were seen (PROVIDERS.md). Any other word
 * stays 'unknown', shown as the provider's word and polled at the idle cadence.
 */
const DCS_STATUSES: Record<string, TaskStatus> = {
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  EXECUTING: 'running',
  CREATED: 'pending',
  WAITING: 'pending',
};

export function mapDcsTask(accountId: string, projectId: string, region: string, raw: DcsTask): Task | undefined {
  if (!raw.id) return undefined;
  const createdAt = parseHuaweiTime(raw.created_at);
  const updatedAt = parseHuaweiTime(raw.updated_at);
  const status = known(DCS_STATUSES, raw.status) ?? 'unknown';
  return {
    key: taskKey(accountId, 'dcs-task', raw.id),
    provider: 'huawei',
    accountId,
    kind: 'dcs-task',
    providerTaskId: raw.id,
    label: raw.name ? `DCS ${raw.name}` : { id: 'taskHuaweiDcs' },
    status,
    ...(raw.status ? { statusText: raw.status } : {}),
    ...(status === 'failed' ? { failed: 1, total: 1 } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(updatedAt !== undefined ? { updatedAt } : {}),
    ...(status === 'succeeded' || status === 'failed' ? (updatedAt !== undefined ? { finishedAt: updatedAt } : {}) : {}),
    locator: { projectId, region, ...(raw.error_code ? { errorCode: raw.error_code } : {}) },
  };
}


export interface Listed {
  tasks: Task[];
  unreadable: Unreadable;
}

/**
 * Pages until a short page (the answer may have no metadata: a missing total is not 0), or
 * until metadata.total_count is reached when it is there.
 */
export async function listDnsTasks(cred: Credentials, ctx: ProviderContext): Promise<Listed> {
  const tasks: Task[] = [];
  let unreadable = NO_UNREADABLE;
  for (let offset = 0, pages = 0; pages < MAX_LIST_PAGES; offset += DNS_LIST_LIMIT, pages++) {
    const page = await getJson(cred, ctx, dnsHost(dnsRegionOf(cred)), '/v2.1/batch-operation-tasks', [['limit', String(DNS_LIST_LIMIT)], ['offset', String(offset)]], listDnsTasksSchema, 'ListBatchOperationTasks', projectHeaders(configuredProjectId(cred)));
    const raws = page.tasks ?? [];
    const read = readRows(raws, dnsTaskSchema, 'id');
    unreadable = addUnreadable(unreadable, read.unreadable);
    for (const raw of read.rows) tasks.push(mapDnsTask(cred.account.id, raw)!);
    const total = page.metadata?.total_count;
    if (raws.length < DNS_LIST_LIMIT || (total !== undefined && offset + raws.length >= total)) break;
  }
  return { tasks, unreadable };
}

export async function showDnsTask(cred: Credentials, ctx: ProviderContext, taskId: string, errorPage?: number) {
  const query: [string, string][] = [['error_item_limit', String(errorPage ? DNS_ERROR_ITEM_LIMIT : 0)]];
  if (errorPage) query.push(['error_item_offset', String((errorPage - 1) * DNS_ERROR_ITEM_LIMIT)]);
  return getJson(cred, ctx, dnsHost(dnsRegionOf(cred)), `/v2.1/batch-operation-tasks/${encodeURIComponent(taskId)}`, query, showDnsTaskSchema, 'ShowBatchOperationTask', projectHeaders(configuredProjectId(cred)));
}

/** The zone's latest batch-create task; `offset` of its failed items stays within 0–2000. */
export async function showZoneCreateTask(cred: Credentials, ctx: ProviderContext, zoneId: string, errorOffset?: number) {
  const query: [string, string][] = [['error_item_limit', String(errorOffset === undefined ? 0 : ZONE_ERROR_ITEM_LIMIT)]];
  if (errorOffset !== undefined) query.push(['error_item_offset', String(Math.min(errorOffset, ZONE_ERROR_ITEM_MAX_OFFSET))]);
  return getJson(cred, ctx, dnsHost(dnsRegionOf(cred)), `/v2.1/zones/${encodeURIComponent(zoneId)}/recordsets/batch-create-task`, query, zoneCreateTaskSchema, 'ShowBatchCreateRecordsetsTask', projectHeaders(configuredProjectId(cred)));
}

/** The region's given project wins; then a remembered one; then IAM (projects, then auth/projects). */
export async function projectIdFor(cred: Credentials, ctx: ProviderContext, dcs: DcsRegion): Promise<string> {
  const region = dcs.region;
  if (dcs.projectId) return dcs.projectId;
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
  const match = readRows(projects.projects, projectSchema, 'id').rows.find((p) => p.name === region);
  if (!match) throw new UnknownProjectError(region);
  ctx.memo.set(memoKey, match.id);
  return match.id;
}

function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const DCS_WINDOW_MS = 30 * 24 * 3600 * 1000;

/**
 * The task center over a window (the last 30 days unless `since` narrows it), paged to
 * task_count whatever the server's page size, so an account with more than a page of tasks
 * loses none.
 */
export async function listDcsTasks(cred: Credentials, ctx: ProviderContext, dcs: DcsRegion, since?: number): Promise<Listed> {
  const region = dcs.region;
  const projectId = await projectIdFor(cred, ctx, dcs);
  const now = ctx.now();
  const start = Math.max(now - DCS_WINDOW_MS, since ?? 0);
  const tasks: Task[] = [];
  const seen = new Set<string>();
  let unreadable = NO_UNREADABLE;
  for (let offset = 0, pages = 0; pages < MAX_LIST_PAGES; pages++) {
    const page = await getJson(
      cred, ctx, dcsHost(region), `/v2/${projectId}/tasks`,
      [['offset', String(offset)], ['limit', String(DCS_LIST_LIMIT)], ['start_time', utcStamp(start)], ['end_time', utcStamp(now)]],
      listDcsTasksSchema, 'ListDcsTasks', projectHeaders(projectId),
    );
    const raws = page.tasks ?? [];
    const read = readRows(raws, dcsTaskSchema, 'id');
    // A server that ignores the offset answers the first page again: nothing new ends the list.
    const fresh = read.rows.filter((raw) => !seen.has(raw.id!));
    if (read.rows.length && !fresh.length) break;
    unreadable = addUnreadable(unreadable, read.unreadable);
    for (const raw of fresh) tasks.push(mapDcsTask(cred.account.id, projectId, region, raw)!);
    for (const raw of fresh) seen.add(raw.id!);
    offset += raws.length;
    const total = page.task_count;
    // A server may page by less than the limit asked (its own page size): only an empty page,
    // or task_count reached, ends the list. A short page alone would lose the rest.
    if (raws.length === 0 || (total !== undefined && offset >= total)) break;
  }
  return { tasks, unreadable };
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

async function zoneFailedItems(cred: Credentials, ctx: ProviderContext, task: Task, page: number): Promise<Page<FailedItem>> {
  const zoneId = task.locator?.zoneId ?? '';
  const offset = (page - 1) * ZONE_ERROR_ITEM_LIMIT;
  const res = await showZoneCreateTask(cred, ctx, zoneId, offset);
  // The zone shows its latest task only: once a newer one hides ours, the batch API has our failures.
  if (res.task_id && res.task_id !== task.providerTaskId) return listFailedItems(cred, ctx, task, page);
  const items = readEach(res.error_items, zoneCreateErrorItemSchema).map((e): FailedItem => {
    const records = e.records ?? [];
    const fields: Record<string, string> = {};
    if (e.name) fields.name = e.name;
    if (e.type) fields.type = e.type;
    if (e.line) fields.line = e.line;
    if (e.ttl !== undefined) fields.ttl = String(e.ttl);
    if (e.weight !== undefined) fields.weight = String(e.weight);
    if (records.length) fields.records = records.join(';');
    if (e.description) fields.description = e.description;
    return {
      item: [e.name, e.type, records.join(' ')].filter(Boolean).join(' ') || { id: 'failedItemUnnamedRecordSet' },
      ...(e.error_code ? { code: e.error_code } : {}),
      message: e.error_message || NO_REASON,
      fields,
    };
  });
  const total = res.error_count ?? items.length;
  const more = offset + items.length < total && items.length > 0;
  // The next page would start past the documented maximum offset: only the console has the rest.
  const nextOffset = offset + ZONE_ERROR_ITEM_LIMIT;
  if (more && nextOffset > ZONE_ERROR_ITEM_MAX_OFFSET) return { items, total, beyondApi: true };
  return { items, total, ...(more ? { nextPage: page + 1 } : {}) };
}

export async function dnsFailedItems(cred: Credentials, ctx: ProviderContext, task: Task, page: number): Promise<Page<FailedItem>> {
  if (task.locator?.zoneId && task.kind === 'dns-zone-batch-create') return zoneFailedItems(cred, ctx, task, page);
  return listFailedItems(cred, ctx, task, page);
}

async function listFailedItems(cred: Credentials, ctx: ProviderContext, task: Task, page: number): Promise<Page<FailedItem>> {
  const res = await showDnsTask(cred, ctx, task.providerTaskId, page);
  const items = readEach(res.error_items, dnsErrorItemSchema).map((e): FailedItem => {
    const text = errorItemText(e.item);
    return { item: text || { id: 'failedItemUnnamed' }, ...(e.error_code ? { code: e.error_code } : {}), message: e.error_message || NO_REASON, fields: { item: text } };
  });
  const total = res.metadata?.total_count ?? res.error_count ?? items.length;
  return { items, total, ...(page * DNS_ERROR_ITEM_LIMIT < total && items.length > 0 ? { nextPage: page + 1 } : {}) };
}

/** Reports unreadable rows of both lists at once, as one note per kind. */
export function reportListed(ctx: ProviderContext, cred: Credentials, dns: Unreadable, dcs: Unreadable): void {
  reportUnreadable(ctx, 'dns-batch', 'unreadableDnsTasks', cred.account.name, dns);
  reportUnreadable(ctx, 'dcs-task', 'unreadableDcsTasks', cred.account.name, dcs);
}
