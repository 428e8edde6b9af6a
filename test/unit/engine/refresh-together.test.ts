/**
 * Issue 33: a provider whose API takes several task ids in one call (Alibaba Cloud CDN's
 * DescribeRefreshTaskById, up to 10) is asked for its tracked tasks in batches, through the
 * contract's optional refreshTasks; the engine names no source. A batch call that fails changes
 * no task and is one problem of the account, not one per task.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { getProvider } from '../../../lib/providers/index';
import { sourceSettingKey, SOURCE_ON } from '../../../lib/providers/sources';
import { accountsItem, readAllTasks, runtimeItem, writeTasks, type StoredTask } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

const ACCOUNT = { id: 'ali1', provider: 'alibaba', name: 'Ali', settings: { endpoint: 'alidns.aliyuncs.com', [sourceSettingKey({ id: 'alibaba-cdn' })]: SOURCE_ON } };
const IDS = Array.from({ length: 25 }, (_, i) => String(704_000_000 + i));

/** 25 URL refreshes the list no longer shows (older than its first page): each is asked for by id. */
const tracked = (): StoredTask[] =>
  IDS.map((id) => ({ key: `ali1:cdn-refresh-url:${id}`, provider: 'alibaba', accountId: 'ali1', kind: 'cdn-refresh-url', providerTaskId: id, label: `https://a.example/${id}`, status: 'running', total: 2, done: 0, failed: 0, firstSeenAt: CLOCK_START - 60_000, watched: true, locator: { objectType: 'file' } }));

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const row = (TaskId: string, file: string) => ({ TaskId, Status: 'Complete', ObjectType: 'file', ObjectPath: `https://a.example/${TaskId}/${file}`, CreationTime: '2027-01-15T08:00:00Z', Process: '100%', Description: '' });

/** Answers DescribeRefreshTaskById with two refreshed URLs per asked id; remembers each call's ids. */
function cdnApi(fail?: (call: number) => Response | undefined) {
  const calls: string[][] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const action = request.headers.get('x-acs-action');
    const taskId = url.searchParams.get('TaskId') ?? '';
    if (url.host !== 'cdn.aliyuncs.com' || action !== 'DescribeRefreshTaskById') throw new Error(`unexpected call ${action} ${url.host}`);
    const ids = taskId.split(',');
    calls.push(ids);
    const failed = fail?.(calls.length);
    if (failed) return failed;
    return json({ RequestId: 'R', TotalCount: ids.length * 2, Tasks: ids.flatMap((id) => [row(id, 'app.js'), row(id, 'app.css')]) });
  };
  return { calls, fetch };
}

async function seed(env: ReturnType<typeof engineDeps>): Promise<void> {
  await accountsItem.setValue([ACCOUNT]);
  await env.secrets.set('ali1', { accessKeyId: 'LTAI5tBatchKey0001', secretAccessKey: 'BatchSecretBatchSecret00' });
  // Listed a moment ago: this cycle only refreshes.
  await runtimeItem.setValue({ ali1: { failures: 0, clockOffsetMs: 0, memo: {}, lastDiscoveryAt: CLOCK_START } });
  await writeTasks(tracked());
}

describe('tracked tasks of a provider that takes several ids a call', () => {
  it('25 tracked Alibaba CDN ids cost 3 DescribeRefreshTaskById calls (10, 10 and 5 ids), each id asked once, and every task is updated', async () => {
    const api = cdnApi();
    const env = engineDeps([getProvider('alibaba')!], undefined, { fetch: api.fetch });
    await seed(env);
    await runCycle(env.deps);
    expect(api.calls.map((ids) => ids.length)).toEqual([10, 10, 5]);
    expect(api.calls.flat().sort()).toEqual([...IDS].sort());
    const tasks = Object.values(await readAllTasks());
    expect(tasks).toHaveLength(25);
    for (const task of tasks) expect(task).toMatchObject({ status: 'succeeded', total: 2, done: 2, failed: 0 });
    expect((await runtimeItem.getValue()).ali1?.problem).toBeUndefined();
  });

  it('a batch call that fails leaves every task as stored and is told once: one problem, one backoff, no further call', async () => {
    const api = cdnApi((n) => (n === 1 ? json({ RequestId: 'R', Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' }, 503) : undefined));
    const env = engineDeps([getProvider('alibaba')!], undefined, { fetch: api.fetch });
    await seed(env);
    const before = await readAllTasks();
    await runCycle(env.deps);
    expect(api.calls.map((ids) => ids.length)).toEqual([10]);
    expect(await readAllTasks()).toEqual(before);
    const rt = (await runtimeItem.getValue()).ali1!;
    expect(rt.problem).toMatchObject({ errorClass: 'server', stopped: false });
    expect(rt.failures).toBe(1);
    expect(rt.backoffUntil).toBeGreaterThan(CLOCK_START);
  });

  it('an id the answer does not name is that task\'s news alone: it is gone, the others of its batch are updated', async () => {
    const api = cdnApi();
    const missing = IDS[3]!;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const res = await api.fetch(input, init);
      const body = (await res.json()) as { Tasks: unknown };
      return json(Array.isArray(body.Tasks) ? { ...body, Tasks: body.Tasks.filter((t: { TaskId: string }) => t.TaskId !== missing) } : body);
    };
    const env = engineDeps([getProvider('alibaba')!], undefined, { fetch });
    await seed(env);
    await runCycle(env.deps);
    expect(api.calls).toHaveLength(3);
    const tasks = await readAllTasks();
    expect(tasks[`ali1:cdn-refresh-url:${missing}`]).toMatchObject({ gone: true, status: 'unknown' });
    expect(Object.values(tasks).filter((t) => t.status === 'succeeded')).toHaveLength(24);
    const rt = (await runtimeItem.getValue()).ali1!;
    expect(rt.problem).toBeUndefined();
    expect(rt.backoffUntil).toBeUndefined();
  });
});
