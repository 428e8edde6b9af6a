/**
 * A fake of Huawei Cloud CDN's refresh and preheating history: ShowHistoryTasks (GET
 * /v1.0/cdn/historytasks) and ShowHistoryTaskDetails (GET /v1.0/cdn/historytasks/{id}/detail),
 * shaped from the SDK's models (huaweicloud-sdk-nodejs-v3 services/cdn/v2/model: TasksObject,
 * UrlObject, ShowHistoryTaskDetailsResponse) and the two API pages' parameters. Signatures are
 * checked with the SDK's own signer (./huawei.ts); refusals carry only the gateway's documented
 * codes (huawei-errors.ts) or, where no page documents one, the HTTP status and no code.
 */
import { gatewayError, verifyHuaweiSignature } from './huawei';
import type { FakeClock, FakeProviderCloud, FakeRequest, FakeResponse } from './types';

export type HuaweiCdnUrlStatus = 'succeed' | 'failed' | 'processing' | 'waiting' | 'refreshing' | 'preheating';
const IN_PROGRESS: readonly HuaweiCdnUrlStatus[] = ['processing', 'waiting', 'refreshing', 'preheating'];

export interface FakeHuaweiCdnTask {
  /** 32 hexadecimal characters, as the create-task pages' examples (ff8080…) show. */
  id: string;
  task_type: 'refresh' | 'preheating';
  file_type: 'file' | 'directory';
  create_time: number;
  urls: { url: string; status: HuaweiCdnUrlStatus; fail_desc?: string }[];
  finishAfterPolls?: number;
  finalStatuses?: ('succeed' | 'failed')[];
}

export interface HuaweiCdnFakeOptions {
  accessKeyId: string;
  secretAccessKey: string;
  tasks: FakeHuaweiCdnTask[];
  /** Operations IAM refuses (HTTP 403), changeable while a test runs. */
  deny?: string[];
}

export interface HuaweiCdnFake extends FakeProviderCloud {
  tasks: FakeHuaweiCdnTask[];
  deny: string[];
  /** The query of every request, in order (what the source asked for). */
  queries: URLSearchParams[];
  finishAll(): void;
  /** The next answer is this failure instead of data. */
  forceNext(answer: 'throttled' | 'malformed' | 'server'): void;
}

export const HUAWEI_CDN_FAKE_HOST = 'cdn.myhuaweicloud.com';

const json = (status: number, body: unknown): FakeResponse => ({ status, headers: { 'content-type': 'application/json', 'x-request-id': `${Date.now().toString(16)}cdn` }, body: JSON.stringify(body) });

const DETAIL = /^\/v1\.0\/cdn\/historytasks\/([^/]+)\/detail$/;

function counts(task: FakeHuaweiCdnTask) {
  const processing = task.urls.filter((u) => IN_PROGRESS.includes(u.status)).length;
  return {
    status: processing ? 'task_inprocess' : 'task_done',
    processing,
    succeed: task.urls.filter((u) => u.status === 'succeed').length,
    failed: task.urls.filter((u) => u.status === 'failed').length,
    total: task.urls.length,
  };
}

export function createHuaweiCdnFake(options: HuaweiCdnFakeOptions): HuaweiCdnFake {
  const polls = new Map<string, number>();
  const forced: ('throttled' | 'malformed' | 'server')[] = [];
  const finish = (task: FakeHuaweiCdnTask): void => {
    task.urls.forEach((u, i) => {
      if (IN_PROGRESS.includes(u.status)) u.status = task.finalStatuses?.[i] ?? 'succeed';
    });
  };
  const advance = (task: FakeHuaweiCdnTask): void => {
    const n = (polls.get(task.id) ?? 0) + 1;
    polls.set(task.id, n);
    if (task.finishAfterPolls !== undefined && n > task.finishAfterPolls) finish(task);
  };
  const fake: HuaweiCdnFake = {
    provider: 'huawei-cdn',
    tasks: options.tasks,
    deny: options.deny ?? [],
    queries: [],
    ownsHost: (host) => host === HUAWEI_CDN_FAKE_HOST,
    finishAll() {
      fake.tasks.forEach(finish);
    },
    forceNext(answer) {
      forced.push(answer);
    },
    async handle(req: FakeRequest, clock: FakeClock) {
      const path = req.url.pathname;
      const operation = path === '/v1.0/cdn/historytasks' ? 'ShowHistoryTasks' : DETAIL.test(path) ? 'ShowHistoryTaskDetails' : 'unknown';
      const verdict = verifyHuaweiSignature(req, options.accessKeyId, options.secretAccessKey, clock.now());
      const record = { operation, signatureValid: verdict === 'ok' };
      fake.queries.push(req.url.searchParams);
      if (verdict === 'clock') return { response: gatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the X-Sdk-Date header is expired'), record };
      if (verdict !== 'ok') return { response: gatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail'), record };
      if (operation === 'unknown' || req.method !== 'GET') return { response: gatewayError(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.'), record };
      const force = forced.shift();
      if (force === 'throttled') return { response: gatewayError(429, 'APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute'), record };
      // A failing backend behind the gateway: a status without a code (no CDN page documents one).
      if (force === 'server') return { response: { status: 502, body: 'Bad Gateway' }, record };
      if (force === 'malformed') return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"tasks": [ {"id": ' }, record };
      if (fake.deny.includes(operation)) return { response: json(403, { error_msg: `Policy doesn't allow this action to be performed (${operation}).` }), record };
      return { response: route(req, operation, clock), record };
    },
  };

  function route(req: FakeRequest, operation: string, clock: FakeClock): FakeResponse {
    const q = req.url.searchParams;
    const pageSize = Number(q.get('page_size') ?? 30);
    const pageNumber = Number(q.get('page_number') ?? 1);
    // Both pages: page_size 1–10000, page_number 1–65535; "page_size and page_number must be set" together.
    if (!(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 10_000 && Number.isInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 65_535) || q.has('page_size') !== q.has('page_number')) {
      return json(400, { error_msg: 'Invalid page_size or page_number.' });
    }
    const from = (pageNumber - 1) * pageSize;
    if (operation === 'ShowHistoryTasks') {
      const start = Number(q.get('start_date') ?? 0);
      const end = Number(q.get('end_date') ?? clock.now());
      const type = q.get('task_type');
      const listed = fake.tasks.filter((t) => t.create_time >= start && t.create_time <= end && (!type || t.task_type === type)).sort((a, b) => b.create_time - a.create_time);
      const page = listed.slice(from, from + pageSize);
      page.forEach(advance);
      return json(200, { total: listed.length, tasks: page.map((t) => ({ id: t.id, task_type: t.task_type, ...counts(t), create_time: t.create_time, file_type: t.file_type })) });
    }
    const id = DETAIL.exec(req.url.pathname)?.[1] ?? '';
    // Without create_time the page looks back seven days; at most fifteen.
    const created = Number(q.get('create_time') ?? clock.now() - 7 * 24 * 3600_000);
    const task = fake.tasks.find((t) => t.id === id && (q.has('create_time') ? t.create_time === created : t.create_time >= created));
    if (!task) return json(404, { error_msg: 'The task does not exist.' });
    advance(task);
    const status = q.get('status');
    const urls = task.urls.filter((u) => !status || u.status === status);
    return json(200, {
      id: task.id, task_type: task.task_type, ...counts(task), create_time: task.create_time, file_type: task.file_type,
      urls: urls.slice(from, from + pageSize).map((u, i) => ({
        id: `${task.id.slice(0, 24)}${String(from + i).padStart(8, '0')}`, url: u.url, status: u.status, create_time: task.create_time,
        task_id: task.id, task_type: task.task_type === 'refresh' ? 'REFRESH' : 'PREHEATING',
        ...(u.status === 'failed' ? { fail_desc: u.fail_desc ?? null } : {}),
      })),
    });
  }
  return fake;
}

export const DEMO_HUAWEI_CDN_TASK_IDS = { refresh: 'ff80808190a1b2c3d4e5f60718293a4b', preload: 'ff80808190a1b2c3d4e5f60718293a4c' };

/**
 * A URL refresh with some failed URLs, and a preheating still running (it finishes after two
 * answers, one URL failed). fail_desc is free text: no page documents its values.
 */
export function defaultHuaweiCdnScenario(keys: { accessKeyId: string; secretAccessKey: string }, now = Date.now()): HuaweiCdnFakeOptions {
  return {
    ...keys,
    tasks: [
      {
        id: DEMO_HUAWEI_CDN_TASK_IDS.refresh, task_type: 'refresh', file_type: 'file', create_time: now - 25 * 60_000,
        urls: [
          { url: 'https://www.example.com/index.html', status: 'succeed' },
          { url: 'https://www.example.com/app.js', status: 'failed', fail_desc: 'origin unreachable' },
          { url: 'https://www.example.com/app.css', status: 'failed', fail_desc: 'origin unreachable' },
        ],
      },
      {
        id: DEMO_HUAWEI_CDN_TASK_IDS.preload, task_type: 'preheating', file_type: 'file', create_time: now - 3 * 60_000, finishAfterPolls: 2,
        urls: [
          { url: 'https://www.example.com/video/a.mp4', status: 'preheating' },
          { url: 'https://www.example.com/video/b.mp4', status: 'waiting' },
        ],
        finalStatuses: ['succeed', 'failed'],
      },
    ],
  };
}
