/**
 * A faithful fake of Alidns' batch-result calls. Signatures are checked with the official
 * @alicloud/openapi-util getAuthorization (./acs3.ts, shared with the CDN fake); errors come in
 * Alibaba's real shape and are branched on Code (SignatureDoesNotMatch, InvalidAccessKeyId.NotFound, SignatureNonceUsed,
 * InvalidTimeStamp.Expired, Throttling.User, and for temporary keys InvalidSecurityToken.Expired).
 */
import { acs3Checker, type Acs3Keys } from './acs3';
import type { AlibabaCode } from './alibaba-errors';
import type { FakeClock, FakeProviderCloud, FakeRequest, FakeResponse } from './types';

export interface FakeAlibabaTask {
  TaskId: number;
  BatchType: 'DOMAIN_ADD' | 'DOMAIN_DEL' | 'RR_ADD' | 'RR_DEL';
  Status: 0 | 1 | 2;
  TotalCount: number;
  SuccessCount: number;
  FailedCount: number;
  finishAfterPolls?: number;
  finalSuccess?: number;
  finalFailed?: number;
  /** Failed rows; successful rows are generated to fill TotalCount. */
  failures?: { Domain: string; Rr: string; Type: string; Value: string; Reason: string }[];
}

/** The keys (and, for temporary keys, the STS token and its expiry) as in ./acs3.ts. */
export interface AlibabaFakeOptions extends Acs3Keys {
  tasks?: FakeAlibabaTask[];
  /** Actions the RAM policy does not allow: answered 403 Forbidden.RAM (alibaba-errors.ts). */
  forbid?: readonly string[];
}

export type AlibabaForced = 'throttled' | 'malformed' | 'server';

export interface AlibabaFake extends FakeProviderCloud {
  tasks: FakeAlibabaTask[];
  finishAll(): void;
  forceNext(answer: AlibabaForced): void;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

const requestId = (): string => '75446CC1-FC9A-4595-8D96-089D73D7A63D'.replace(/[0-9A-F]/g, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]!);

/** Only codes with a documented source (alibaba-errors.ts) can be answered. */
function error(status: number, code: AlibabaCode, message: string, host: string): FakeResponse {
  return json(status, { RequestId: requestId(), HostId: host, Code: code, Message: message, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Alidns` });
}

export function createAlibabaFake(options: AlibabaFakeOptions): AlibabaFake {
  const checkAcs3 = acs3Checker(options);
  const forced: AlibabaForced[] = [];
  const polls = new Map<number, number>();
  const finish = (t: FakeAlibabaTask): void => {
    t.Status = 1;
    if (t.finalSuccess !== undefined) t.SuccessCount = t.finalSuccess;
    if (t.finalFailed !== undefined) t.FailedCount = t.finalFailed;
  };
  const advance = (t: FakeAlibabaTask): void => {
    if (t.Status !== 0 || t.finishAfterPolls === undefined) return;
    const n = (polls.get(t.TaskId) ?? 0) + 1;
    polls.set(t.TaskId, n);
    if (n > t.finishAfterPolls) finish(t);
  };

  const fake: AlibabaFake = {
    provider: 'alibaba',
    tasks: options.tasks ?? [],
    ownsHost: (host) => host === 'alidns.aliyuncs.com' || /^alidns\.[a-z0-9-]+\.aliyuncs\.com$/.test(host),
    finishAll() {
      for (const t of fake.tasks) if (t.Status === 0) finish(t);
    },
    forceNext(answer) {
      forced.push(answer);
    },
    async handle(req: FakeRequest, clock: FakeClock) {
      const host = req.url.hostname;
      const { action, query, signatureValid, refusal } = checkAcs3(req, clock);
      const record = { operation: action, signatureValid };
      if (refusal) return { response: error(refusal.status, refusal.code, refusal.message, host), record };
      if (options.forbid?.includes(action)) return { response: error(403, 'Forbidden.RAM', 'User not authorized to operate on the specified resource, or this API doesn\'t support RAM.', host), record };
      const force = forced.shift();
      if (force === 'throttled') return { response: { ...error(400, 'Throttling.User', 'Request was denied due to user flow control.', host), headers: { 'content-type': 'application/json', 'x-acs-retry-after': '60' } }, record };
      if (force === 'server') return { response: error(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', host), record };
      if (force === 'malformed') return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"Status": ' }, record };
      return { response: route(action, query, host), record };
    },
  };

  function route(action: string, q: Record<string, string>, host: string): FakeResponse {
    if (action === 'DescribeBatchResultCount') {
      // No documented error code names an unknown task: the documented answer for "no task" is Status -1.
      const byId = q.TaskId ? fake.tasks.find((t) => String(t.TaskId) === q.TaskId) : undefined;
      const candidates = fake.tasks.filter((t) => !q.BatchType || t.BatchType === q.BatchType);
      const task = q.TaskId ? byId : candidates.sort((a, b) => b.TaskId - a.TaskId)[0];
      if (!task) return json(200, { Status: -1, TotalCount: 0, SuccessCount: 0, FailedCount: 0, TaskId: 0, BatchType: q.BatchType ?? '', RequestId: requestId() });
      advance(task);
      // Status is an integer, as documented (the client still reads "0" leniently).
      return json(200, { Status: task.Status, TotalCount: task.TotalCount, SuccessCount: task.SuccessCount, FailedCount: task.FailedCount, TaskId: task.TaskId, BatchType: task.BatchType, RequestId: requestId() });
    }
    if (action === 'DescribeBatchResultDetail') {
      const task = fake.tasks.find((t) => String(t.TaskId) === q.TaskId);
      if (!task) return json(200, { TotalCount: 0, PageNumber: Number(q.PageNumber ?? 1), PageSize: Number(q.PageSize ?? 20), RequestId: requestId(), BatchResultDetails: { BatchResultDetail: [] } });
      const size = Math.min(Number(q.PageSize ?? 20), 100);
      const page = Number(q.PageNumber ?? 1);
      const zh = q.Lang === 'zh';
      const failures = (task.failures ?? []).map((f) => ({ ...f, Status: false, Reason: zh ? f.Reason.replace('The DNS record already exists.', '解析记录已存在。') : f.Reason }));
      const successes = Array.from({ length: Math.max(0, task.SuccessCount) }, (_, i) => ({ Domain: 'example.com', Rr: `ok${i}`, Type: 'A', Value: `192.0.2.${(i % 250) + 1}`, Status: true, Reason: '' }));
      const rows = [...failures, ...successes].map((r, i) => ({ Line: 'default', Ttl: '600', Priority: '', RecordId: String(1000 + i), Remark: '', RrStatus: 'ENABLE', OperateDateStr: '2025-06-17 13:09:15', BatchType: task.BatchType, ...r }));
      return json(200, { TotalCount: rows.length, PageNumber: page, PageSize: size, RequestId: requestId(), BatchResultDetails: { BatchResultDetail: rows.slice((page - 1) * size, page * size) } });
    }
    return error(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.', host);
  }

  return fake;
}

export const DEMO_ALIBABA_KEYS = { accessKeyId: 'LTAI5tDemoFakeKey0001', secretAccessKey: 'DemoAlibabaSecretForTheFakeCloud00' };

export function defaultAlibabaScenario(): AlibabaFakeOptions {
  return {
    accessKeyId: DEMO_ALIBABA_KEYS.accessKeyId,
    accessKeySecret: DEMO_ALIBABA_KEYS.secretAccessKey,
    tasks: [
      {
        TaskId: 1234567, BatchType: 'RR_ADD', Status: 0, TotalCount: 40, SuccessCount: 10, FailedCount: 0, finishAfterPolls: 2, finalSuccess: 37, finalFailed: 3,
        failures: [
          { Domain: 'example.com', Rr: 'www', Type: 'A', Value: '192.0.2.10', Reason: 'The DNS record already exists.' },
          { Domain: 'example.com', Rr: 'mail', Type: 'MX', Value: 'mx.example.com', Reason: 'The DNS record already exists.' },
          { Domain: 'example.com', Rr: 'bad', Type: 'A', Value: '300.1.1.1', Reason: 'The value of the DNS record is invalid.' },
        ],
      },
      { TaskId: 1234500, BatchType: 'DOMAIN_ADD', Status: 1, TotalCount: 4, SuccessCount: 4, FailedCount: 0 },
    ],
  };
}
