import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createHuaweiFake, defaultHuaweiScenario, DEMO_HUAWEI_KEYS } from '../../../fake-cloud/huawei';
import { huawei } from '../../../../lib/providers/huawei/index';
import { ProviderError, type Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { DNS_LIST_LIMIT, MAX_LIST_PAGES } from '../../../../lib/providers/huawei/client';
import { say, sayLabel } from '../../../../lib/i18n/words';

const cred = (secrets = DEMO_HUAWEI_KEYS, settings: Record<string, string> = { region: 'cn-north-4' }): Credentials => ({
  account: { id: 'acc1', provider: 'huawei', name: 'Prod', settings },
  secrets: { ...secrets },
});

describe('Huawei DNS batch tasks against the fake cloud', () => {
  it('discovers tasks with one DNS list call, and DCS through one IAM lookup remembered afterwards', async () => {
    const fake = createHuaweiFake(defaultHuaweiScenario());
    const cloud = createFakeCloud([fake]);
    const ctx = testContext(cloud.fetch);
    const tasks = await huawei.discover(cred(), ctx);
    expect(tasks.map((t) => [t.providerTaskId, t.status, sayLabel(t.label, 'en')])).toEqual([
      ['9a186e66977dd48f01977e021c480cac', 'partial', 'Add record sets'],
      ['9a186e66977dd48f01977e021c480cad', 'running', 'Import record sets'],
      ['9a186e66977dd48f01977e021c480cae', 'running', 'Delete record sets'],
    ]);
    expect(tasks[0]).toMatchObject({ total: 2000, done: 1880, failed: 120 });
    expect(Math.abs(tasks[0]!.createdAt! - (Date.now() - 95 * 60_000))).toBeLessThan(60_000);
    expect(cloud.count('huawei', 'ListBatchOperationTasks')).toBe(1);
    expect(cloud.count('huawei', 'KeystoneListProjects')).toBe(1);
    expect(cloud.count('huawei', 'ListDcsTasks')).toBe(1);
    await huawei.discover(cred(), ctx);
    expect(cloud.count('huawei', 'KeystoneListProjects')).toBe(1);
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
  });

  it('refreshes a pending task until it is DONE, then reads its failed items in one page', async () => {
    const fake = createHuaweiFake(defaultHuaweiScenario());
    const cloud = createFakeCloud([fake]);
    const ctx = testContext(cloud.fetch);
    const [, , pending] = await huawei.discover(cred(), ctx);
    let task = pending!;
    for (let i = 0; i < 3 && task.status === 'running'; i++) task = await huawei.refresh(cred(), task, ctx);
    expect(task).toMatchObject({ status: 'partial', done: 495, failed: 5 });
    const page = await huawei.failedItems(cred(), task, 1, ctx);
    expect(page.items).toHaveLength(5);
    expect(page.items[0]).toMatchObject({ item: 'host1.example.org. A 192.0.2.1', message: 'The record set already exists.' });
    expect(page.nextPage).toBeUndefined();
  });

  it('pages a task list at most MAX_LIST_PAGES times, however many tasks the server claims', async () => {
    let calls = 0;
    const endless: typeof fetch = async () => {
      calls++;
      return new Response(JSON.stringify({ tasks: Array.from({ length: DNS_LIST_LIMIT }, () => ({})), metadata: { total_count: 1e9 } }), { status: 200 });
    };
    await huawei.discover(cred(undefined, { region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef' }), testContext(endless)).catch(() => undefined);
    // The DNS list, then the DCS list (its rows are unreadable, so never "already seen"): each stops at the cap.
    expect(calls).toBe(2 * MAX_LIST_PAGES);
  });

  it('answers a wrong secret with an auth error, sent once and never retried', async () => {
    const cloud = createFakeCloud([createHuaweiFake(defaultHuaweiScenario())]);
    const err = await huawei.discover(cred({ ...DEMO_HUAWEI_KEYS, secretAccessKey: 'WrongSecretKeyWrongSecretKey00' }), testContext(cloud.fetch)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ cls: 'auth', code: 'APIGW.0301', httpStatus: 401 });
    expect(cloud.records).toHaveLength(1);
    expect(cloud.records[0]!.signatureValid).toBe(false);
    expect(say(huawei.describeError(err as ProviderError), 'en')).toMatch(/edit the account/);
    expect(say(huawei.describeError(err as ProviderError), 'zh')).toMatch(/编辑账号/);
  });

  it('corrects a clock 20 minutes slow from the Date header and retries exactly once', async () => {
    const cloud = createFakeCloud([createHuaweiFake(defaultHuaweiScenario())]);
    const ctx = testContext(cloud.fetch, { offsetMs: -20 * 60 * 1000 });
    const tasks = await huawei.discover(cred(), ctx);
    expect(tasks.length).toBe(3);
    expect(cloud.count('huawei', 'ListBatchOperationTasks')).toBe(2);
    expect(Math.abs(ctx.offset())).toBeLessThan(5_000);
  });

  it('names throttling by its documented code (APIGW.0308)', async () => {
    const fake = createHuaweiFake(defaultHuaweiScenario());
    const cloud = createFakeCloud([fake]);
    fake.forceNext('throttled');
    await expect(huawei.discover(cred(), testContext(cloud.fetch))).rejects.toMatchObject({ cls: 'throttled', code: 'APIGW.0308' });
  });

});

describe('Huawei parsers tolerate anything', () => {
  it('gives a task or a counted unreadable row for 2,000 mutated list answers, never an exception', async () => {
    const fc = (await import('fast-check')).default;
    const { listDnsTasksSchema, listDcsTasksSchema, dnsTaskSchema, dcsTaskSchema } = await import('../../../../lib/providers/huawei/schemas');
    const { mapDnsTask, mapDcsTask } = await import('../../../../lib/providers/huawei/client');
    const { readRows } = await import('../../../../lib/providers/shape');
    const example = { id: '9a186e66977dd48f01977e021c480cac', type: 'create', status: 'DONE', created_at: '2025-06-17T13:09:15.214', success_count: 1880, error_count: 120 };
    const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.object(), fc.array(fc.anything()));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...Object.keys(example), 'name', 'details', 'extra'), junk), { maxLength: 4 }), fc.oneof(junk, fc.constant('ok')), (mutations, metadata) => {
        const task: Record<string, unknown> = { ...example };
        for (const [k, v] of mutations) if (v === undefined) delete task[k]; else task[k] = v;
        const good = { ...example, id: 'ffffffffffffffffffffffffffffffff' };
        const list = listDnsTasksSchema.parse({ tasks: [task, good], metadata: metadata === 'ok' ? { total_count: 2 } : metadata });
        const dns = readRows(list.tasks, dnsTaskSchema, 'id');
        // The good row is never lost to its bad neighbour, and the bad one is kept or counted.
        expect(dns.rows.length + dns.unreadable.count).toBe(2);
        expect(dns.rows.some((r) => r.id === good.id)).toBe(true);
        for (const t of dns.rows) expect(mapDnsTask('a', t)?.providerTaskId).toBe(t.id);
        const dcsList = listDcsTasksSchema.parse({ task_count: '2', tasks: [task, good] });
        const dcs = readRows(dcsList.tasks, dcsTaskSchema, 'id');
        expect(dcs.rows.length + dcs.unreadable.count).toBe(2);
        for (const t of dcs.rows) expect(mapDcsTask('a', 'p', 'cn-north-4', t)?.providerTaskId).toBe(t.id);
      }),
      { numRuns: 2_000 },
    );
  });

  it('parses the documented DCS example, with task_count as a number and details null', async () => {
    const { listDcsTasksSchema, dcsTaskSchema } = await import('../../../../lib/providers/huawei/schemas');
    const { mapDcsTask } = await import('../../../../lib/providers/huawei/client');
    const { readRows } = await import('../../../../lib/providers/shape');
    const doc = { task_count: 2, tasks: [
      { id: '8abf6e1e72c12e7c0172c15b508500aa', name: 'ChangeInstanceSpec', job_id: '8abf6e1e87bce0740187bd32748b0530', user_name: 'paas_dcs_a00421997_02', user_id: 'd53977d1adfb49c5b025ba7d33a13fd7', details: { old_cache_mode: 'single', new_cache_mode: 'single', old_capacity: 0.125, new_capacity: 0.25 }, status: 'SUCCESS', created_at: '2023-06-17T08:18:06.597Z', updated_at: '2023-06-17T08:18:10.106Z', error_code: '111400063', enable_show: true },
      { id: 'ff80808188bfde180188c36bb9ca4a30', name: 'dcsExportJob', job_id: 'ff80808188bfde180188c36bb9c44a2f', user_name: 'paas_dcs_004_01', user_id: 'bb259bd2b8b644a1b4a573a20318af51', details: null, status: 'SUCCESS', created_at: '2023-06-17T08:18:06.597Z', updated_at: '2023-06-17T08:18:10.106Z', error_code: '111400063', enable_show: true },
    ] };
    const parsed = listDcsTasksSchema.parse(doc);
    expect(parsed.task_count).toBe(2);
    const { rows, unreadable } = readRows(parsed.tasks, dcsTaskSchema, 'id');
    expect(unreadable.count).toBe(0);
    expect(rows[0]!.details).toMatchObject({ old_capacity: '0.125', new_capacity: '0.25' });
    const tasks = rows.map((t) => mapDcsTask('a', 'p', 'cn-north-4', t));
    expect(tasks.map((t) => [t?.label, t?.status, t?.createdAt])).toEqual([
      ['DCS ChangeInstanceSpec', 'succeeded', Date.UTC(2023, 5, 17, 8, 18, 6, 597)],
      ['DCS dcsExportJob', 'succeeded', Date.UTC(2023, 5, 17, 8, 18, 6, 597)],
    ]);
  });
});
