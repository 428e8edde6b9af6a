/**
 * A fake of Tencent Cloud CDN's refresh (DescribePurgeTasks) and preload (DescribePushTasks)
 * history, shaped from tencentcloud-sdk-nodejs-cdn's cdn_models.d.ts (PurgeTask, PushTask): one
 * log row per URL, paged by Offset/Limit, filtered by TaskId or a StartTime/EndTime window (China
 * Standard Time). TC3 is checked with tencentcloud-sdk-nodejs-common's sign3 (service "cdn");
 * errors come in HTTP 200 `{Response:{Error}}`, with documented codes only (tencent-cdn-errors.ts).
 */
import { checkTc3, TC3_REFUSAL_MESSAGES } from './tc3';
import type { TencentCdnCode } from './tencent-cdn-errors';
import type { FakeClock, FakeProviderCloud, FakeRequest, FakeResponse } from './types';

export type TencentCdnUrlStatus = 'done' | 'fail' | 'process' | 'invalid';

export interface FakeTencentCdnTask {
  id: string;
  log: 'purge' | 'push';
  /** Refresh only: url (URL refresh) or path (directory refresh). */
  purgeType?: 'url' | 'path';
  createdAt: number;
  urls: { url: string; status: TencentCdnUrlStatus }[];
  /** Rows still in process take their final status after this many answers that list the task. */
  finishAfterPolls?: number;
  finalStatuses?: TencentCdnUrlStatus[];
}

export interface TencentCdnFakeOptions {
  secretId: string;
  secretKey: string;
  tasks: FakeTencentCdnTask[];
  /** Actions CAM refuses (UnauthorizedOperation.CdnCamUnauthorized), changeable while a test runs. */
  deny?: string[];
}

export interface TencentCdnFake extends FakeProviderCloud {
  tasks: FakeTencentCdnTask[];
  deny: string[];
  finishAll(): void;
  /** The next answer is this failure instead of data. */
  forceNext(answer: 'throttled' | 'malformed' | 'server'): void;
}

export const TENCENT_CDN_FAKE_HOSTS = ['cdn.tencentcloudapi.com', 'cdn.intl.tencentcloudapi.com'];
const ACTIONS = { DescribePurgeTasks: 'purge', DescribePushTasks: 'push' } as const;

const json = (body: unknown): FakeResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const requestId = (): string => `${Math.random().toString(16).slice(2, 10)}-7c1e-4b0d-8f3a-${Math.random().toString(16).slice(2, 14)}`;

/** "2018-08-08 00:00:00" in China Standard Time. */
export const cst = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
const fromCst = (s: unknown): number | undefined => {
  const m = typeof s === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s) : null;
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!, +m[6]!) : undefined;
};

export function createTencentCdnFake(options: TencentCdnFakeOptions): TencentCdnFake {
  const polls = new Map<string, number>();
  const forced: ('throttled' | 'malformed' | 'server')[] = [];
  const finish = (task: FakeTencentCdnTask): void => {
    task.urls.forEach((u, i) => {
      if (u.status === 'process') u.status = task.finalStatuses?.[i] ?? 'done';
    });
  };
  const fake: TencentCdnFake = {
    provider: 'tencent-cdn',
    tasks: options.tasks,
    deny: options.deny ?? [],
    ownsHost: (host) => TENCENT_CDN_FAKE_HOSTS.includes(host),
    finishAll() {
      fake.tasks.forEach(finish);
    },
    forceNext(answer) {
      forced.push(answer);
    },
    async handle(req: FakeRequest, clock: FakeClock) {
      const { action, signatureValid, refusal } = checkTc3(req, clock, options, 'cdn');
      const record = { operation: action, signatureValid };
      const error = (Code: TencentCdnCode, Message: string) => ({ response: json({ Response: { Error: { Code, Message }, RequestId: requestId() } }), record });
      if (refusal) return error(refusal, TC3_REFUSAL_MESSAGES[refusal]);
      const force = forced.shift();
      if (force === 'throttled') return error('RequestLimitExceeded', 'Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second.');
      if (force === 'server') return { response: { status: 502, body: 'Bad Gateway' }, record };
      if (force === 'malformed') return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"Response": {"PurgeLogs": [' }, record };
      if (!(action in ACTIONS) || req.headers['x-tc-version'] !== '2018-06-06') return error('InvalidAction', `The action ${action} is not supported.`);
      if (fake.deny.includes(action)) return error('UnauthorizedOperation.CdnCamUnauthorized', 'CAM authorization failed.');
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return error('InvalidParameter', 'The request body is not JSON.');
      }
      const log = ACTIONS[action as keyof typeof ACTIONS];
      const start = fromCst(body.StartTime);
      const end = fromCst(body.EndTime);
      // "查询时任务 ID 与起始时间必须填充一项"
      if (typeof body.TaskId !== 'string' && start === undefined) return error('InvalidParameter.CdnParamError', 'TaskId or StartTime is required.');
      const offset = Number(body.Offset ?? 0);
      const limit = Number(body.Limit ?? 20);
      const tasks = fake.tasks.filter((t) => t.log === log && (typeof body.TaskId === 'string' ? t.id === body.TaskId : t.createdAt >= start! && (end === undefined || t.createdAt <= end)));
      for (const task of tasks) {
        const n = (polls.get(task.id) ?? 0) + 1;
        polls.set(task.id, n);
        if (task.finishAfterPolls !== undefined && n > task.finishAfterPolls) finish(task);
      }
      const rows = tasks.flatMap((t) =>
        t.urls.map((u) =>
          log === 'purge'
            ? { TaskId: t.id, Url: u.url, Status: u.status, PurgeType: t.purgeType ?? 'url', FlushType: t.purgeType === 'path' ? 'flush' : 'delete', CreateTime: cst(t.createdAt) }
            : { TaskId: t.id, Url: u.url, Status: u.status, Percent: u.status === 'process' ? 40 : 100, CreateTime: cst(t.createdAt), Area: 'mainland', UpdateTime: cst(clock.now()) },
        ),
      );
      return { response: json({ Response: { [log === 'purge' ? 'PurgeLogs' : 'PushLogs']: rows.slice(offset, offset + limit), TotalCount: rows.length, RequestId: requestId() } }), record };
    },
  };
  return fake;
}

export const DEMO_TENCENT_CDN_TASK_IDS = { refresh: '15c83a1c-5a2e-4e0e-9d3c-6a2b8e3f1a01', preload: '15c83a1c-5a2e-4e0e-9d3c-6a2b8e3f1a02' };

/** A URL refresh with some failed URLs, and a preload still running (it finishes after two answers). */
export function defaultTencentCdnScenario(keys: { secretId: string; secretKey: string }, now = Date.now()): TencentCdnFakeOptions {
  return {
    ...keys,
    tasks: [
      {
        id: DEMO_TENCENT_CDN_TASK_IDS.refresh, log: 'purge', purgeType: 'url', createdAt: now - 20 * 60_000,
        urls: [
          { url: 'https://static.example.cn/app.js', status: 'done' },
          { url: 'https://static.example.cn/app.css', status: 'fail' },
          { url: 'https://static.example.cn/img/logo.png', status: 'fail' },
          { url: 'https://static.example.cn/index.html', status: 'done' },
        ],
      },
      {
        id: DEMO_TENCENT_CDN_TASK_IDS.preload, log: 'push', createdAt: now - 2 * 60_000, finishAfterPolls: 2,
        urls: [
          { url: 'https://static.example.cn/video/intro.mp4', status: 'process' },
          { url: 'https://static.example.cn/video/missing.mp4', status: 'process' },
        ],
        finalStatuses: ['done', 'invalid'],
      },
    ],
  };
}
