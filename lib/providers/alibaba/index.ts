/**
 * Alibaba Cloud DNS (Alidns 2015-01-09) batch tasks. There is no call that lists tasks:
 * DescribeBatchResultCount without a TaskId answers the latest task (of a BatchType), so
 * Batchwatch asks once per BatchType and remembers every TaskId it has seen.
 */
import { z } from 'zod';
import { parseRetryAfter, send, withClockSkewRetry, type HttpResponse } from '../http';
import { count, flag, id, known, object, parseAnswer, readEach, rowList, text } from '../shape';
import { errorMessages, withCode } from '../sentences';
import type { CatalogueKey } from '../../i18n/catalogue';
import { NO_REASON, ProviderError, taskKey, type CapabilityReport, type Credentials, type FailedItem, type Provider, type ProviderContext, type Task, type TaskStatus } from '../types';
import { alibabaErrorClass } from './errors';
import { signAlibaba } from './sign';
import { ALIBABA_ACCESS } from './actions';
import { securityTokenField, tokenExpiryField, usableToken } from '../temporary-keys';

export const VERSION = '2015-01-09';
export const BATCH_TYPES = ['DOMAIN_ADD', 'DOMAIN_DEL', 'RR_ADD', 'RR_DEL'] as const;
export const DETAIL_PAGE_SIZE = 100;
export const ENDPOINTS = { china: 'alidns.aliyuncs.com', intl: 'alidns.ap-southeast-1.aliyuncs.com' } as const;

/** Every field of the SDK's DescribeBatchResultCountResponseBody is optional. */
export const countSchema = z.looseObject({
  Status: count,
  TotalCount: count,
  SuccessCount: count,
  FailedCount: count,
  TaskId: id,
  BatchType: text,
  Reason: text,
  RequestId: text,
});

/** The SDK model types every item field as string but Status (boolean); numbers are read as text. */
export const detailItemSchema = z.looseObject({
  Domain: text, Rr: text, Type: text, Value: text, Line: text, Priority: text, Ttl: text, RecordId: text,
  Remark: text, RrStatus: text, NewRr: text, NewValue: text, OperateDateStr: text, BatchType: text,
  Status: flag,
  Reason: text,
});

export const detailSchema = z.looseObject({
  TotalCount: count,
  PageNumber: count,
  PageSize: count,
  RequestId: text,
  BatchResultDetails: object({ BatchResultDetail: rowList }),
});

const errorSchema = z.looseObject({ Code: text, Message: text, RequestId: text, HostId: text, Recommend: text });

const BATCH_LABELS: Record<string, CatalogueKey> = {
  DOMAIN_ADD: 'taskAlibabaDomainAdd',
  DOMAIN_DEL: 'taskAlibabaDomainDel',
  RR_ADD: 'taskAlibabaRrAdd',
  RR_DEL: 'taskAlibabaRrDel',
};

/** Signature errors echo the server's string-to-sign, which names the AccessKeyId. */
export function scrub(message: string, accessKeyId: string): string {
  let out = message.slice(0, 300);
  if (accessKeyId) out = out.split(accessKeyId).join('***');
  return out.replace(/LTAI[0-9A-Za-z]{8,}/g, 'LTAI***').replace(/The string to sign is:.*$/s, '(string to sign withheld)');
}

export function classifyAlibabaError(res: HttpResponse, now: number, accessKeyId: string): ProviderError {
  let body: unknown;
  try {
    body = JSON.parse(res.text) as unknown;
  } catch {
    body = undefined;
  }
  const parsed = errorSchema.safeParse(body);
  const code = parsed.success ? (parsed.data.Code ?? undefined) : undefined;
  const message = parsed.success ? scrub(parsed.data.Message ?? '', accessKeyId) : '';
  const cls = alibabaErrorClass(code, res.status);
  return new ProviderError(cls, `Alibaba Cloud answered ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, {
    ...(code ? { code } : {}),
    httpStatus: res.status,
    ...(res.serverTime !== undefined ? { serverTime: res.serverTime } : {}),
    ...(parseRetryAfter(res.headers, now) !== undefined ? { retryAfterMs: parseRetryAfter(res.headers, now) } : {}),
    ...(parsed.success && parsed.data.RequestId ? { requestId: parsed.data.RequestId } : {}),
  });
}

const CAPABILITY_COUNT = { id: 'count', operation: 'DescribeBatchResultCount', label: { id: 'capabilityAlidnsCount' } } as const;
const CAPABILITY_DETAIL = { id: 'detail', operation: 'DescribeBatchResultDetail', label: { id: 'capabilityAlidnsDetail' } } as const;

/**
 * One capability's call for "Test connection": a refused permission is that capability's (the
 * RAM action its call is declared with); anything else (a refused key, no answer) is the test's.
 */
async function probe<T>(capability: typeof CAPABILITY_COUNT | typeof CAPABILITY_DETAIL, run: () => Promise<T>): Promise<{ answer?: T; report: CapabilityReport }> {
  const { id, label } = capability;
  try {
    return { answer: await run(), report: { id, label, state: 'watched' } };
  } catch (err) {
    if (!(err instanceof ProviderError) || err.cls !== 'permission') throw err;
    const action = err.action ?? ALIBABA_ACCESS.calls.find((c) => c.operation === capability.operation)?.action;
    return {
      report: {
        id, label, state: 'not-watched',
        reason: action ? { id: 'capabilityMissingActionRam', action } : { id: 'errorPermissionAlibaba' },
        cause: { kind: 'permission', ...(action ? { action } : {}) },
      },
    };
  }
}

const API_HOST_PATTERNS = [`https://${ENDPOINTS.china}/*`, `https://${ENDPOINTS.intl}/*`] as const;

const hostOf = (cred: Credentials): string => (cred.account.settings.endpoint === ENDPOINTS.intl ? ENDPOINTS.intl : ENDPOINTS.china);

async function call<T>(cred: Credentials, ctx: ProviderContext, action: string, params: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
  return callAlibaba(cred, ctx, { host: hostOf(cred), version: VERSION, hosts: API_HOST_PATTERNS }, action, { Lang: ctx.lang === 'zh' ? 'zh' : 'en', ...params }, schema);
}

/** An Alibaba Cloud RPC API with this signing and these keys (Alidns; CDN too). */
export interface AlibabaApi {
  host: string;
  version: string;
  /** The API's host match patterns: a request to any other host is refused before it is sent. */
  hosts: readonly string[];
  /** The RAM action each call needs (API name → action), named when Alibaba refuses the permission. */
  ramActions?: Readonly<Record<string, string>>;
}

/** A refused permission carries the RAM action its call needs, so the user is told which one to grant. */
function withRamAction(err: ProviderError, action: string | undefined): ProviderError {
  if (err.cls !== 'permission' || action === undefined || err.action !== undefined) return err;
  return new ProviderError(err.cls, err.message, {
    code: err.code, httpStatus: err.httpStatus, retryAfterMs: err.retryAfterMs, serverTime: err.serverTime,
    requestId: err.requestId, sentence: err.sentence, cause: err.cause, action,
  });
}

/** One signed RPC call (POST, parameters in the query, empty body), its error classified, its answer read by `schema`. */
export async function callAlibaba<T>(cred: Credentials, ctx: ProviderContext, api: AlibabaApi, action: string, params: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
  const accessKeyId = cred.secrets.accessKeyId ?? '';
  const accessKeySecret = cred.secrets.secretAccessKey ?? '';
  return withClockSkewRetry(ctx, async () => {
    // A fresh nonce and date on every attempt: Alibaba refuses a reused nonce.
    const signed = await signAlibaba({
      method: 'POST', host: api.host, action, version: api.version, query: params,
      body: '', date: new Date(ctx.now()), nonce: ctx.nonce(), accessKeyId, accessKeySecret, securityToken: usableToken(cred, ctx.now()),
    });
    const res = await send(ctx, { url: signed.url, method: 'POST', headers: signed.headers, hosts: api.hosts });
    if (res.status < 200 || res.status > 299) throw withRamAction(classifyAlibabaError(res, ctx.now(), accessKeyId), api.ramActions?.[action]);
    const parsed = schema.safeParse(parseAnswer(res.text, action));
    if (!parsed.success) throw new ProviderError('malformed', `${action}: the answer is not a JSON object`, { httpStatus: res.status });
    return parsed.data;
  });
}

export function countStatus(status: number | undefined, success?: number, failed?: number): TaskStatus | 'none' {
  if (status === -1) return 'none';
  if (status === 0) return 'running';
  if (status === 2) return 'failed';
  if (status === 1) {
    if (!failed) return 'succeeded';
    return success ? 'partial' : 'failed';
  }
  return 'unknown';
}

/** TaskId 0 (or none) names no task: the doc's own example answers it with Status 0. */
const isNoTask = (taskId: string | undefined): boolean => !taskId || /^0+$/.test(taskId);

/**
 * The latest task (asked without a TaskId), or the task asked for. An answer with Status -1
 * or TaskId 0 is "no task yet", never a phantom running task "0". Asked for a TaskId, an
 * answer that echoes none is about that task; one that names another task is not.
 */
export function mapCount(accountId: string, raw: z.infer<typeof countSchema>, fallbackType?: string, askedId?: string): Task | undefined {
  const success = raw.SuccessCount;
  const failed = raw.FailedCount;
  const status = countStatus(raw.Status, success, failed);
  if (status === 'none') return undefined;
  let taskId = raw.TaskId;
  if (askedId !== undefined) {
    if (!isNoTask(taskId) && taskId !== askedId) return undefined;
    taskId = askedId;
  }
  if (taskId === undefined || isNoTask(taskId)) return undefined;
  const batchType = raw.BatchType ?? fallbackType ?? '';
  const total = raw.TotalCount;
  return {
    key: taskKey(accountId, 'alidns-batch', taskId),
    provider: 'alibaba',
    accountId,
    kind: 'alidns-batch',
    providerTaskId: taskId,
    label: labelOf(batchType),
    status,
    ...(raw.Status !== undefined ? { statusText: String(raw.Status) } : {}),
    ...(total !== undefined ? { total } : {}),
    ...(success !== undefined ? { done: success } : {}),
    ...(failed !== undefined ? { failed } : {}),
    locator: { batchType, ...(raw.Reason ? { reason: raw.Reason.slice(0, 500) } : {}) },
  };
}

/** A BatchType this version knows is words; an unknown one is shown as the code it is. */
function labelOf(batchType: string): Task['label'] {
  const id = known(BATCH_LABELS, batchType);
  return id ? { id } : batchType || { id: 'taskAlibabaBatch' };
}

export function mapDetailItem(raw: z.infer<typeof detailItemSchema>): FailedItem {
  const fields: Record<string, string> = {};
  for (const key of ['Domain', 'Rr', 'Type', 'Value', 'Line', 'Priority', 'Ttl', 'RecordId', 'Remark', 'RrStatus', 'NewRr', 'NewValue', 'OperateDateStr', 'BatchType'] as const) {
    const v = raw[key];
    if (typeof v === 'string' && v) fields[key] = v;
  }
  const isDomainBatch = (raw.BatchType ?? '').startsWith('DOMAIN');
  const name = raw.Rr && raw.Domain && !isDomainBatch ? `${raw.Rr}.${raw.Domain}` : (raw.Domain ?? '');
  const item = [name, isDomainBatch ? '' : raw.Type, isDomainBatch ? '' : raw.Value].filter(Boolean).join(' ');
  return { item: item || { id: 'failedItemUnnamedRecord' }, message: raw.Reason || NO_REASON, fields };
}

const TASK_ID = /^\d{1,20}$/;

const SENTENCES = errorMessages('providerAlibaba', {
  auth: { id: 'errorAuthAlibaba' },
  permission: { id: 'errorPermissionAlibaba' },
});

export const alibaba: Provider = {
  id: 'alibaba',
  name: { id: 'providerAlibaba' },
  fields: [
    {
      key: 'accessKeyId',
      label: { id: 'fieldAlibabaAccessKeyId' },
      secret: true,
      required: true,
      validate: (v) => (/^(STS\.)?[A-Za-z0-9]{16,40}$/.test(v) ? undefined : { id: 'fieldAlibabaAccessKeyIdInvalid' }),
    },
    {
      key: 'secretAccessKey',
      label: { id: 'fieldAlibabaSecret' },
      secret: true,
      required: true,
      validate: (v) => (v.length >= 20 && !/\s/.test(v) ? undefined : { id: 'fieldAlibabaSecretInvalid' }),
    },
    {
      key: 'endpoint',
      label: { id: 'fieldAlibabaEndpoint' },
      secret: false,
      required: false,
      defaultValue: ENDPOINTS.china,
      options: [
        { value: ENDPOINTS.china, label: { id: 'fieldAlibabaEndpointChina' } },
        { value: ENDPOINTS.intl, label: { id: 'fieldAlibabaEndpointIntl' } },
      ],
    },
    securityTokenField, tokenExpiryField,
  ],
  apiHostPatterns: API_HOST_PATTERNS,
  access: ALIBABA_ACCESS,
  async discover(cred, ctx) {
    // One call per BatchType: the latest task of each kind, so two kinds submitted between polls are both seen.
    const tasks: Task[] = [];
    for (const batchType of BATCH_TYPES) {
      const task = mapCount(cred.account.id, await call(cred, ctx, 'DescribeBatchResultCount', { BatchType: batchType }, countSchema), batchType);
      if (task) tasks.push(task);
    }
    return tasks;
  },
  async refresh(cred, task, ctx) {
    const batchType = task.locator?.batchType;
    const raw = await call(cred, ctx, 'DescribeBatchResultCount', { TaskId: task.providerTaskId, ...(batchType ? { BatchType: batchType } : {}) }, countSchema);
    const mapped = mapCount(cred.account.id, raw, batchType, task.providerTaskId);
    if (!mapped) throw new ProviderError('not-found', 'Alibaba Cloud has no task with this ID');
    return mapped;
  },
  async failedItems(cred, task, page, ctx) {
    const batchType = task.locator?.batchType;
    const raw = await call(cred, ctx, 'DescribeBatchResultDetail', {
      TaskId: task.providerTaskId, ...(batchType ? { BatchType: batchType } : {}), PageNumber: String(page), PageSize: String(DETAIL_PAGE_SIZE),
    }, detailSchema);
    const details = readEach(raw.BatchResultDetails?.BatchResultDetail, detailItemSchema);
    const items = details.filter((d) => d.Status !== true).map(mapDetailItem);
    const totalRows = raw.TotalCount ?? 0;
    return { items, ...(task.failed !== undefined ? { total: task.failed } : {}), ...(page * DETAIL_PAGE_SIZE < totalRows && details.length > 0 ? { nextPage: page + 1 } : {}) };
  },
  track: {
    idLabel: { id: 'taskId' },
    validateId: (id) => (TASK_ID.test(id) ? undefined : { id: 'trackAlibabaIdInvalid' }),
    async track(cred, id, ctx) {
      const mapped = mapCount(cred.account.id, await call(cred, ctx, 'DescribeBatchResultCount', { TaskId: id }, countSchema), undefined, id);
      if (!mapped) throw new ProviderError('not-found', 'Alibaba Cloud has no task with this ID');
      return mapped;
    },
  },
  async testConnection(cred, ctx) {
    // One call per capability, the same two polling makes: a RAM policy may allow one and not the other.
    const latest = await probe(CAPABILITY_COUNT, () => call(cred, ctx, 'DescribeBatchResultCount', {}, countSchema));
    const taskId = latest.answer?.TaskId && latest.answer.TaskId !== '0' ? latest.answer.TaskId : undefined;
    const detail = await probe(CAPABILITY_DETAIL, () => call(cred, ctx, 'DescribeBatchResultDetail', { ...(taskId ? { TaskId: taskId } : {}), PageNumber: '1', PageSize: '1' }, detailSchema));
    return [latest.report, detail.report];
  },
  consoleUrl(_task, account) {
    return account.settings.endpoint === ENDPOINTS.intl ? 'https://dns.console.alibabacloud.com/#/dns/domainList' : 'https://dns.console.aliyun.com/#/dns/domainList';
  },
  describeError(err) {
    return withCode(SENTENCES[err.cls], err);
  },
};
