/**
 * Real answers are messier than the docs (issue 19): one odd row costs that row, never the
 * list; paging follows the documented ranges; the zone endpoint and the list are one task.
 */
import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createHuaweiFake, DEMO_HUAWEI_KEYS, huaweiTimeAgo, type FakeDcsTask, type FakeDnsTask, type HuaweiFakeOptions } from '../../../fake-cloud/huawei';
import { huawei } from '../../../../lib/providers/huawei/index';
import { mergeTask } from '../../../../lib/engine/cycle';
import { fetchAllFailedItems } from '../../../../lib/engine/failed-items';
import type { Credentials, UnreadableRows } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { say } from '../../../../lib/i18n/words';

const PROJECT = '0123456789abcdef0123456789abcdef';
const cred = (settings: Record<string, string> = { region: 'cn-north-4' }): Credentials => ({
  account: { id: 'acc1', provider: 'huawei', name: 'Prod', settings },
  secrets: { ...DEMO_HUAWEI_KEYS },
});

const hex = (n: number): string => n.toString(16).padStart(32, '0');
const dcs = (n: number, extra: Partial<FakeDcsTask> = {}): FakeDcsTask => ({
  id: hex(n), name: 'ChangeInstanceSpec', status: 'SUCCESS', created_at: new Date(Date.now() - 3600_000).toISOString(), updated_at: new Date().toISOString(), ...extra,
});
const dns = (n: number, extra: Partial<FakeDnsTask> = {}): FakeDnsTask => ({
  id: hex(n), type: 'create', status: 'DONE', created_at: huaweiTimeAgo(5), success_count: 1, error_count: 0, ...extra,
});

function setup(options: Partial<HuaweiFakeOptions>) {
  const fake = createHuaweiFake({ ...DEMO_HUAWEI_KEYS, projectId: PROJECT, ...options });
  const cloud = createFakeCloud([fake]);
  const notes: UnreadableRows[] = [];
  const ctx = testContext(cloud.fetch, { unreadable: (rows) => void notes.push(rows) });
  return { fake, cloud, ctx, notes };
}

describe('one odd row costs that row, never the list', () => {
  it('keeps every DCS task when one row has a numeric error_code and a string enable_show (the measured bug)', async () => {
    const { ctx, notes } = setup({ dcsTasks: [dcs(1), dcs(2, { status: 'FAILED', raw: { error_code: 111400063, enable_show: 'true', details: 'n/a', params: { a: 1 } } }), dcs(3)] });
    const tasks = (await huawei.discover(cred(), ctx)).filter((t) => t.kind === 'dcs-task');
    expect(tasks.map((t) => t.providerTaskId)).toEqual([hex(1), hex(2), hex(3)]);
    // A number where the docs say String is the same code.
    expect(tasks[1]).toMatchObject({ status: 'failed', locator: { errorCode: '111400063' } });
    expect(notes).toEqual([]);
  });

  it('counts and reports DCS rows without an id, with their shape and no value, and keeps the rest', async () => {
    const { ctx, notes } = setup({ dcsTasks: [dcs(1), dcs(2, { raw: { id: null, user_name: 'secret-ish' } }), dcs(3, { raw: { id: undefined } }), dcs(4)] });
    const tasks = (await huawei.discover(cred(), ctx)).filter((t) => t.kind === 'dcs-task');
    expect(tasks.map((t) => t.providerTaskId)).toEqual([hex(1), hex(4)]);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'dcs-task', count: 2 });
    expect(say(notes[0]!.message, 'en')).toMatch(/^2 DCS tasks from Prod could not be read/);
    expect(say(notes[0]!.message, 'zh')).toMatch(/Prod 有 2 个DCS 任务无法读取/);
    expect(notes[0]!.shapes[0]).toContain('"id":"null"');
    expect(notes[0]!.shapes.join()).not.toContain('secret-ish');
  });

  it('keeps every DNS task when one row has an id of the wrong type, and counts that row', async () => {
    const { ctx, notes } = setup({ dnsTasks: [dns(1), dns(2, { raw: { id: { oops: true }, success_count: '7' } }), dns(3, { raw: { success_count: '12', error_count: null } })] });
    const tasks = await huawei.discover(cred(), ctx);
    expect(tasks.map((t) => t.providerTaskId)).toEqual([hex(1), hex(3)]);
    // Numbers sent as strings are the same numbers; a null count costs only that count.
    expect(tasks[1]).toMatchObject({ done: 12, status: 'succeeded' });
    expect(tasks[1]!.failed).toBeUndefined();
    expect(notes.map((n) => [n.kind, n.count])).toEqual([['dns-batch', 1]]);
  });

  it('keeps an unknown status as the provider\'s word', async () => {
    const { ctx } = setup({ dnsTasks: [dns(1, { raw: { status: 'ROLLING_BACK' } })], dcsTasks: [dcs(2, { status: 'constructor' })] });
    const tasks = await huawei.discover(cred(), ctx);
    expect(tasks.map((t) => [t.status, t.statusText])).toEqual([['unknown', 'ROLLING_BACK'], ['unknown', 'constructor']]);
  });
});

describe('paging', () => {
  it('pages the DNS list to a short page when the answer has no metadata (not "total 0" after 500)', async () => {
    const { cloud, ctx } = setup({ omitListMetadata: true, dnsTasks: Array.from({ length: 1203 }, (_, i) => dns(i + 1)) });
    const tasks = await huawei.discover(cred(), ctx);
    expect(tasks.filter((t) => t.kind === 'dns-batch')).toHaveLength(1203);
    expect(cloud.count('huawei', 'ListBatchOperationTasks')).toBe(3);
  });

  it('pages the DCS task center by task_count, so more than 1,000 tasks lose none', async () => {
    const { cloud, ctx } = setup({ dcsTasks: Array.from({ length: 2100 }, (_, i) => dcs(i + 1)) });
    const tasks = (await huawei.discover(cred(), ctx)).filter((t) => t.kind === 'dcs-task');
    expect(new Set(tasks.map((t) => t.providerTaskId)).size).toBe(2100);
    expect(cloud.count('huawei', 'ListDcsTasks')).toBe(3);
    const offsets = cloud.records.filter((r) => r.operation === 'ListDcsTasks').map((r) => new URL(r.url).searchParams.get('offset'));
    expect(offsets).toEqual(['0', '1000', '2000']);
  });

  it('stops when task_count is reached, without asking for an empty page', async () => {
    const { cloud, ctx } = setup({ dcsMaxLimit: 1000, dcsTasks: Array.from({ length: 1000 }, (_, i) => dcs(i + 1)) });
    await huawei.discover(cred(), ctx);
    expect(cloud.count('huawei', 'ListDcsTasks')).toBe(1);
  });

  it('pages to task_count when the server pages by 100 although 1,000 were asked (issue 28, finding 3)', async () => {
    const { cloud, ctx } = setup({ dcsMaxLimit: 100, dcsTasks: Array.from({ length: 250 }, (_, i) => dcs(i + 1)) });
    const tasks = (await huawei.discover(cred(), ctx)).filter((t) => t.kind === 'dcs-task');
    expect(tasks).toHaveLength(250);
    const offsets = cloud.records.filter((r) => r.operation === 'ListDcsTasks').map((r) => new URL(r.url).searchParams.get('offset'));
    expect(offsets).toEqual(['0', '100', '200']);
  });

  it('stops on an empty page when the answer has no task_count', async () => {
    const { cloud, ctx } = setup({ dcsMaxLimit: 100, omitDcsTaskCount: true, dcsTasks: Array.from({ length: 150 }, (_, i) => dcs(i + 1)) });
    const tasks = (await huawei.discover(cred(), ctx)).filter((t) => t.kind === 'dcs-task');
    expect(tasks).toHaveLength(150);
    expect(cloud.count('huawei', 'ListDcsTasks')).toBe(3);
  });
});

describe('refreshing a DCS task (mismatch 3)', () => {
  it('asks the task center from shortly before the task was created, not for the whole 30 days, and an unknown word stays unknown', async () => {
    const created = Date.now() - 5 * 24 * 3600_000;
    const { cloud, ctx } = setup({ dcsTasks: [dcs(1, { status: 'PAUSED', created_at: new Date(created).toISOString() })] });
    const [task] = (await huawei.discover(cred(), ctx)).filter((t) => t.kind === 'dcs-task');
    expect(task).toMatchObject({ status: 'unknown', statusText: 'PAUSED' });
    cloud.records.length = 0;
    await huawei.refresh(cred(), task!, ctx);
    const start = new URL(cloud.records[0]!.url).searchParams.get('start_time')!;
    expect(start).toBe(new Date(created - 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14));
  });

  it('is "not found" once the task has left the list window, so the engine stops asking', async () => {
    const { ctx } = setup({ dcsTasks: [] });
    const gone = { key: 'acc1:dcs-task:x', provider: 'huawei', accountId: 'acc1', kind: 'dcs-task', providerTaskId: hex(9), label: 'DCS', status: 'unknown' as const, createdAt: Date.now() - 40 * 24 * 3600_000 };
    await expect(huawei.refresh(cred(), gone, ctx)).rejects.toMatchObject({ cls: 'not-found' });
  });
});

describe('the per-zone batch-create task (seed 001)', () => {
  const zoneId = 'ff8080826b3b4b0f016b3b7c8c3e0011';
  const taskId = '9a186e66977dd48f01977e021c480cac';
  const item = (i: number) => ({ name: `h${i}.example.com.`, type: 'A', line: 'default_view', ttl: 300, weight: 1, records: ['192.168.10.1', '192.168.10.2'], error_code: 'DNS.0312', error_message: 'Duplicate record set exists.' });

  it('tracks a zone task by "zone ID/task ID", and the same task seen through the list is one task, not two', async () => {
    const { ctx } = setup({ dnsTasks: [dns(0, { id: taskId, success_count: 1, error_count: 1 })], zoneTasks: [{ zoneId, taskId, errorItems: [item(1)] }] });
    const tracked = await huawei.track!.track(cred(), `${zoneId}/${taskId}`, ctx);
    const listed = (await huawei.discover(cred(), ctx)).find((t) => t.providerTaskId === taskId)!;
    expect(tracked.key).toBe(listed.key);
    expect(tracked).toMatchObject({ status: 'partial', total: 2, done: 1, failed: 1, locator: { zoneId } });
    const page = await huawei.failedItems(cred(), tracked, 1, ctx);
    expect(page.items).toEqual([{
      item: 'h1.example.com. A 192.168.10.1 192.168.10.2', code: 'DNS.0312', message: 'Duplicate record set exists.',
      fields: { name: 'h1.example.com.', type: 'A', line: 'default_view', ttl: '300', weight: '1', records: '192.168.10.1;192.168.10.2' },
    }]);
  });

  it('keeps its zone view (kind, zone locator, label) when the list later answers for it, and stays one task', async () => {
    const { ctx } = setup({ dnsTasks: [dns(0, { id: taskId, status: 'PENDING', success_count: 0, error_count: 0 })], zoneTasks: [{ zoneId, taskId, errorItems: [item(1)] }] });
    const tracked = await huawei.track!.track(cred(), `${zoneId}/${taskId}`, ctx);
    const listed = (await huawei.discover(cred(), ctx)).find((t) => t.providerTaskId === taskId)!;
    const merged = mergeTask(mergeTask(undefined, tracked, 1), listed, 2, huawei);
    expect(merged).toMatchObject({ key: tracked.key, kind: 'dns-zone-batch-create', label: tracked.label, locator: { zoneId }, statusText: 'PENDING' });
    const account = cred().account;
    expect(huawei.consoleUrl(merged, account)).toContain(`zoneid=${zoneId}`);
    // The reverse order (discovered first, then tracked by zone) ends the same: the zone view wins.
    expect(mergeTask(mergeTask(undefined, listed, 1, huawei), tracked, 2, huawei)).toMatchObject({ kind: 'dns-zone-batch-create', locator: { zoneId } });
    // A DCS or list-only task is untouched by the rule.
    expect(mergeTask(mergeTask(undefined, listed, 1), listed, 2, huawei)).toMatchObject({ kind: 'dns-batch', locator: { type: 'create' } });
  });

  it('a newer batch-create task in the zone hides ours there: refreshed and paged through the batch API by its id, still a zone task', async () => {
    const newer = 'ab186e66977dd48f01977e021c480cad';
    const { ctx } = setup({
      dnsTasks: [dns(0, { id: taskId, success_count: 1, error_count: 1 }), dns(1, { id: newer, status: 'PENDING' })],
      zoneTasks: [{ zoneId, taskId: newer, errorItems: [item(9)] }],
    });
    const stored = { key: `acc1:dns-batch:${taskId}`, provider: 'huawei', accountId: 'acc1', kind: 'dns-zone-batch-create', providerTaskId: taskId, label: 'Add record sets to example.com.', status: 'running' as const, locator: { zoneId, zoneName: 'example.com.' } };
    const refreshed = await huawei.refresh(cred(), stored, ctx);
    expect(refreshed).toMatchObject({ providerTaskId: taskId, status: 'partial', kind: 'dns-zone-batch-create', locator: { zoneId, zoneName: 'example.com.' } });
    const page = await huawei.failedItems(cred(), refreshed, 1, ctx);
    expect(page.items.map((i) => i.item).join()).not.toContain('h9.example.com.');
  });

  it('never asks for an error_item_offset beyond the documented 2000, and says the console has the rest', async () => {
    const errorItems = Array.from({ length: 4500 }, (_, i) => item(i));
    const { cloud, ctx } = setup({ dnsTasks: [dns(0, { id: taskId, success_count: 0, error_count: 4500 })], zoneTasks: [{ zoneId, taskId, errorItems }] });
    const task = await huawei.track!.track(cred(), `${zoneId}/${taskId}`, ctx);
    const { items, truncated } = await fetchAllFailedItems(huawei, cred(), task, () => ctx);
    const offsets = cloud.records.filter((r) => r.operation === 'ShowBatchCreateRecordsetsTask').map((r) => Number(new URL(r.url).searchParams.get('error_item_offset') ?? 0));
    expect(Math.max(...offsets)).toBeLessThanOrEqual(2000);
    expect(cloud.records.every((r) => r.status === 200)).toBe(true);
    expect(items).toHaveLength(4000);
    expect(truncated).toBe(true);
  });
});

describe('X-Project-Id (mismatch 5)', () => {
  it('is sent and signed on DCS calls (the path names the project), as the SDK does', async () => {
    const { cloud, ctx } = setup({ dcsTasks: [dcs(1)] });
    const seen: Headers[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push(new Headers(init?.headers));
      return cloud.fetch(input, init);
    };
    await huawei.discover(cred({ region: 'cn-north-4', projectId: PROJECT }), { ...ctx, fetch: spy });
    const dcsCall = seen[seen.length - 1]!;
    expect(dcsCall.get('x-project-id')).toBe(PROJECT);
    expect(dcsCall.get('authorization')).toMatch(/SignedHeaders=host;x-project-id;x-sdk-date,/);
    expect(cloud.records.every((r) => r.signatureValid && r.status === 200)).toBe(true);
  });

  it('goes on DNS calls only for an account scoped to a Project ID; without one DNS calls carry none', async () => {
    for (const [settings, expected] of [[{ region: 'cn-north-4', projectId: PROJECT }, PROJECT], [{ region: 'cn-north-4' }, null]] as const) {
      const { cloud, ctx } = setup({});
      const seen: Headers[] = [];
      const spy: typeof fetch = async (input, init) => {
        seen.push(new Headers(init?.headers));
        return cloud.fetch(input, init);
      };
      await huawei.testConnection(cred({ ...settings }), { ...ctx, fetch: spy });
      expect(seen[0]!.get('x-project-id')).toBe(expected);
      expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
    }
  });
});

describe('X-Project-Id on every call that needs it (issue 28, finding 6)', () => {
  const zoneId = 'ff8080826b3b4b0f016b3b7c8c3e0011';
  async function headersByOperation(settings: Record<string, string>) {
    const { cloud, ctx } = setup({ dnsTasks: [dns(1, { error_count: 1, errorItems: [{ item: 'a.example.com. A 1.2.3.4', error_message: 'x' }] })], dcsTasks: [dcs(2)], zoneTasks: [{ zoneId, taskId: hex(1), errorItems: [] }] });
    const seen: Headers[] = [];
    const spy: typeof fetch = async (input, init) => {
      seen.push(new Headers(init?.headers));
      return cloud.fetch(input, init);
    };
    const c = cred(settings);
    const c2 = { ...ctx, fetch: spy };
    const found = await huawei.discover(c, c2);
    const dnsTask = found.find((t) => t.kind === 'dns-batch')!;
    await huawei.refresh(c, dnsTask, c2);
    await huawei.failedItems(c, dnsTask, 1, c2);
    await huawei.track!.track(c, `${zoneId}/${hex(1)}`, c2);
    await huawei.refresh(c, found.find((t) => t.kind === 'dcs-task')!, c2);
    expect(cloud.records.every((r) => r.signatureValid && r.status === 200)).toBe(true);
    const byOperation = new Map<string, (string | null)[]>();
    cloud.records.forEach((r, i) => {
      const project = seen[i]!.get('x-project-id');
      if (project) expect(seen[i]!.get('authorization')).toContain('x-project-id');
      byOperation.set(r.operation, [...(byOperation.get(r.operation) ?? []), project]);
    });
    return byOperation;
  }

  it('a project-scoped account sends and signs it on each DNS call and the DCS list', async () => {
    const seen = await headersByOperation({ region: 'cn-north-4', projectId: PROJECT });
    for (const operation of ['ListBatchOperationTasks', 'ShowBatchOperationTask', 'ShowBatchCreateRecordsetsTask', 'ListDcsTasks']) {
      expect(seen.get(operation), operation).toBeDefined();
      expect(new Set(seen.get(operation)), operation).toEqual(new Set([PROJECT]));
    }
  });

  it('an account without one sends none to DNS or IAM, and the discovered project to DCS', async () => {
    const seen = await headersByOperation({ region: 'cn-north-4' });
    for (const operation of ['ListBatchOperationTasks', 'ShowBatchOperationTask', 'ShowBatchCreateRecordsetsTask', 'KeystoneListProjects']) {
      expect(new Set(seen.get(operation)), operation).toEqual(new Set([null]));
    }
    expect(new Set(seen.get('ListDcsTasks'))).toEqual(new Set([PROJECT]));
  });
});

describe('a per-zone task end to end (seed 001)', () => {
  it('tracked from the popup by "zone ID/task ID", then listed by discovery, is stored once and polled to its end', async () => {
    const { fakeBrowser } = await import('wxt/testing');
    const { runCycle } = await import('../../../../lib/engine/cycle');
    const { failedItemsView, saveAccount, stateView, trackTask } = await import('../../../../lib/engine/service');
    const taskView = async (deps: Parameters<typeof stateView>[0]) => { const s = await stateView(deps); return s.tasks; };
    const { readTaskIndex, readTasks } = await import('../../../../lib/store/index');
    const { engineDeps } = await import('../../support/fakes');
    fakeBrowser.reset();
    const zoneId = 'ff8080826b3b4b0f016b3b7c8c3e0011';
    const taskId = '9a186e66977dd48f01977e021c480cac';
    const fake = createHuaweiFake({
      ...DEMO_HUAWEI_KEYS, projectId: PROJECT,
      dnsTasks: [dns(0, { id: taskId, status: 'PENDING', success_count: 0, error_count: 0, finishAfterPolls: 1, finalSuccess: 1, finalErrors: 1 })],
      zoneTasks: [{ zoneId, taskId, errorItems: [{ name: 'www.example.com.', type: 'A', line: 'default_view', ttl: 300, weight: 1, records: ['192.168.10.1'], error_code: 'DNS.0312', error_message: 'Duplicate record set exists.' }] }],
    });
    const cloud = createFakeCloud([fake]);
    const env = engineDeps([huawei], undefined, { fetch: cloud.fetch, now: () => Date.now() });
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'huawei', name: 'Prod', settings: { region: 'cn-north-4', projectId: PROJECT }, secrets: { ...DEMO_HUAWEI_KEYS } });
    if (!saved.ok) throw new Error(saved.error);
    const tracked = await trackTask(env.deps, saved.accountId, `${zoneId}/${taskId}`);
    expect(tracked).toMatchObject({ ok: true, task: { providerTaskId: taskId, status: 'running' } });
    await runCycle(env.deps, { force: true });
    await runCycle(env.deps, { force: true });
    const keys = [...(await readTaskIndex()).keys()];
    const stored = Object.values(await readTasks(keys)).filter((t) => t.providerTaskId === taskId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'partial', failed: 1 });
    // Discovery listed it since: it is still the zone's task, with the zone's console page and failed items.
    expect(stored[0]).toMatchObject({ kind: 'dns-zone-batch-create', locator: { zoneId } });
    const view = await taskView(env.deps);
    expect(view.find((t) => t.providerTaskId === taskId)?.consoleUrl).toContain(`#/dns/publicRset?zoneid=${zoneId}`);
    const failed = await failedItemsView(env.deps, stored[0]!.key);
    expect(failed).toMatchObject({ ok: true, complete: true, items: [{ item: 'www.example.com. A 192.168.10.1', code: 'DNS.0312', fields: { name: 'www.example.com.', type: 'A', records: '192.168.10.1' } }] });
    expect(cloud.records.filter((r) => r.operation === 'ShowBatchCreateRecordsetsTask').length).toBeGreaterThan(1);
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
  });
});
