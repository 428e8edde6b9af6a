/**
 * DNSPod batch jobs, two ways in: Tencent Cloud API 3.0 (SecretId/SecretKey, TC3 signed)
 * and the legacy DNSPod API (login_token "ID,Token"). Neither lists jobs: a job is followed
 * from the id the user types or a console page shows. Both answers are normalised into one
 * job shape, so status mapping and failed items are written once.
 */
import { z } from 'zod';
import { send } from '../http';
import { count, id, known, lenient, object, parseAnswer, readEach, rowList, text } from '../shape';
import { errorMessages, withCode } from '../sentences';
import type { CatalogueKey } from '../../i18n/catalogue';
import { NO_REASON, ProviderError, taskKey, type Credentials, type FailedItem, type Provider, type ProviderContext, type Task, type TaskStatus, type Text } from '../types';
import { api3ErrorClass, legacyErrorClass } from './errors';
import { API3_HOSTS, api3Error, callApi3, parseChinaTime } from '../tencent-api3';

export { API3_HOSTS };
import { USER_AGENT } from './user-agent';
import { siteOf, type AccessSpec } from '../access';
import { DNSPOD_ACCESS, DNSPOD_TOKEN_ACCESS } from './actions';
import { securityTokenField, tokenExpiryField } from '../temporary-keys';

// ---- legacy Batch.Detail (api-docs/dnspod-legacy-batch-detail.txt) -----------------------
const legacyRecord = z.looseObject({
  id: text, sub_domain: text, record_type: text, area: text, value: text, ttl: text, err_msg: text,
  status: text, operation: text, record_id: id, mx: text,
});
const legacyDomain = z.looseObject({
  id: text, domain: text, domain_grade: text, err_msg: text, status: text, operation: text,
  records: rowList, domain_id: id,
});
export const legacySchema = z.looseObject({
  status: object({ code: text, message: text, created_at: text }),
  detail: rowList,
  total: count, success: count, fail: count, type: text, created_at: text,
});

// ---- API 3.0 DescribeBatchTask (the SDK's dnspod_models.d.ts: most fields "may return null") ----
const api3Record = z.looseObject({
  Id: text, RecordId: id, SubDomain: text, RecordType: text, RecordLine: text, Value: text, TTL: text,
  Status: text, ErrMsg: text, Operation: text, Enabled: text, MX: text, Weight: text, Remark: text,
});
const api3Domain = z.looseObject({
  Id: text, Domain: text, DomainId: id, DomainGrade: text, Status: text, ErrMsg: text, Operation: text,
  RecordList: rowList,
});
const api3Response = z.looseObject({
  DetailList: rowList,
  TotalCount: count, SuccessCount: count, FailCount: count, JobType: text, CreatedAt: text, RequestId: text,
  Error: api3Error,
});
export const api3Schema = z.looseObject({ Response: lenient(api3Response) });

/** One job, whichever API it came from. */
export interface Job {
  jobId: string;
  type: string;
  total?: number;
  success?: number;
  fail?: number;
  createdAt?: string;
  domains: { domain: string; status: string; error: string; records: { name: string; type: string; line: string; value: string; ttl: string; mx: string; status: string; error: string }[] }[];
}

const s = (v: string | undefined): string => v ?? '';

export function jobFromLegacy(jobId: string, raw: z.infer<typeof legacySchema>): Job {
  return {
    jobId, type: s(raw.type), ...optionalCounts(raw.total, raw.success, raw.fail), ...(raw.created_at ? { createdAt: raw.created_at } : {}),
    domains: readEach(raw.detail, legacyDomain).map((d) => ({
      domain: s(d.domain), status: s(d.status), error: s(d.err_msg),
      records: readEach(d.records, legacyRecord).map((r) => ({ name: s(r.sub_domain), type: s(r.record_type), line: s(r.area), value: s(r.value), ttl: s(r.ttl), mx: s(r.mx), status: s(r.status), error: s(r.err_msg) })),
    })),
  };
}

export function jobFromApi3(jobId: string, raw: NonNullable<z.infer<typeof api3Schema>['Response']>): Job {
  return {
    jobId, type: s(raw.JobType), ...optionalCounts(raw.TotalCount, raw.SuccessCount, raw.FailCount), ...(raw.CreatedAt ? { createdAt: raw.CreatedAt } : {}),
    domains: readEach(raw.DetailList, api3Domain).map((d) => ({
      domain: s(d.Domain), status: s(d.Status), error: s(d.ErrMsg),
      records: readEach(d.RecordList, api3Record).map((r) => ({ name: s(r.SubDomain), type: s(r.RecordType), line: s(r.RecordLine), value: s(r.Value), ttl: s(r.TTL), mx: s(r.MX), status: s(r.Status), error: s(r.ErrMsg) })),
    })),
  };
}

function optionalCounts(total?: number, success?: number, fail?: number) {
  return { ...(total !== undefined ? { total } : {}), ...(success !== undefined ? { success } : {}), ...(fail !== undefined ? { fail } : {}) };
}

const RUNNING = new Set(['running', 'waiting', 'pending', 'processing']);
const FAILED = new Set(['error', 'fail', 'failed']);
const OK = new Set(['ok', 'success', 'succeeded', 'done']);

export function jobStatus(job: Job): TaskStatus {
  const statuses = job.domains.flatMap((d) => [d.status, ...d.records.map((r) => r.status)]).map((x) => x.toLowerCase()).filter(Boolean);
  if (statuses.some((x) => RUNNING.has(x))) return 'running';
  const known = statuses.length > 0 && statuses.every((x) => FAILED.has(x) || OK.has(x));
  const fail = job.fail ?? statuses.filter((x) => FAILED.has(x)).length;
  const success = job.success ?? statuses.filter((x) => OK.has(x)).length;
  if (!known) {
    if (job.total !== undefined && job.success !== undefined && job.fail !== undefined) {
      if (job.success + job.fail < job.total) return 'running';
    } else if (statuses.length) return 'unknown';
  }
  if (fail > 0) return success > 0 ? 'partial' : 'failed';
  return statuses.length || job.total !== undefined ? 'succeeded' : 'unknown';
}

const JOB_LABELS: Record<string, CatalogueKey> = {
  domain: 'taskDnspodDomain',
  record_add: 'taskDnspodRecordAdd',
  record_modify: 'taskDnspodRecordModify',
};

/** DNSPod times have no zone: they are China Standard Time (UTC+8). */
export const parseDnspodTime = parseChinaTime;

export function jobToTask(provider: string, accountId: string, job: Job): Task {
  const first = job.domains[0]?.domain;
  const id = known(JOB_LABELS, job.type);
  const what = id ? { id } : job.type || { id: 'taskDnspodBatch' as const };
  const more = job.domains.length - 1;
  const label: Task['label'] = !first ? what : more > 0 ? { id: 'taskOnDomains', what, domain: first, n: more } : { id: 'taskOnDomain', what, domain: first };
  const createdAt = parseDnspodTime(job.createdAt);
  return {
    key: taskKey(accountId, 'dnspod-batch', job.jobId),
    provider,
    accountId,
    kind: 'dnspod-batch',
    providerTaskId: job.jobId,
    label,
    status: jobStatus(job),
    ...(job.total !== undefined ? { total: job.total } : {}),
    ...(job.success !== undefined ? { done: job.success } : {}),
    ...(job.fail !== undefined ? { failed: job.fail } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
  };
}

export function jobFailedItems(job: Job): FailedItem[] {
  const items: FailedItem[] = [];
  for (const d of job.domains) {
    const failingRecords = d.records.filter((r) => FAILED.has(r.status.toLowerCase()));
    if (FAILED.has(d.status.toLowerCase()) && failingRecords.length === 0) {
      items.push({ item: d.domain || { id: 'failedItemUnnamedDomain' }, message: d.error || NO_REASON, fields: { domain: d.domain } });
    }
    for (const r of failingRecords) {
      const host = r.name && r.name !== '@' ? `${r.name}.${d.domain}` : d.domain;
      items.push({
        item: [host, r.type, r.value].filter(Boolean).join(' ') || { id: 'failedItemUnnamedRecord' },
        message: r.error || d.error || NO_REASON,
        fields: { domain: d.domain, sub_domain: r.name, record_type: r.type, record_line: r.line, value: r.value, ttl: r.ttl, mx: r.mx },
      });
    }
  }
  return items;
}

// ---- calls -------------------------------------------------------------------------------
export const LEGACY_URL = 'https://dnsapi.cn/Batch.Detail';

/**
 * The JobId as a JSON number of exactly the user's digits: Number() would round an id
 * beyond 2^53. Anything but digits (a stored value is untrusted) is refused before signing.
 */
export function jobIdNumber(jobId: string): string {
  if (!/^\d{1,20}$/.test(jobId)) throw new ProviderError('invalid-input', 'A DNSPod job ID is a number');
  return BigInt(jobId).toString();
}

const API3_HOST_PATTERNS = [`https://${API3_HOSTS.china}/*`, `https://${API3_HOSTS.intl}/*`];
const LEGACY_HOST_PATTERNS = [`${new URL(LEGACY_URL).origin}/*`];

async function describeBatchTask(cred: Credentials, ctx: ProviderContext, jobId: string): Promise<Job> {
  const host = cred.account.settings.site === API3_HOSTS.intl ? API3_HOSTS.intl : API3_HOSTS.china;
  const response = await callApi3(cred, ctx, {
    host, hosts: API3_HOST_PATTERNS, service: 'dnspod', action: 'DescribeBatchTask', version: '2021-03-23',
    body: `{"JobId":${jobIdNumber(jobId)}}`, schema: api3Response, who: 'DNSPod', classify: (code) => api3ErrorClass(code),
  });
  return jobFromApi3(jobId, response);
}

async function batchDetailLegacy(cred: Credentials, ctx: ProviderContext, jobId: string): Promise<Job> {
  const form = new URLSearchParams({ login_token: `${cred.secrets.tokenId ?? ''},${cred.secrets.token ?? ''}`, format: 'json', lang: ctx.lang === 'zh' ? 'cn' : 'en', job_id: jobId });
  const res = await send(ctx, {
    url: LEGACY_URL,
    method: 'POST',
    // Firefox honours this; Chrome needs the declarativeNetRequest rule in user-agent.ts.
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': USER_AGENT },
    body: form.toString(),
    hosts: LEGACY_HOST_PATTERNS,
  });
  if (res.status >= 500) throw new ProviderError('server', `DNSPod answered ${res.status}`, { httpStatus: res.status });
  const parsed = legacySchema.safeParse(parseAnswer(res.text, 'Batch.Detail'));
  if (!parsed.success) throw new ProviderError('malformed', 'Batch.Detail: the answer does not have the documented shape', { httpStatus: res.status });
  const code = parsed.data.status?.code ?? '';
  if (code !== '1') {
    throw new ProviderError(legacyErrorClass(code), `DNSPod answered code ${code || '(none)'}: ${(parsed.data.status?.message ?? '').slice(0, 300)}`, { code: code || 'unknown' });
  }
  return jobFromLegacy(jobId, parsed.data);
}

// ---- the two providers -------------------------------------------------------------------
const JOB_ID = /^\d{1,18}$/;

const SENTENCES = errorMessages('providerDnspodApi', {
  auth: { id: 'errorAuthDnspod' },
  permission: { id: 'errorPermissionDnspod' },
  'clock-skew': { id: 'errorClockSkew', minutes: 5 },
});

/** Gone, but not for want of a job: it is another account's (DescribeBatchTask's own code). */
const describe = (err: ProviderError): Text =>
  withCode(err.code === 'FailedOperation.NotBatchTaskOwner' ? { id: 'errorNotOwnerDnspod' } : SENTENCES[err.cls], err);

function jobProvider(id: 'dnspod' | 'dnspod-token', name: Text, fields: Provider['fields'], apiHostPatterns: string[], access: AccessSpec, fetchJob: (cred: Credentials, ctx: ProviderContext, jobId: string) => Promise<Job>, probeJobId: string): Provider {
  return {
    id,
    name,
    fields,
    apiHostPatterns,
    access,
    // No call lists jobs: discovery costs nothing and finds nothing.
    discover: async () => [],
    tasksFromConsolePages: true,
    refresh: async (cred, task, ctx) => jobToTask(id, cred.account.id, await fetchJob(cred, ctx, task.providerTaskId)),
    // DNSPod answers every item at once: one request gives the whole, single page.
    failedItems: async (cred, task, _page, ctx) => {
      const items = jobFailedItems(await fetchJob(cred, ctx, task.providerTaskId));
      return { items, total: items.length };
    },
    track: {
      idLabel: { id: 'trackDnspodJobId' },
      validateId: (jobId) => (JOB_ID.test(jobId) ? undefined : { id: 'trackDnspodIdInvalid' }),
      track: async (cred, jobId, ctx) => jobToTask(id, cred.account.id, await fetchJob(cred, ctx, jobId)),
    },
    async testConnection(cred, ctx) {
      // Only a documented answer about the job itself proves the credentials were accepted:
      // the job, "no such job", or "another account's job". Any other refusal (a locked
      // account, an unknown code, an invalid request) is a failure.
      try {
        await fetchJob(cred, ctx, probeJobId);
      } catch (err) {
        if (err instanceof ProviderError && err.cls === 'not-found') return;
        throw err;
      }
    },
    // Each site's own DNSPod console (the legacy token has no site setting: China's).
    consoleUrl: (_task, account) => `https://${siteOf(access, account.settings) === 'intl' ? 'console.dnspod.com' : 'console.dnspod.cn'}/dns/list`,
    describeError: describe,
  };
}

export const dnspod = jobProvider(
  'dnspod',
  { id: 'providerDnspodApi' },
  [
    {
      key: 'secretId', label: { id: 'fieldDnspodSecretId' }, secret: true, required: true,
      validate: (v) => (/^AKID[0-9A-Za-z]{10,60}$/.test(v) ? undefined : { id: 'fieldDnspodSecretIdInvalid' }),
    },
    {
      key: 'secretKey', label: { id: 'fieldDnspodSecretKey' }, secret: true, required: true,
      validate: (v) => (/^\S{16,64}$/.test(v) ? undefined : { id: 'fieldDnspodSecretKeyInvalid' }),
    },
    {
      key: 'site', label: { id: 'fieldDnspodSite' }, secret: false, required: false, defaultValue: API3_HOSTS.china,
      options: [
        { value: API3_HOSTS.china, label: { id: 'fieldDnspodSiteChina' } },
        { value: API3_HOSTS.intl, label: { id: 'fieldDnspodSiteIntl' } },
      ],
    },
    securityTokenField, tokenExpiryField,
  ],
  API3_HOST_PATTERNS,
  DNSPOD_ACCESS,
  describeBatchTask,
  // A well-formed id (0 could be refused as an illegal parameter before any lookup): the
  // answer is the user's own job, BatchTaskNotExist or NotBatchTaskOwner, all after the key was accepted.
  '1',
);

export const dnspodToken = jobProvider(
  'dnspod-token',
  { id: 'providerDnspodToken' },
  [
    {
      key: 'tokenId', label: { id: 'fieldDnspodTokenId' }, secret: true, required: true,
      validate: (v) => (/^\d{1,12}$/.test(v) ? undefined : { id: 'fieldDnspodTokenIdInvalid' }),
    },
    {
      key: 'token', label: { id: 'fieldDnspodToken' }, secret: true, required: true,
      validate: (v) => (/^[0-9a-zA-Z]{16,64}$/.test(v) ? undefined : { id: 'fieldDnspodTokenInvalid' }),
    },
  ],
  LEGACY_HOST_PATTERNS,
  DNSPOD_TOKEN_ACCESS,
  batchDetailLegacy,
  // Batch.Detail's page documents code 8 for a job it has not found.
  '0',
);
