/**
 * A faithful fake of DNSPod's batch-job detail, both ways in: Tencent Cloud API 3.0
 * (DescribeBatchTask, TC3 checked with tencentcloud-sdk-nodejs-common's sign3, errors in
 * HTTP 200 `{Response:{Error}}`) and the legacy Batch.Detail (login_token, string status codes).
 */
import type { DnspodApi3Code, DnspodLegacyCode } from './dnspod-errors';
import { checkTc3, TC3_REFUSAL_MESSAGES } from './tc3';
import type { FakeClock, FakeProviderCloud, FakeRequest, FakeResponse } from './types';

export interface FakeJobRecord {
  sub_domain: string;
  record_type: string;
  value: string;
  status: 'ok' | 'error' | 'running' | 'waiting';
  err_msg?: string;
}

export interface FakeJob {
  /** A string for an id beyond 2^53, which a number would round. */
  id: number | string;
  type: 'domain' | 'record_add' | 'record_modify';
  created_at: string;
  domains: { domain: string; status: 'ok' | 'error' | 'running' | 'waiting'; err_msg?: string; records: FakeJobRecord[] }[];
  /** Running records become their final status after this many answers. */
  finishAfterPolls?: number;
  finalStatuses?: ('ok' | 'error')[];
}

export interface DnspodFakeOptions {
  secretId: string;
  secretKey: string;
  tokenId: string;
  token: string;
  jobs?: FakeJob[];
  /**
   * Refuse legacy requests without a program's User-Agent (default, as the real service does;
   * the Chromium e2e serves dnsapi.cn from a loopback server, which sees the rule's header).
   */
  enforceUserAgent?: boolean;
  /** Every legacy answer carries this status code (a locked account, a refusal): documented codes only. */
  legacyCode?: DnspodLegacyCode;
  /** Job ids that exist but belong to another account (API 3.0 answers FailedOperation.NotBatchTaskOwner). */
  otherAccountsJobs?: number[];
}

export interface DnspodFake extends FakeProviderCloud {
  jobs: FakeJob[];
  finishAll(): void;
  forceNext(answer: 'throttled' | 'malformed' | 'server'): void;
}

const json = (body: unknown, status = 200): FakeResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const requestId = (): string => `${Math.random().toString(16).slice(2, 10)}-1d5f-4c3e-9b2a-${Math.random().toString(16).slice(2, 14)}`;
const stamp = (now: number): string => new Date(now + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

export function createDnspodFake(options: DnspodFakeOptions): DnspodFake {
  const forced: ('throttled' | 'malformed' | 'server')[] = [];
  const polls = new Map<number | string, number>();
  const finish = (job: FakeJob): void => {
    let i = 0;
    for (const d of job.domains) {
      for (const r of d.records) {
        if (r.status === 'running' || r.status === 'waiting') {
          r.status = job.finalStatuses?.[i] ?? 'ok';
          if (r.status === 'error') r.err_msg ??= '记录已经存在';
        }
        i++;
      }
      if (d.status === 'running' || d.status === 'waiting') d.status = 'ok';
    }
  };
  const advance = (job: FakeJob): void => {
    if (job.finishAfterPolls === undefined) return;
    const n = (polls.get(job.id) ?? 0) + 1;
    polls.set(job.id, n);
    if (n > job.finishAfterPolls) finish(job);
  };
  /** API 3.0 counts the records (a domain only when it has none). */
  const counts = (job: FakeJob) => {
    const statuses = job.domains.flatMap((d) => (d.records.length ? d.records.map((r) => r.status) : [d.status]));
    return { total: statuses.length, success: statuses.filter((s) => s === 'ok').length, fail: statuses.filter((s) => s === 'error').length };
  };
  /** The legacy page: "单个域名、单个记录均计数为1" — each domain and each record counts (its example: 6 = 2 + 4). */
  const legacyCounts = (job: FakeJob) => {
    const statuses = job.domains.flatMap((d) => [d.status, ...d.records.map((r) => r.status)]);
    return { total: statuses.length, success: statuses.filter((s) => s === 'ok').length, fail: statuses.filter((s) => s === 'error').length };
  };

  const fake: DnspodFake = {
    provider: 'dnspod',
    jobs: options.jobs ?? [],
    ownsHost: (host) => host === 'dnspod.tencentcloudapi.com' || host === 'dnspod.intl.tencentcloudapi.com' || host === 'dnsapi.cn',
    finishAll() {
      fake.jobs.forEach(finish);
    },
    forceNext(answer) {
      forced.push(answer);
    },
    async handle(req: FakeRequest, clock: FakeClock) {
      return req.url.hostname === 'dnsapi.cn' ? legacy(req, clock) : api3(req, clock);
    },
  };

  function api3(req: FakeRequest, clock: FakeClock) {
    const { action, signatureValid, refusal } = checkTc3(req, clock, options, 'dnspod');
    const record = { operation: action, signatureValid };
    // Only codes with a documented source (dnspod-errors.ts) can be answered.
    const error = (Code: DnspodApi3Code, Message: string) => ({ response: json({ Response: { Error: { Code, Message }, RequestId: requestId() } }), record });
    if (refusal) return error(refusal, TC3_REFUSAL_MESSAGES[refusal]);
    const force = forced.shift();
    if (force === 'throttled') return error('RequestLimitExceeded', 'Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second.');
    if (force === 'server') return { response: { status: 502, body: 'Bad Gateway' }, record };
    if (force === 'malformed') return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"Response": {"DetailList": [' }, record };
    if (action !== 'DescribeBatchTask') return error('InvalidAction', `The action ${action} is not supported.`);
    try {
      JSON.parse(req.body);
    } catch {
      return error('InvalidParameter', 'The request body is not JSON.');
    }
    // The JobId's digits as sent: JSON.parse would round one beyond 2^53 (a Go server does not).
    const jobId = /^\{\s*"JobId"\s*:\s*(\d+)\s*\}$/.exec(req.body)?.[1];
    if (!jobId || /^0+$/.test(jobId)) return error('InvalidParameter.ParamsIllegal', '参数不合法。');
    if (options.otherAccountsJobs?.some((id) => String(id) === jobId)) return error('FailedOperation.NotBatchTaskOwner', '您不是该任务的所有者。');
    const job = fake.jobs.find((j) => String(j.id) === jobId);
    if (!job) return error('InvalidParameter.BatchTaskNotExist', '任务不存在，无法获取任务详情。');
    advance(job);
    const c = counts(job);
    return {
      response: json({
        Response: {
          DetailList: job.domains.map((d, i) => ({
            Id: i, Domain: d.domain, DomainId: 25562928 + i, DomainGrade: 'DP_Free', Status: d.status, ErrMsg: d.err_msg ?? null, Operation: 'plus',
            RecordList: d.records.map((r, j) => ({ RecordId: 118332371 + j, SubDomain: r.sub_domain, RecordType: r.record_type, RecordLine: '默认', Value: r.value, TTL: 600, Status: r.status, ErrMsg: r.err_msg ?? null, Operation: 'plus', Enabled: 1, MX: 0 })),
          })),
          TotalCount: c.total, SuccessCount: c.success, FailCount: c.fail, JobType: job.type, CreatedAt: job.created_at, RequestId: requestId(),
        },
      }),
      record,
    };
  }

  function legacy(req: FakeRequest, clock: FakeClock) {
    const form = new URLSearchParams(req.body);
    const userAgent = req.headers['user-agent'] ?? '';
    // What the real service refuses or answers otherwise: a missing or browser-like User-Agent
    // (it can get the account banned), a format other than json (XML is the default), a lang
    // it does not know, a method other than POST (code 2).
    const programAgent = /^[A-Za-z][\w.-]*\/\d[\w.]* \([^)]*@[^)]*\)$/.test(userAgent) && !userAgent.startsWith('Mozilla/');
    const agentAccepted = options.enforceUserAgent === false || programAgent;
    const wellFormed = agentAccepted && form.get('format') === 'json' && ['en', 'cn'].includes(form.get('lang') ?? '') && req.method === 'POST';
    const signatureValid = form.get('login_token') === `${options.tokenId},${options.token}` && wellFormed;
    const record = { operation: 'Batch.Detail', signatureValid, userAgent };
    const status = (code: DnspodLegacyCode | '1', message: string) => ({ code, message, created_at: stamp(clock.now()) });
    if (!agentAccepted) return { response: { status: 403, headers: { 'content-type': 'text/html' }, body: '<html>403 Forbidden: a User-Agent naming the program is required</html>' }, record };
    if (req.method !== 'POST') return { response: json({ status: status('2', '只允许POST方法') }), record };
    if (form.get('format') !== 'json') return { response: { status: 200, headers: { 'content-type': 'text/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><dnspod><status><code>1</code></status></dnspod>' }, record };
    if (form.get('login_token') !== `${options.tokenId},${options.token}`) return { response: json({ status: status('-1', 'Login failed') }), record };
    if (options.legacyCode) return { response: json({ status: status(options.legacyCode, 'Refused') }), record };
    const force = forced.shift();
    if (force === 'throttled') return { response: json({ status: status('-2', 'API usage is limited') }), record };
    if (force === 'server') return { response: json({ status: status('-99', 'Service temporarily unavailable') }), record };
    if (force === 'malformed') return { response: { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>502</html>' }, record };
    const job = fake.jobs.find((j) => String(j.id) === form.get('job_id'));
    if (!job) return { response: json({ status: status('8', 'Job not found') }), record };
    advance(job);
    const c = legacyCounts(job);
    return {
      response: json({
        status: status('1', 'Action completed successful'),
        detail: job.domains.map((d, i) => ({
          id: i, domain: d.domain, domain_grade: 'DP_Free', err_msg: d.err_msg ?? null, status: d.status, operation: 'plus',
          records: d.records.map((r, j) => ({ id: j, sub_domain: r.sub_domain, record_type: r.record_type, area: '默认', value: r.value, ttl: 600, err_msg: r.err_msg ?? null, status: r.status, operation: 'plus', record_id: 118332371 + j, mx: null })),
          domain_id: String(25562928 + i),
        })),
        total: c.total, success: c.success, fail: c.fail, type: job.type, created_at: job.created_at,
      }),
      record,
    };
  }

  return fake;
}

export const DEMO_DNSPOD_KEYS = {
  secretId: 'AKIDdemoFakeSecretId000000000000000',
  secretKey: 'DemoDnspodSecretKeyForTheFakeCloud',
  tokenId: '13490',
  token: '6b5976c68aba5b14a0558b77c17c3932',
};

export function defaultDnspodScenario(now = Date.now()): DnspodFakeOptions {
  const cst = (minutesAgo: number): string => stamp(now - minutesAgo * 60_000);
  return {
    ...DEMO_DNSPOD_KEYS,
    jobs: [
      {
        id: 409752, type: 'record_add', created_at: cst(40),
        domains: [{ domain: 'dnsapi1.cn', status: 'ok', records: [
          { sub_domain: 'www', record_type: 'A', value: '11.22.33.45', status: 'ok' },
          { sub_domain: '@', record_type: 'A', value: '11.22.33.45', status: 'error', err_msg: '记录已经存在' },
          { sub_domain: 'mail', record_type: 'MX', value: 'mx.dnsapi1.cn', status: 'error', err_msg: 'MX 记录的优先级无效' },
        ] }],
      },
      {
        id: 409753, type: 'record_add', created_at: cst(2), finishAfterPolls: 2, finalStatuses: ['ok', 'ok'],
        domains: [{ domain: 'dnsapi2.cn', status: 'running', records: [
          { sub_domain: 'www', record_type: 'A', value: '11.22.33.46', status: 'running' },
          { sub_domain: 'api', record_type: 'CNAME', value: 'www.dnsapi2.cn', status: 'waiting' },
        ] }],
      },
    ],
  };
}
