/**
 * Alibaba Cloud CDN as a task source: what it asks, and how often. One DescribeRefreshTasks
 * call per discovery (three days, 100 rows), never faster than 5 a second per key; tracked ids
 * by DescribeRefreshTaskById, 10 ids a call; failed URLs by the task's id and Status=Failed.
 * Error codes are those the CDN pages document, each with its source.
 */
import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createAlibabaCdnFake, defaultAlibabaCdnScenario } from '../../../fake-cloud/alibaba-cdn';
import { ALIBABA_CDN_ERRORS } from '../../../fake-cloud/alibaba-cdn-errors';
import { DEMO_ALIBABA_KEYS } from '../../../fake-cloud/alibaba';
import { alibabaCdn, CDN_PAGE_SIZE, HISTORY_MS, tasksById } from '../../../../lib/providers/alibaba-cdn/index';
import { alibabaErrorClass } from '../../../../lib/providers/alibaba/errors';
import { resubmitFile } from '../../../../lib/files/failed-items';
import { failedItemViews } from '../../../../lib/engine/service/views';
import { ProviderError, type Credentials, type Task, type UnreadableRows } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

let keys = 0;
const cred = (settings: Record<string, string> = {}, fresh = true): Credentials => ({
  account: { id: 'ali1', provider: 'alibaba', name: 'Ali', settings },
  secrets: { accessKeyId: fresh ? `LTAI5tCallsKey${++keys}` : 'LTAI5tSharedKey0001', secretAccessKey: 'TestSecretTestSecret0000' },
});

/** Remembers each request's URL and answers with `body(url)`. */
function recording(body: (url: URL) => unknown) {
  const urls: URL[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    urls.push(url);
    return new Response(JSON.stringify(body(url)), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { urls, fetch };
}

const NOW = Date.UTC(2026, 11, 7, 9, 0, 0);
const row = (TaskId: string, Status: string, ObjectPath = `https://a.example/${TaskId}/${Math.random()}`) => ({ TaskId, Status, ObjectPath, ObjectType: 'file', CreationTime: '2026-12-07T08:58:00Z', Process: '100%', Description: Status === 'Failed' ? 'OriginTimeout' : '' });

describe('discovery', () => {
  it('is one DescribeRefreshTasks call: three days up to now, 100 rows, page 1, on the China endpoint', async () => {
    const { urls, fetch } = recording(() => ({ Tasks: { CDNTask: [] }, TotalCount: 0 }));
    await alibabaCdn.discover(cred(), testContext(fetch, { startAt: NOW }));
    expect(urls).toHaveLength(1);
    const q = urls[0]!.searchParams;
    expect(urls[0]!.host).toBe('cdn.aliyuncs.com');
    expect(Object.fromEntries(q)).toEqual({ PageSize: String(CDN_PAGE_SIZE), PageNumber: '1', StartTime: new Date(NOW - HISTORY_MS).toISOString().replace('.000', ''), EndTime: new Date(NOW).toISOString().replace('.000', '') });
  });

  it('asks the international endpoint for an account on the international site', async () => {
    const { urls, fetch } = recording(() => ({ Tasks: { CDNTask: [] } }));
    await alibabaCdn.discover(cred({ endpoint: 'alidns.ap-southeast-1.aliyuncs.com' }), testContext(fetch));
    expect(urls[0]!.host).toBe('cdn.ap-southeast-1.aliyuncs.com');
  });

  it('against the fake API: a URL refresh ends partial with its failed URLs, a preload succeeds, each of its own kind', async () => {
    const fake = createAlibabaCdnFake(defaultAlibabaCdnScenario());
    const cloud = createFakeCloud([fake]);
    const ctx = testContext(cloud.fetch);
    const c: Credentials = { ...cred(), secrets: { ...DEMO_ALIBABA_KEYS } };
    const first = await alibabaCdn.discover(c, ctx);
    expect(first.map((t) => [t.kind, t.status])).toEqual([['cdn-preload', 'running'], ['cdn-refresh-url', 'running']]);
    fake.finishAll();
    const [preload, refresh] = await alibabaCdn.discover(c, ctx);
    expect(preload).toMatchObject({ kind: 'cdn-preload', status: 'succeeded', total: 2, done: 2, failed: 0 });
    expect(refresh).toMatchObject({ kind: 'cdn-refresh-url', status: 'partial', total: 5, done: 2, failed: 3, label: 'https://static.example.com/app.js +4' });
    const page = await alibabaCdn.failedItems(c, refresh!, 1, ctx);
    expect(page.items.map((i) => [i.item, i.message])).toEqual([
      ['https://static.example.com/logo.png', 'OriginTimeout'],
      ['https://static.example.com/hero.jpg', 'OriginReturnStatusCode 5XX'],
      ['https://static.example.com/old.html', 'InternalError'],
    ]);
    expect(cloud.records.every((r) => r.signatureValid && r.status === 200)).toBe(true);
    // The resubmit file is the failed URLs, one a line, as the console's submit box takes them.
    expect(resubmitFile(failedItemViews(page.items, 'en'), 'alibaba').content).toBe('https://static.example.com/logo.png\r\nhttps://static.example.com/hero.jpg\r\nhttps://static.example.com/old.html\r\n');
  });

  it('leaves out the last task of a full page with more behind it (its rows may go on): it is asked for by id', async () => {
    const rows = [...Array.from({ length: 60 }, () => row('111', 'Complete')), ...Array.from({ length: 40 }, () => row('222', 'Refreshing'))];
    const { fetch } = recording(() => ({ Tasks: { CDNTask: rows }, TotalCount: 130 }));
    const tasks = await alibabaCdn.discover(cred(), testContext(fetch));
    expect(tasks.map((t) => t.providerTaskId)).toEqual(['111']);
    const { fetch: whole } = recording(() => ({ Tasks: { CDNTask: rows }, TotalCount: 100 }));
    expect((await alibabaCdn.discover(cred(), testContext(whole))).map((t) => t.providerTaskId)).toEqual(['111', '222']);
  });

  it('counts the rows it cannot read (no TaskId) and tells them, as every source tells unreadable rows; the readable tasks are listed', async () => {
    const rows = [row('111', 'Complete'), { ...row('x', 'Failed'), TaskId: undefined }, { ...row('x', 'Complete'), TaskId: null }, { ObjectPath: 'https://a.example/z', TaskId: '' }];
    const { fetch } = recording(() => ({ Tasks: { CDNTask: rows }, TotalCount: 4 }));
    const told: UnreadableRows[] = [];
    const tasks = await alibabaCdn.discover(cred(), { ...testContext(fetch), unreadable: (r) => void told.push(r) });
    expect(tasks.map((t) => t.providerTaskId)).toEqual(['111']);
    expect(told).toEqual([{ kind: 'cdn-refresh-url', count: 3, message: { id: 'cdnRowsUnreadable', n: 3, account: 'Ali' }, shapes: expect.any(Array) }]);
    // Every row readable: nothing is told.
    const { fetch: clean } = recording(() => ({ Tasks: { CDNTask: [row('111', 'Complete')] }, TotalCount: 1 }));
    const none: UnreadableRows[] = [];
    await alibabaCdn.discover(cred(), { ...testContext(clean), unreadable: (r) => void none.push(r) });
    expect(none).toEqual([]);
  });

  it('never calls DescribeRefreshTasks more than 5 times a second with one key', async () => {
    const { urls, fetch } = recording(() => ({ Tasks: { CDNTask: [] } }));
    const times: number[] = [];
    const timed: typeof globalThis.fetch = async (input, init) => {
      times.push(Date.now());
      return fetch(input, init);
    };
    for (let i = 0; i < 6; i++) await alibabaCdn.discover(cred({}, false), testContext(timed));
    expect(urls).toHaveLength(6);
    // Six calls: the sixth at least a second after the first.
    expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(950);
  });
});

describe('tracked ids', () => {
  it('are asked by id, 10 a call, and each task is made of its own rows only', async () => {
    const ids = Array.from({ length: 25 }, (_, i) => String(700 + i));
    const { urls, fetch } = recording((url) => ({ Tasks: (url.searchParams.get('TaskId') ?? '').split(',').flatMap((id) => [row(id, 'Complete'), row(id, 'Failed')]) }));
    const found = await tasksById(cred(), testContext(fetch), ids);
    expect(urls.map((u) => u.searchParams.get('TaskId')!.split(',').length)).toEqual([10, 10, 5]);
    expect(urls.every((u) => u.host === 'cdn.aliyuncs.com')).toBe(true);
    expect([...found.keys()]).toEqual(ids);
    for (const task of found.values()) expect(task).toMatchObject({ status: 'partial', total: 2, failed: 1 });
  });

  it('a task no answer names (older than three days) is not found, and never marked anything else', async () => {
    const { fetch } = recording(() => ({ Tasks: [], TotalCount: 0 }));
    const task: Task = { key: 'ali1:cdn-preload:9', provider: 'alibaba', accountId: 'ali1', kind: 'cdn-preload', providerTaskId: '9', label: 'x', status: 'running' };
    await expect(alibabaCdn.refresh(cred(), task, testContext(fetch))).rejects.toMatchObject({ cls: 'not-found' });
  });
});

describe('failed URLs', () => {
  it('are asked by the task\'s id with Status=Failed (and the ObjectType it needs), 100 a page, to the last page', async () => {
    const { urls, fetch } = recording((url) => ({ TotalCount: 230, Tasks: { CDNTask: Array.from({ length: url.searchParams.get('PageNumber') === '3' ? 30 : 100 }, () => row('704225667', 'Failed')) } }));
    const task: Task = { key: 'ali1:cdn-refresh-url:704225667', provider: 'alibaba', accountId: 'ali1', kind: 'cdn-refresh-url', providerTaskId: '704225667', label: 'x', status: 'partial', failed: 230, locator: { objectType: 'file' } };
    const pages = [];
    for (let page: number | undefined = 1; page !== undefined; ) {
      const answer = await alibabaCdn.failedItems(cred(), task, page, testContext(fetch));
      pages.push(answer.items.length);
      page = answer.nextPage;
    }
    expect(pages).toEqual([100, 100, 30]);
    for (const url of urls) expect(Object.fromEntries(url.searchParams)).toMatchObject({ TaskId: '704225667', Status: 'Failed', ObjectType: 'file', PageSize: '100' });
  });
});

describe('Alibaba Cloud CDN error codes', () => {
  const answering = (code: string): typeof fetch => async () => new Response(JSON.stringify({ RequestId: 'R', HostId: 'cdn.aliyuncs.com', Code: code, Message: 'm' }), { status: 400, headers: { 'content-type': 'application/json' } });
  const task: Task = { key: 'ali1:cdn-refresh-url:704225667', provider: 'alibaba', accountId: 'ali1', kind: 'cdn-refresh-url', providerTaskId: '704225667', label: 'x', status: 'running', locator: { objectType: 'file' } };

  it.each(Object.entries(ALIBABA_CDN_ERRORS).map(([code, r]) => ({ code, ...r })))('$code → $cls, whichever call answers it', async ({ code, cls, source }) => {
    expect(source.length).toBeGreaterThan(20);
    expect(alibabaErrorClass(code, 400)).toBe(cls);
    for (const call of [() => alibabaCdn.refresh(cred(), task, testContext(answering(code))), () => alibabaCdn.failedItems(cred(), task, 1, testContext(answering(code))), () => alibabaCdn.discover(cred(), testContext(answering(code)))]) {
      const err = await call().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ cls, code });
    }
  });
});
