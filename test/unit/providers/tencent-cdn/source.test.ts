/**
 * Tencent Cloud CDN refresh and preload tasks, against the fake shaped from the SDK's models: a
 * task is the log rows of one TaskId, its failed items the rows that failed; one list call per
 * log while tasks run; the rate limit holds while paging; every request is signed as the SDK signs.
 */
import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createTencentCdnFake, cst, defaultTencentCdnScenario, DEMO_TENCENT_CDN_TASK_IDS, type FakeTencentCdnTask } from '../../../fake-cloud/tencent-cdn';
import { DEMO_DNSPOD_KEYS } from '../../../fake-cloud/dnspod';
import { tencentCdn, TENCENT_CDN_QPS } from '../../../../lib/providers/tencent-cdn/index';
import { ProviderError, type Credentials, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const keys = { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey };
const cred = (site = 'dnspod.tencentcloudapi.com'): Credentials => ({ account: { id: 'tc1', provider: 'dnspod', name: 'TC', settings: { site } }, secrets: { ...keys } });
const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

function setup(tasks?: FakeTencentCdnTask[]) {
  const fake = createTencentCdnFake(tasks ? { ...keys, tasks } : defaultTencentCdnScenario(keys));
  const cloud = createFakeCloud([fake]);
  return { fake, cloud, ctx: testContext(cloud.fetch) };
}

const byId = (tasks: Task[], id: string): Task => tasks.find((t) => t.providerTaskId === id)!;

describe('Tencent Cloud CDN tasks', () => {
  it('lists a refresh with failed URLs and a running preload, one signed list call per log', async () => {
    const { cloud, ctx } = setup();
    const tasks = await tencentCdn.discover(cred(), ctx);
    expect(tasks).toHaveLength(2);
    expect(byId(tasks, DEMO_TENCENT_CDN_TASK_IDS.refresh)).toMatchObject({ kind: 'cdn-refresh-url', status: 'partial', total: 4, done: 2, failed: 2, label: 'https://static.example.cn/app.js +3', provider: 'dnspod' });
    expect(byId(tasks, DEMO_TENCENT_CDN_TASK_IDS.preload)).toMatchObject({ kind: 'cdn-preload', status: 'running', total: 2, done: 0, failed: 0 });
    expect(cloud.count(undefined, 'DescribePurgeTasks')).toBe(1);
    expect(cloud.count(undefined, 'DescribePushTasks')).toBe(1);
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
  });

  it('asks the international host for an account of the international site', async () => {
    const { cloud, ctx } = setup();
    await tencentCdn.discover(cred('dnspod.intl.tencentcloudapi.com'), ctx);
    expect(cloud.records.map((r) => new URL(r.url).host)).toEqual(['cdn.intl.tencentcloudapi.com', 'cdn.intl.tencentcloudapi.com']);
    expect(tencentCdn.consoleUrl({} as Task, cred('dnspod.intl.tencentcloudapi.com').account)).toBe('https://console.tencentcloud.com/cdn/refresh');
    expect(tencentCdn.consoleUrl({} as Task, cred().account)).toBe('https://console.cloud.tencent.com/cdn/refresh');
  });

  it('follows a running task by its id until it ends, and lists its failed URLs with the status word as code and message', async () => {
    const { ctx } = setup();
    const preload = byId(await tencentCdn.discover(cred(), ctx), DEMO_TENCENT_CDN_TASK_IDS.preload);
    expect(await tencentCdn.refresh(cred(), preload, ctx)).toMatchObject({ status: 'running' });
    const after = await tencentCdn.refresh(cred(), preload, ctx);
    expect(after).toMatchObject({ status: 'partial', done: 1, failed: 1 });
    const page = await tencentCdn.failedItems(cred(), after, 1, ctx);
    expect(page).toEqual({ items: [{ item: 'https://static.example.cn/video/missing.mp4', code: 'invalid', message: 'invalid', fields: { url: 'https://static.example.cn/video/missing.mp4' } }], total: 1 });
  });

  it('calls a directory refresh by its kind, and a task the log no longer has is gone', async () => {
    const { ctx } = setup([{ id: 'dir-1', log: 'purge', purgeType: 'path', createdAt: Date.now() - 60_000, urls: [{ url: 'https://a.example/img/', status: 'done' }] }]);
    const [task] = await tencentCdn.discover(cred(), ctx);
    expect(task).toMatchObject({ kind: 'cdn-refresh-dir', status: 'succeeded' });
    const gone = await failure(tencentCdn.refresh(cred(), { ...task!, providerTaskId: 'no-such-task' }, ctx));
    expect(gone).toBeInstanceOf(ProviderError);
    expect(gone).toMatchObject({ cls: 'not-found' });
  });

  it('pages through Offset/Limit to TotalCount, no faster than the documented 20 calls a second', async () => {
    const urls = Array.from({ length: 450 }, (_, i) => ({ url: `https://a.example/${i}.js`, status: i % 3 ? ('done' as const) : ('fail' as const) }));
    const { cloud, ctx } = setup([{ id: 'big', log: 'purge', createdAt: Date.now() - 60_000, urls }]);
    const starts: number[] = [];
    const timed = { ...ctx, fetch: ((input, init) => { starts.push(performance.now()); return cloud.fetch(input, init); }) as typeof fetch };
    const task = await tencentCdn.refresh(cred(), { key: 'k', provider: 'dnspod', accountId: 'tc1', kind: 'cdn-refresh-url', providerTaskId: 'big', label: '', status: 'running' }, timed);
    expect(task).toMatchObject({ total: 450, failed: 150 });
    expect(cloud.count(undefined, 'DescribePurgeTasks')).toBe(5);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / TENCENT_CDN_QPS - 2);
  });

  it('reads "Done" capitalised and PushLogs in a purge answer (tccli\'s examples), and counts rows without a TaskId', async () => {
    const unreadable: number[] = [];
    const answer = { Response: { PushLogs: [{ TaskId: 't1', Url: 'https://a.example/x', Status: 'Done', PurgeType: 'url', CreateTime: cst(Date.now()) }, { Url: 'https://a.example/y', Status: 'fail' }], TotalCount: 2, RequestId: 'r' } };
    const ctx = testContext(async () => new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } }), { unreadable: (rows) => void unreadable.push(rows.count) });
    const tasks = await tencentCdn.discover(cred(), ctx);
    expect(tasks.filter((t) => t.kind === 'cdn-refresh-url')).toEqual([expect.objectContaining({ providerTaskId: 't1', status: 'succeeded', done: 1 })]);
    expect(unreadable).toEqual([2]);
  });

  it('a refused CAM action is a permission naming that action, in the CDN sentence', async () => {
    const { fake, ctx } = setup();
    fake.deny.push('DescribePushTasks');
    const err = await failure(tencentCdn.discover(cred(), ctx));
    expect(err).toMatchObject({ cls: 'permission', code: 'UnauthorizedOperation.CdnCamUnauthorized', action: 'cdn:DescribePushTasks' });
    expect(tencentCdn.describeError!(err as ProviderError)).toMatchObject({ id: 'errorWithCode', sentence: { id: 'errorPermissionCdn', action: 'cdn:DescribePushTasks' } });
    await expect(tencentCdn.testConnection(cred(), ctx)).rejects.toMatchObject({ cls: 'permission' });
  });

  it('declares its calls with their CAM actions, its API hosts, and only the refresh history pages of the consoles', () => {
    expect(tencentCdn.calls).toEqual([{ operation: 'DescribePurgeTasks', action: 'cdn:DescribePurgeTasks' }, { operation: 'DescribePushTasks', action: 'cdn:DescribePushTasks' }]);
    expect(tencentCdn.apiHostPatterns).toEqual(['https://cdn.tencentcloudapi.com/*', 'https://cdn.intl.tencentcloudapi.com/*']);
    expect(tencentCdn.consoleMatches).toEqual(['https://console.cloud.tencent.com/cdn/refresh*', 'https://console.tencentcloud.com/cdn/refresh*']);
    expect(tencentCdn.providers).toEqual(['dnspod']);
  });
});
