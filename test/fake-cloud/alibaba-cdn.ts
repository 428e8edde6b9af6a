/**
 * A fake of Alibaba Cloud CDN's refresh-task calls (2018-05-10), shaped from the SDK's models
 * (@alicloud/cdn20180510: DescribeRefreshTasksResponseBody.Tasks.CDNTask[],
 * DescribeRefreshTaskByIdResponseBody.Tasks[]). One row per URL; rows of one submission share
 * a TaskId. As the doc says, a task's status moves on when it is asked about. Requests are
 * read as Alidns reads them (./acs3.ts: the official getAuthorization, the gateway's refusals).
 */
import { acs3Checker, type Acs3Keys } from './acs3';
import type { AlibabaCdnCode } from './alibaba-cdn-errors';
import type { FakeClock, FakeProviderCloud, FakeRequest, FakeResponse } from './types';

export interface FakeCdnRow {
  ObjectPath: string;
  /** Final status once the task finishes; Refreshing until then. */
  Status: 'Complete' | 'Failed';
  Description?: string;
}

export interface FakeCdnTask {
  TaskId: string;
  ObjectType: 'file' | 'directory' | 'regex' | 'preload';
  CreationTime: string;
  rows: FakeCdnRow[];
  /** Queries naming the task before it finishes (undefined: finished from the start). */
  finishAfterPolls?: number;
}

/** The keys (temporary ones with their token, as for Alidns) and the tasks. */
export interface AlibabaCdnFakeOptions extends Acs3Keys {
  tasks?: FakeCdnTask[];
}

export type AlibabaCdnForced = 'throttled' | 'malformed' | 'server';

export interface AlibabaCdnFake extends FakeProviderCloud {
  tasks: FakeCdnTask[];
  finishAll(): void;
  forceNext(answer: AlibabaCdnForced): void;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeResponse => ({
  status,
  headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

const requestId = (): string => '174F6032-AA26-470D-B90E-36F0EB205BEE'.replace(/[0-9A-F]/g, () => '0123456789ABCDEF'[Math.floor(Math.random() * 16)]!);

/** Only codes with a documented source (alibaba-cdn-errors.ts) can be answered. */
function error(status: number, code: AlibabaCdnCode, message: string, host: string): FakeResponse {
  return json(status, { RequestId: requestId(), HostId: host, Code: code, Message: message, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Cdn` });
}

export function createAlibabaCdnFake(options: AlibabaCdnFakeOptions): AlibabaCdnFake {
  const checkAcs3 = acs3Checker(options, '2018-05-10');
  const forced: AlibabaCdnForced[] = [];
  const polls = new Map<string, number>();
  const finished = (t: FakeCdnTask): boolean => t.finishAfterPolls === undefined || (polls.get(t.TaskId) ?? 0) > t.finishAfterPolls;
  const asked = (t: FakeCdnTask): void => void polls.set(t.TaskId, (polls.get(t.TaskId) ?? 0) + 1);
  const rowsOf = (t: FakeCdnTask) =>
    t.rows.map((r) => ({
      TaskId: t.TaskId,
      ObjectPath: r.ObjectPath,
      ObjectType: t.ObjectType,
      Status: finished(t) ? r.Status : 'Refreshing',
      Process: finished(t) ? '100%' : '40%',
      CreationTime: t.CreationTime,
      Description: finished(t) && r.Status === 'Failed' ? (r.Description ?? 'InternalError') : '',
    }));

  const fake: AlibabaCdnFake = {
    provider: 'alibaba',
    tasks: options.tasks ?? [],
    ownsHost: (host) => host === 'cdn.aliyuncs.com' || host === 'cdn.ap-southeast-1.aliyuncs.com',
    finishAll() {
      for (const t of fake.tasks) t.finishAfterPolls = undefined;
    },
    forceNext(answer) {
      forced.push(answer);
    },
    async handle(req: FakeRequest, clock: FakeClock) {
      const host = req.url.hostname;
      const { action, query, signatureValid, refusal } = checkAcs3(req, clock);
      const record = { operation: action, signatureValid };
      if (refusal) return { response: error(refusal.status, refusal.code, refusal.message, host), record };
      const force = forced.shift();
      if (force === 'throttled') return { response: { ...error(400, 'Throttling.User', 'Request was denied due to user flow control.', host), headers: { 'content-type': 'application/json', 'x-acs-retry-after': '60' } }, record };
      if (force === 'server') return { response: error(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', host), record };
      if (force === 'malformed') return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"Tasks": ' }, record };
      return { response: route(action, query, host, clock), record };
    },
  };

  function route(action: string, q: Record<string, string>, host: string, clock: FakeClock): FakeResponse {
    if (action === 'DescribeRefreshTasks') {
      if ((q.Status || q.DomainName) && !q.ObjectType) return error(400, 'MissingParameter.ObjectType', 'The ObjectType parameter is required if DomainName or Status is specified.', host);
      if (Boolean(q.StartTime) !== Boolean(q.EndTime)) return error(400, 'MissingTimeParameter', 'The StartTime and EndTime must be both specified.', host);
      if (q.TaskId !== undefined && !/^\d+$/.test(q.TaskId)) return error(400, 'InvalidTaskId.Malformed', 'The specified TaskId is invalid.', host);
      const since = q.StartTime ? Date.parse(q.StartTime) : clock.now() - 3 * 86_400_000;
      const until = q.EndTime ? Date.parse(q.EndTime) : clock.now();
      const tasks = fake.tasks
        .filter((t) => (!q.TaskId || t.TaskId === q.TaskId) && (!q.ObjectType || t.ObjectType === q.ObjectType))
        .filter((t) => Date.parse(t.CreationTime) >= since && Date.parse(t.CreationTime) <= until)
        .sort((a, b) => Date.parse(b.CreationTime) - Date.parse(a.CreationTime));
      for (const t of tasks) asked(t);
      const rows = tasks.flatMap(rowsOf).filter((r) => !q.Status || r.Status === q.Status);
      const size = Math.min(Math.max(Number(q.PageSize ?? 20), 1), 100);
      const page = Math.max(Number(q.PageNumber ?? 1), 1);
      return json(200, { RequestId: requestId(), PageNumber: page, PageSize: size, TotalCount: rows.length, Tasks: { CDNTask: rows.slice((page - 1) * size, page * size) } });
    }
    if (action === 'DescribeRefreshTaskById') {
      const ids = (q.TaskId ?? '').split(',');
      if (!q.TaskId || ids.length > 10 || ids.some((id) => !/^\d+$/.test(id))) return error(400, 'InvalidTaskId.Malformed', 'The specified TaskId is invalid.', host);
      const tasks = fake.tasks.filter((t) => ids.includes(t.TaskId) && Date.parse(t.CreationTime) >= clock.now() - 3 * 86_400_000);
      for (const t of tasks) asked(t);
      const rows = tasks.flatMap(rowsOf);
      return json(200, { RequestId: requestId(), TotalCount: rows.length, Tasks: rows });
    }
    return error(400, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.', host);
  }

  return fake;
}

/** A refresh with three failed URLs of five, and a preload of two URLs that both succeed. */
export function defaultAlibabaCdnScenario(now = Date.now()): AlibabaCdnFakeOptions {
  const at = (minutesAgo: number): string => new Date(now - minutesAgo * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    accessKeyId: 'LTAI5tDemoFakeKey0001',
    accessKeySecret: 'DemoAlibabaSecretForTheFakeCloud00',
    tasks: [
      {
        TaskId: '704225667', ObjectType: 'file', CreationTime: at(3), finishAfterPolls: 2,
        rows: [
          { ObjectPath: 'https://static.example.com/app.js', Status: 'Complete' },
          { ObjectPath: 'https://static.example.com/app.css', Status: 'Complete' },
          { ObjectPath: 'https://static.example.com/logo.png', Status: 'Failed', Description: 'OriginTimeout' },
          { ObjectPath: 'https://static.example.com/hero.jpg', Status: 'Failed', Description: 'OriginReturnStatusCode 5XX' },
          { ObjectPath: 'https://static.example.com/old.html', Status: 'Failed', Description: 'InternalError' },
        ],
      },
      {
        TaskId: '704225668', ObjectType: 'preload', CreationTime: at(2), finishAfterPolls: 2,
        rows: [
          { ObjectPath: 'https://static.example.com/video.mp4', Status: 'Complete' },
          { ObjectPath: 'https://static.example.com/poster.jpg', Status: 'Complete' },
        ],
      },
    ],
  };
}
