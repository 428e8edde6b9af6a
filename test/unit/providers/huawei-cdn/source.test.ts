/**
 * Huawei Cloud CDN refresh and preheating tasks, against the fake shaped from the SDK's models:
 * one list call a cycle for both kinds, a task's details by its id (with its creation time, so a
 * task older than the default seven days is still found), its failed URLs with CDN's reason.
 */
import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createHuaweiCdnFake, defaultHuaweiCdnScenario, DEMO_HUAWEI_CDN_TASK_IDS, type FakeHuaweiCdnTask } from '../../../fake-cloud/huawei-cdn';
import { DEMO_HUAWEI_KEYS } from '../../../fake-cloud/huawei';
import { huaweiCdn, HUAWEI_CDN_DETAIL_PAGE, HUAWEI_CDN_LIST_PAGE, HUAWEI_CDN_QPS } from '../../../../lib/providers/huawei-cdn/index';
import { ProviderError, type Credentials, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const cred = (site = 'cn'): Credentials => ({ account: { id: 'hw1', provider: 'huawei', name: 'HW', settings: { site } }, secrets: { ...DEMO_HUAWEI_KEYS } });
const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (e: unknown) => e);

function setup(tasks?: FakeHuaweiCdnTask[]) {
  const fake = createHuaweiCdnFake(tasks ? { ...DEMO_HUAWEI_KEYS, tasks } : defaultHuaweiCdnScenario(DEMO_HUAWEI_KEYS));
  const cloud = createFakeCloud([fake]);
  return { fake, cloud, ctx: testContext(cloud.fetch) };
}
const byId = (tasks: Task[], id: string): Task => tasks.find((t) => t.providerTaskId === id)!;

describe('Huawei Cloud CDN tasks', () => {
  it('lists a refresh with failed URLs and a running preheating in one signed call, for every enterprise project', async () => {
    const { cloud, fake, ctx } = setup();
    const tasks = await huaweiCdn.discover(cred(), ctx);
    expect(byId(tasks, DEMO_HUAWEI_CDN_TASK_IDS.refresh)).toMatchObject({ kind: 'cdn-refresh-url', status: 'partial', total: 3, done: 1, failed: 2, statusText: 'task_done', provider: 'huawei' });
    expect(byId(tasks, DEMO_HUAWEI_CDN_TASK_IDS.preload)).toMatchObject({ kind: 'cdn-preload', status: 'running', total: 2 });
    expect(cloud.records.map((r) => [r.operation, r.signatureValid])).toEqual([['ShowHistoryTasks', true]]);
    expect(fake.queries[0]!.get('enterprise_project_id')).toBe('all');
    expect(new URL(cloud.records[0]!.url).host).toBe('cdn.myhuaweicloud.com');
  });

  it('follows a task by its id and creation time until it ends, then lists its failed URLs with the reason', async () => {
    const { fake, ctx } = setup();
    const preload = byId(await huaweiCdn.discover(cred(), ctx), DEMO_HUAWEI_CDN_TASK_IDS.preload);
    await huaweiCdn.refresh(cred(), preload, ctx);
    const after = await huaweiCdn.refresh(cred(), preload, ctx);
    expect(after).toMatchObject({ status: 'partial', done: 1, failed: 1, createdAt: preload.createdAt });
    expect(fake.queries.at(-1)!.get('create_time')).toBe(String(preload.createdAt));
    const refresh = byId(await huaweiCdn.discover(cred(), ctx), DEMO_HUAWEI_CDN_TASK_IDS.refresh);
    const page = await huaweiCdn.failedItems(cred(), refresh, 1, ctx);
    expect(page).toEqual({
      items: [
        { item: 'https://www.example.com/app.js', message: 'origin unreachable', fields: { url: 'https://www.example.com/app.js' } },
        { item: 'https://www.example.com/app.css', message: 'origin unreachable', fields: { url: 'https://www.example.com/app.css' } },
      ],
      total: 2,
    });
    expect(fake.queries.at(-1)!.get('status')).toBe('failed');
  });

  it('finds a task older than the details call\'s default seven days by its creation time', async () => {
    const createdAt = Date.now() - 10 * 24 * 3600_000;
    const { ctx } = setup([{ id: 'ff80808190a1b2c3d4e5f6071829aaaa', task_type: 'preheating', file_type: 'file', create_time: createdAt, urls: [{ url: 'https://a.example/v.mp4', status: 'succeed' }] }]);
    const tracked: Task = { key: 'k', provider: 'huawei', accountId: 'hw1', kind: 'cdn-preload', providerTaskId: 'ff80808190a1b2c3d4e5f6071829aaaa', label: '', status: 'running', createdAt, locator: { createTime: String(createdAt) } };
    expect(await huaweiCdn.refresh(cred(), tracked, ctx)).toMatchObject({ status: 'succeeded', done: 1 });
  });

  it('pages failed URLs at its page size', async () => {
    const urls = Array.from({ length: 2 * HUAWEI_CDN_DETAIL_PAGE + 5 }, (_, i) => ({ url: `https://a.example/${i}`, status: 'failed' as const, fail_desc: 'x' }));
    const { ctx } = setup([{ id: 'ff80808190a1b2c3d4e5f60718290000', task_type: 'refresh', file_type: 'directory', create_time: Date.now() - 60_000, urls }]);
    const [task] = await huaweiCdn.discover(cred(), ctx);
    expect(task).toMatchObject({ kind: 'cdn-refresh-dir', status: 'failed' });
    const pages = [];
    for (let page: number | undefined = 1; page; ) {
      const got = await huaweiCdn.failedItems(cred(), task!, page, ctx);
      pages.push(got.items.length);
      page = got.nextPage;
    }
    expect(pages).toEqual([HUAWEI_CDN_DETAIL_PAGE, HUAWEI_CDN_DETAIL_PAGE, 5]);
  });

  it('pages the task list to its total, no faster than the documented 30 calls a second', async () => {
    const tasks = Array.from({ length: 2 * HUAWEI_CDN_LIST_PAGE + 1 }, (_, i): FakeHuaweiCdnTask => ({ id: `ff808081${String(i).padStart(24, '0')}`, task_type: 'refresh', file_type: 'file', create_time: Date.now() - 60_000 - i, urls: [{ url: `https://a.example/${i}`, status: 'succeed' }] }));
    const { cloud, ctx } = setup(tasks);
    const starts: number[] = [];
    const timed = { ...ctx, fetch: ((input, init) => { starts.push(performance.now()); return cloud.fetch(input, init); }) as typeof fetch };
    expect(await huaweiCdn.discover(cred(), timed)).toHaveLength(tasks.length);
    expect(cloud.count(undefined, 'ShowHistoryTasks')).toBe(3);
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / HUAWEI_CDN_QPS - 1);
  });

  it('a refused call names its IAM action; a task CDN no longer has is gone', async () => {
    const { fake, ctx } = setup();
    const [task] = await huaweiCdn.discover(cred(), ctx);
    const gone = await failure(huaweiCdn.refresh(cred(), { ...task!, providerTaskId: 'ff80808190a1b2c3d4e5f6071829ffff' }, ctx));
    expect(gone).toMatchObject({ cls: 'not-found' });
    fake.deny.push('ShowHistoryTasks');
    const denied = await failure(huaweiCdn.testConnection(cred(), ctx));
    expect(denied).toBeInstanceOf(ProviderError);
    expect(denied).toMatchObject({ cls: 'permission', action: 'cdn:configuration:queryCacheHistoryTask' });
    expect(huaweiCdn.describeError!(denied as ProviderError)).toEqual({ id: 'errorPermissionCdn', action: 'cdn:configuration:queryCacheHistoryTask' });
  });

  it('links the console of the account\'s site, and injects only into the CDN console', () => {
    expect(huaweiCdn.consoleUrl({} as Task, cred('intl').account)).toBe('https://console-intl.huaweicloud.com/cdn/');
    expect(huaweiCdn.consoleUrl({} as Task, cred().account)).toBe('https://console.huaweicloud.com/cdn/');
    expect(huaweiCdn.consoleMatches).toEqual(['https://console.huaweicloud.com/cdn/*', 'https://console-intl.huaweicloud.com/cdn/*']);
    expect(huaweiCdn.calls.map((c) => c.operation)).toEqual(['ShowHistoryTasks', 'ShowHistoryTaskDetails']);
  });
});
