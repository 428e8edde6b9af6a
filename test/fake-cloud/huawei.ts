/**
 * A faithful fake of Huawei Cloud's DNS batch-task, DCS task-center and IAM project APIs.
 * Every signature is checked with the official SDK's signer (not ours) and a bad one is
 * answered as the API gateway does: 401 APIGW.0301. Answers have the documented shapes.
 */
import { createRequire } from 'node:module';
import type { FakeClock, FakeProviderCloud, FakeRequest, FakeResponse } from './types';
import { sourcedCode } from './huawei-errors';

const require = createRequire(import.meta.url);
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');

export interface FakeDnsTask {
  id: string;
  type: string;
  status: 'PENDING' | 'DONE';
  created_at: string;
  success_count: number;
  error_count: number;
  /** A PENDING task becomes DONE after this many answers that include it. */
  finishAfterPolls?: number;
  /** Counts to report once it is DONE. */
  finalSuccess?: number;
  finalErrors?: number;
  errorItems?: { item: string; error_message: string }[];
  /** Fields sent as they are over the documented ones (odd types, nulls, extra fields); `undefined` removes one. */
  raw?: Record<string, unknown>;
}

/**
 * A zone's latest batch-create task (api-docs/huawei-dns-show-batch-create-recordsets-task.txt).
 * The same task is in the batch-operation list under the same id, as in the docs' examples.
 */
export interface FakeZoneTask {
  zoneId: string;
  taskId: string;
  errorItems: FakeZoneErrorItem[];
}

export interface FakeZoneErrorItem {
  name: string;
  type: string;
  line: string;
  ttl: number;
  weight: number;
  records: string[];
  error_code: string;
  error_message: string;
}

export interface FakeDcsTask {
  id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
  error_code?: string;
  /** DetailsBody (Table 5); numbers where the doc's example sends numbers. */
  details?: Record<string, unknown> | null;
  params?: string;
  finishAfterPolls?: number;
  finalStatus?: string;
  /** The region whose task center lists it (the fake's region unless given). */
  region?: string;
  /** Fields sent as they are over the documented ones; `undefined` removes one. */
  raw?: Record<string, unknown>;
}

export interface HuaweiFakeOptions {
  accessKeyId: string;
  secretAccessKey: string;
  region?: string;
  projectId?: string;
  /** Projects of further regions, by region name (DCS is regional; IAM lists every project). */
  otherProjects?: Record<string, string>;
  dnsTasks?: FakeDnsTask[];
  dcsTasks?: FakeDcsTask[];
  zoneTasks?: FakeZoneTask[];
  /** The list answer without `metadata` (the SDK model makes it optional). */
  omitListMetadata?: boolean;
  /** DCS's default page is 10 rows; the maximum limit is 1000. A server may page by less (its own page size). */
  dcsMaxLimit?: number;
  /** The task-center answer without task_count (the SDK model makes it optional). */
  omitDcsTaskCount?: boolean;
  /**
   * Operations the IAM user may not call: answered 403 with the service's body shape and the
   * denied action in the message (no page documents a code for a refused permission).
   */
  deny?: readonly string[];
  /** Operations the gateway throttles (429 APIGW.0308) for as long as they are listed. */
  throttle?: readonly string[];
}

export type ForcedAnswer = 'throttled' | 'malformed' | 'server' | 'auth' | 'network-html';

export interface HuaweiFake extends FakeProviderCloud {
  dnsTasks: FakeDnsTask[];
  dcsTasks: FakeDcsTask[];
  zoneTasks: FakeZoneTask[];
  finishAll(): void;
  /** The next answer(s) will be this failure instead of data. */
  forceNext(answer: ForcedAnswer, times?: number): void;
  polls: Map<string, number>;
  /** Operations refused for permission / throttled, changeable while a test runs. */
  deny: string[];
  throttle: string[];
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json', 'x-request-id': randomHex(32), ...headers },
  body: JSON.stringify(body),
});

function randomHex(n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(Math.random() * 16).toString(16);
  return s;
}

/** A gateway answer; its code must be in the sourced table (huawei-errors.ts), with the status the page gives. */
export function gatewayError(status: number, code: string, msg: string): FakeResponse {
  const doc = sourcedCode(code);
  if (doc.httpStatus !== status) throw new Error(`${code} is documented with HTTP ${doc.httpStatus}, not ${status}`);
  return json(status, { error_code: code, error_msg: msg, request_id: randomHex(32) });
}

/** A DNS service answer with a sourced code: DNS bodies are {code, message} (PROVIDERS.md). */
function sourced(code: string): FakeResponse {
  const doc = sourcedCode(code);
  return json(doc.httpStatus, { code, message: doc.message });
}

/**
 * The DNS pages document the status (400 invalid request, 404 not found) and the body shape,
 * but no code for these cases: the answer carries none rather than an invented one.
 */
function dnsRefusal(status: 400 | 403 | 404, message: string): FakeResponse {
  return json(status, { message });
}

/** DCS bodies are {error_code, error_msg, error_ext_msg} (api-docs, Tables 6–7); no page documents these codes. */
function dcsRefusal(status: 400 | 403, message: string): FakeResponse {
  return json(status, { error_msg: message, error_ext_msg: null });
}

/** Verifies SDK-HMAC-SHA256 with the official SDK's helpers; returns why it failed, if it did. */
export function verifyHuaweiSignature(req: FakeRequest, ak: string, sk: string, now: number): 'ok' | 'bad-signature' | 'clock' | 'unknown-key' {
  const auth = req.headers.authorization ?? '';
  const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(auth);
  if (!m) return 'bad-signature';
  const [, access, signedHeaders = '', signature] = m;
  if (access !== ak) return 'unknown-key';
  const date = req.headers['x-sdk-date'] ?? '';
  const dm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  if (!dm) return 'bad-signature';
  const at = Date.UTC(+dm[1]!, +dm[2]! - 1, +dm[3]!, +dm[4]!, +dm[5]!, +dm[6]!);
  if (Math.abs(at - now) > 15 * 60 * 1000) return 'clock';
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) headers[name] = name === 'host' ? req.url.host : (req.headers[name] ?? '');
  const queryParams: Record<string, string | string[]> = {};
  for (const part of req.url.search.replace(/^\?/, '').split('&').filter(Boolean)) {
    const [k = '', v = ''] = part.split('=');
    const key = decodeURIComponent(k);
    const value = decodeURIComponent(v);
    const existing = queryParams[key];
    queryParams[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  const decodedPath = req.url.pathname.split('/').map((s) => decodeURIComponent(s)).join('/');
  const bodyHash = req.body === '' ? AKSKSigner.EMPTY_BODY_SHA256 : AKSKSigner.Hex(req.body);
  const canonical = AKSKSigner.buildCanonicalRequest(
    req.method,
    AKSKSigner.CanonicalURI(decodedPath),
    AKSKSigner.CanonicalQueryString({ queryParams }),
    AKSKSigner.buildCanonicalHeaders(headers),
    signedHeaders,
    bodyHash,
  );
  const expected = AKSKSigner.hmacSHA256(sk, AKSKSigner.getStringToSign('SDK-HMAC-SHA256', date, AKSKSigner.Hex(canonical)));
  return expected === signature ? 'ok' : 'bad-signature';
}

const ERROR_MESSAGES = [
  'The record set already exists.',
  'Invalid record value: 300.300.1.1 is not an IPv4 address.',
  'The quota of record sets has been used up.',
  'The TTL must be between 1 and 2147483647.',
];

export function errorItemsFor(count: number, zone = 'example.com.'): { item: string; error_message: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    item: `host${i + 1}.${zone} A 192.0.2.${(i % 250) + 1}`,
    error_message: ERROR_MESSAGES[i % ERROR_MESSAGES.length]!,
  }));
}

export function createHuaweiFake(options: HuaweiFakeOptions): HuaweiFake {
  const region = options.region ?? 'cn-north-4';
  const projectId = options.projectId ?? '0123456789abcdef0123456789abcdef';
  // One project per region (IAM lists them all); DCS answers in a region for that region's project only.
  const projectsByRegion: Record<string, string> = { [region]: projectId, ...options.otherProjects };
  const regionOfHost = (host: string): string => /^dcs\.([a-z0-9-]+)\.myhuaweicloud\.com$/.exec(host)?.[1] ?? '';
  const forced: ForcedAnswer[] = [];
  const polls = new Map<string, number>();

  const tick = (id: string): number => {
    const n = (polls.get(id) ?? 0) + 1;
    polls.set(id, n);
    return n;
  };
  const advanceDns = (task: FakeDnsTask): void => {
    if (task.status !== 'PENDING') return;
    if (task.finishAfterPolls !== undefined && tick(task.id) > task.finishAfterPolls) finishDns(task);
  };
  const finishDns = (task: FakeDnsTask): void => {
    task.status = 'DONE';
    if (task.finalSuccess !== undefined) task.success_count = task.finalSuccess;
    if (task.finalErrors !== undefined) task.error_count = task.finalErrors;
  };
  const advanceDcs = (task: FakeDcsTask): void => {
    if (!['EXECUTING', 'CREATED', 'WAITING'].includes(task.status)) return;
    if (task.finishAfterPolls !== undefined && tick(task.id) > task.finishAfterPolls) task.status = task.finalStatus ?? 'SUCCESS';
  };

  const fake: HuaweiFake = {
    provider: 'huawei',
    dnsTasks: options.dnsTasks ?? [],
    dcsTasks: options.dcsTasks ?? [],
    zoneTasks: options.zoneTasks ?? [],
    polls,
    deny: [...(options.deny ?? [])],
    throttle: [...(options.throttle ?? [])],
    ownsHost: (host) => /^(dns|dcs)\.[a-z0-9-]+\.myhuaweicloud\.com$/.test(host) || host === 'iam.myhuaweicloud.com',
    finishAll() {
      for (const t of fake.dnsTasks) if (t.status === 'PENDING') finishDns(t);
      for (const t of fake.dcsTasks) if (['EXECUTING', 'CREATED', 'WAITING'].includes(t.status)) t.status = t.finalStatus ?? 'SUCCESS';
    },
    forceNext(answer, times = 1) {
      for (let i = 0; i < times; i++) forced.push(answer);
    },
    async handle(req: FakeRequest, clock: FakeClock) {
      const path = req.url.pathname;
      const operation = operationOf(req.url.hostname, path);
      const verdict = verifyHuaweiSignature(req, options.accessKeyId, options.secretAccessKey, clock.now());
      const record = { operation, signatureValid: verdict === 'ok' };
      if (verdict === 'clock') return { response: gatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the X-Sdk-Date header is expired'), record };
      if (verdict !== 'ok') return { response: gatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail'), record };
      if (fake.throttle.includes(operation)) return { response: gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute'), record };
      if (fake.deny.includes(operation)) {
        const message = `Policy doesn't allow ${DENIED_ACTIONS[operation] ?? operation} to be performed.`;
        return { response: operation === 'ListDcsTasks' ? dcsRefusal(403, message) : json(403, { message }), record };
      }
      const force = forced.shift();
      if (force === 'throttled') return { response: gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute'), record };
      if (force === 'server') return { response: sourced('DNS.0000'), record };
      if (force === 'auth') return { response: gatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: ak is locked'), record };
      if (force === 'malformed') return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"tasks": [ {"id": ' }, record };
      if (force === 'network-html') return { response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>captive portal</html>' }, record };
      return { response: route(req, operation), record };
    },
  };

  function route(req: FakeRequest, operation: string): FakeResponse {
    const q = req.url.searchParams;
    const host = req.url.hostname;
    if (operation === 'ListBatchOperationTasks') {
      const limit = Number(q.get('limit') ?? 500);
      const offset = Number(q.get('offset') ?? 0);
      if (!(limit >= 0 && limit <= 500)) return dnsRefusal(400, 'Invalid limit.');
      const page = fake.dnsTasks.slice(offset, offset + limit);
      page.forEach(advanceDns);
      return json(200, {
        tasks: page.map(({ id, type, status, created_at, success_count, error_count, raw }) => withRaw({ id, type, status, created_at, success_count, error_count }, raw)),
        ...(options.omitListMetadata ? {} : { metadata: { total_count: fake.dnsTasks.length } }),
      });
    }
    if (operation === 'ShowBatchOperationTask') {
      const id = req.url.pathname.split('/').pop() ?? '';
      const task = fake.dnsTasks.find((t) => t.id === id);
      if (!task) return dnsRefusal(404, 'The batch operation task does not exist.');
      advanceDns(task);
      const limit = Number(q.get('error_item_limit') ?? 0);
      const offset = Number(q.get('error_item_offset') ?? 0);
      // PROVIDERS.md: error_item_limit 0–500. The real service refuses others.
      if (!(Number.isInteger(limit) && limit >= 0 && limit <= 500) || !(Number.isInteger(offset) && offset >= 0)) return dnsRefusal(400, 'Invalid error_item_limit or error_item_offset.');
      const items = task.status === 'DONE' ? (task.errorItems ?? []).slice(offset, offset + limit) : [];
      const { id: taskId, type, status, created_at, success_count, error_count, raw } = task;
      // The SDK's ShowBatchOperationTaskResponse has no metadata: the single task carries none.
      return json(200, withRaw({ id: taskId, type, status, created_at, success_count, error_count, error_items: items }, raw));
    }
    if (operation === 'ShowBatchCreateRecordsetsTask') {
      const zoneId = req.url.pathname.split('/')[3] ?? '';
      const zone = fake.zoneTasks.find((z) => z.zoneId === zoneId);
      if (!zone) return dnsRefusal(404, 'The zone does not exist.');
      const limit = Number(q.get('error_item_limit') ?? 2000);
      const offset = Number(q.get('error_item_offset') ?? 0);
      // Documented ranges: limit 0–2000, offset 0–2000. The real service refuses others.
      if (!(Number.isInteger(limit) && limit >= 0 && limit <= 2000) || !(Number.isInteger(offset) && offset >= 0 && offset <= 2000)) {
        return dnsRefusal(400, 'Invalid error_item_limit or error_item_offset.');
      }
      const task = fake.dnsTasks.find((t) => t.id === zone.taskId);
      if (task) advanceDns(task);
      const done = !task || task.status === 'DONE';
      return json(200, {
        task_id: zone.taskId,
        status: task?.status ?? 'DONE',
        created_at: task?.created_at ?? huaweiTimeAgo(10),
        updated_at: huaweiTimeAgo(1),
        total_count: (task?.success_count ?? 0) + (task?.error_count ?? zone.errorItems.length),
        success_count: task?.success_count ?? 0,
        error_count: task?.error_count ?? zone.errorItems.length,
        error_items: done ? zone.errorItems.slice(offset, offset + limit).map((e) => ({ ...e, status: 'ERROR' })) : [],
      });
    }
    if (operation === 'KeystoneListProjects' || operation === 'KeystoneListAuthProjects') {
      const name = q.get('name');
      const projects = Object.entries(projectsByRegion).map(([name, id]) => ({ id, name, domain_id: 'd53977d1adfb49c5b025ba7d33a13fd7', enabled: true, is_domain: false, parent_id: 'd53977d1adfb49c5b025ba7d33a13fd7', description: '' }));
      return json(200, { projects: name ? projects.filter((p) => p.name === name) : projects, links: { self: `https://${host}${req.url.pathname}` } });
    }
    if (operation === 'ListDcsTasks') {
      const pid = req.url.pathname.split('/')[2];
      const dcsRegion = regionOfHost(host);
      if (pid !== projectsByRegion[dcsRegion]) return dcsRefusal(400, 'Invalid project ID.');
      const headerProject = req.headers['x-project-id'];
      if (headerProject !== undefined && headerProject !== pid) return dcsRefusal(400, 'The X-Project-Id does not match the project in the URL.');
      const offset = Number(q.get('offset') ?? 0);
      const limit = Number(q.get('limit') ?? 10);
      if (!(Number.isInteger(offset) && offset >= 0) || !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
        return dcsRefusal(400, 'Invalid offset or limit.');
      }
      fake.dcsTasks.forEach(advanceDcs);
      const start = q.get('start_time');
      const inWindow = fake.dcsTasks.filter((t) => (t.region ?? region) === dcsRegion && (!start || stampOf(t.created_at) >= start));
      const page = inWindow.slice(offset, offset + Math.min(limit, options.dcsMaxLimit ?? 1000));
      // As in the doc's example: task_count a number (its table says String), error_code set even on success.
      return json(200, {
        ...(options.omitDcsTaskCount ? {} : { task_count: inWindow.length }),
        tasks: page.map((t) => withRaw({
          id: t.id, name: t.name, job_id: `ff80808188bfde180188c36bb9c44a${t.id.slice(-2)}`, user_name: 'paas_dcs_demo', user_id: 'd53977d1adfb49c5b025ba7d33a13fd7',
          details: t.details === undefined ? null : t.details, ...(t.params !== undefined ? { params: t.params } : {}),
          status: t.status, created_at: t.created_at, updated_at: t.updated_at, error_code: t.error_code ?? '111400063', enable_show: true,
        }, t.raw)),
      });
    }
    return gatewayError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment');
  }

  return fake;
}

/** A row with some fields replaced as they are (odd types, nulls); `undefined` removes a field. */
function withRaw(row: Record<string, unknown>, raw: Record<string, unknown> | undefined): Record<string, unknown> {
  const out = { ...row };
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** "2023-06-17T08:18:06.597Z" → "20230617081806", DCS's start_time shape. */
function stampOf(time: string): string {
  return time.replace(/[-:T]/g, '').slice(0, 14);
}

function operationOf(host: string, path: string): string {
  if (host.startsWith('iam.')) return path === '/v3/auth/projects' ? 'KeystoneListAuthProjects' : 'KeystoneListProjects';
  if (host.startsWith('dcs.') && /^\/v2\/[^/]+\/tasks$/.test(path)) return 'ListDcsTasks';
  if (path === '/v2.1/batch-operation-tasks') return 'ListBatchOperationTasks';
  if (/^\/v2\.1\/batch-operation-tasks\/[^/]+$/.test(path)) return 'ShowBatchOperationTask';
  if (/^\/v2\.1\/zones\/[^/]+\/recordsets\/batch-create-task$/.test(path)) return 'ShowBatchCreateRecordsetsTask';
  return 'unknown';
}

/** The actions each call's API page names under "Authorization Information" (see lib/providers/huawei/capabilities.ts). */
const DENIED_ACTIONS: Record<string, string> = {
  ListBatchOperationTasks: 'dns:zone:listPublicZoneBatchOperationRecords',
  ShowBatchOperationTask: 'dns:zone:getPublicZoneBatchOperationResult',
  ListDcsTasks: 'dcs:task:list',
  KeystoneListProjects: 'iam:projects:listProjects',
};

export const DEMO_HUAWEI_KEYS = { accessKeyId: 'HPUADEMOFAKEKEY00001', secretAccessKey: 'DemoSecretKeyForTheFakeCloudOnly0000000' };

/** A timestamp in Huawei's zone-less UTC shape, some minutes before `now`. */
export function huaweiTimeAgo(minutes: number, shape: 'iso' | 'plain' = 'iso', now = Date.now()): string {
  const iso = new Date(now - minutes * 60_000).toISOString();
  return shape === 'iso' ? iso.replace('Z', '') : iso.slice(0, 19).replace('T', ' ');
}

/**
 * The scenario the e2e tests and the demo share: ids and counts as in the documented
 * example, times relative to now (history keeps 30 days).
 */
export function defaultHuaweiScenario(): HuaweiFakeOptions {
  return {
    ...DEMO_HUAWEI_KEYS,
    dnsTasks: [
      { id: '9a186e66977dd48f01977e021c480cac', type: 'create', status: 'DONE', created_at: huaweiTimeAgo(95), success_count: 1880, error_count: 120, errorItems: errorItemsFor(120) },
      { id: '9a186e66977dd48f01977e021c480cad', type: 'import_recordset', status: 'PENDING', created_at: huaweiTimeAgo(12, 'plain'), success_count: 300, error_count: 0, finishAfterPolls: 2, finalSuccess: 1000, finalErrors: 0 },
      { id: '9a186e66977dd48f01977e021c480cae', type: 'delete', status: 'PENDING', created_at: huaweiTimeAgo(3, 'plain'), success_count: 10, error_count: 0, finishAfterPolls: 2, finalSuccess: 495, finalErrors: 5, errorItems: errorItemsFor(5, 'example.org.') },
    ],
    dcsTasks: [],
  };
}
