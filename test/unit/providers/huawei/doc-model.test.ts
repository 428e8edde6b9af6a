/**
 * Huawei has no Node SDK for DNS or DCS on the registry: the models below are transcribed
 * from the API pages (tables and examples) the project started from, and answers generated
 * from them (every field absent, null, or in the other JSON type; unknown fields added)
 * must yield every task, with its failed items.
 *
 * Where a page's table and its own example disagree, the example wins as a second type:
 * - DCS task list, Table 3: `task_count` is String; the example sends the number 2.
 * - DCS Table 5 (DetailsBody): `old_capacity`/`new_capacity` are String; the example sends 0.125 and 0.25.
 * - DCS Table 4: `name` lists EXTEND, BindEip, … ; the example's names are ChangeInstanceSpec and dcsExportJob.
 * - DCS example: `error_code` "111400063" on tasks whose status is SUCCESS (so it is no failure sign).
 * - DNS task list, Table 3: `created_at` is "yyyy-MM-dd HH:mm:ss"; the example sends "2025-06-17T13:09:15.214".
 * - DNS task list, example request: `batch-Operation-tasks?limit=10&ofset=0` (the URI table says
 *   batch-operation-tasks and offset; Batchwatch follows the table).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { huawei } from '../../../../lib/providers/huawei/index';
import type { Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { answerOf, toJson, withValues, type Field, type FieldType, type Model } from '../model-answers';

/** Every Huawei field may be absent or null (PROVIDERS.md): none is trusted to be there. */
const f = (type: FieldType): Field => ({ type, optional: true, nullable: true });
const s = f('string');
const n = f('number');
const b = f('boolean');

/** huawei-dns-list-batch-operation-tasks.txt, Table 3 (ListBatchOperationTasksItem) and Table 4 (metadata). */
const dnsTask: Model = { id: s, type: s, status: s, created_at: s, success_count: n, error_count: n };
const dnsList = (task: Model): Model => ({ tasks: f({ array: { object: task } }), metadata: f({ object: { total_count: n } }) });

/** huawei-dns-show-batch-create-recordsets-task.txt, Tables 3 and 4. */
const zoneErrorItem: Model = { name: s, type: s, line: s, ttl: n, weight: n, records: f({ array: 'string' }), status: s, error_code: s, error_message: s };
const zoneTask: Model = { task_id: s, status: s, created_at: s, updated_at: s, total_count: n, success_count: n, error_count: n, error_items: f({ array: { object: zoneErrorItem } }) };

/** huawei-dcs-list-task-center-tasks.txt, Tables 3, 4 and 5. */
const detailsBody: Model = Object.fromEntries(
  [
    ['old_capacity', s], ['new_capacity', s], ['enable_public_ip', b], ['public_ip_id', s], ['public_ip_address', s], ['enable_ssl', b],
    ['old_cache_mode', s], ['new_cache_mode', s], ['old_resource_spec_code', s], ['new_resource_spec_code', s], ['old_replica_num', n],
    ['new_replica_num', n], ['old_cache_type', s], ['new_cache_type', s], ['replica_ip', s], ['replica_az', s], ['group_name', s],
    ['old_port', n], ['new_port', n], ['is_only_adjust_charging', b], ['account_name', s], ['source_ip', s], ['target_ip', s],
    ['node_name', s], ['rename_commands', f({ array: 'string' })], ['updated_config_length', n],
  ] as [string, Field][],
);
const dcsTask: Model = {
  id: s, name: s, details: f({ object: detailsBody }), user_name: s, user_id: s, params: s, status: s, created_at: s, updated_at: s,
  error_code: s, enable_show: b, job_id: s,
};
// Table 3 says String; the example sends a number: the generator sends both.
const dcsList = (task: Model): Model => ({ task_count: f('number'), tasks: f({ array: { object: task } }) });

const PROJECT = '0123456789abcdef0123456789abcdef';
const cred: Credentials = { account: { id: 'hw', provider: 'huawei', name: 'Prod', settings: { region: 'cn-north-4', projectId: PROJECT } }, secrets: { accessKeyId: 'HPUATESTTESTTEST0001', secretAccessKey: 'TestSecretTestSecret000000' } };

const hexId = fc.stringMatching(/^[0-9a-f]{32}$/);
const dnsStatus = fc.oneof(fc.constantFrom('PENDING', 'DONE'), fc.string({ maxLength: 8 }));
const dcsStatus = fc.oneof(fc.constantFrom('SUCCESS', 'FAILED', 'EXECUTING', 'CREATED', 'WAITING'), fc.string({ maxLength: 8 }));
const timeShapes = fc.constantFrom('2025-06-17T13:09:15.214', '2025-06-17 13:09:15', '2023-06-17T08:18:06.597Z', 'not a time');

/** Answers each API by its path, like the real hosts. */
function cloud(answers: { dns?: string; dcs?: string; zone?: string }): typeof fetch {
  return async (input) => {
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    const body = path.startsWith('/v2.1/zones/') ? answers.zone : path.startsWith('/v2.1/') ? answers.dns : answers.dcs;
    return new Response(body ?? '{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

describe('Huawei answers generated from the API pages', () => {
  it('every listed DNS and DCS task with an id is found, whatever its other fields are', async () => {
    const dnsRow = answerOf(withValues(dnsTask, { id: hexId, status: dnsStatus, created_at: timeShapes }, ['id']));
    const dcsRow = answerOf(withValues(dcsTask, { id: hexId, status: dcsStatus, created_at: timeShapes }, ['id']));
    const lists = fc.tuple(fc.array(dnsRow, { maxLength: 5 }), fc.array(dcsRow, { maxLength: 5 }), answerOf(dnsList(dnsTask)), answerOf(dcsList(dcsTask)));
    await fc.assert(
      fc.asyncProperty(lists, async ([dnsRows, dcsRows, dnsBody, dcsBody]) => {
        // The generated envelope with rows that have ids; its metadata may be absent, null or odd.
        const dns = toJson({ ...dnsBody, tasks: dnsRows, metadata: dnsBody.metadata });
        const dcs = toJson({ ...dcsBody, tasks: dcsRows });
        const notes: unknown[] = [];
        const tasks = await huawei.discover(cred, testContext(cloud({ dns, dcs }), { unreadable: (r) => void notes.push(r) }));
        expect(tasks.filter((t) => t.kind === 'dns-batch').map((t) => t.providerTaskId)).toEqual(dnsRows.map((r) => r.id));
        expect(tasks.filter((t) => t.kind === 'dcs-task').map((t) => t.providerTaskId)).toEqual(dcsRows.map((r) => r.id));
        expect(notes).toEqual([]);
        for (const [task, row] of tasks.filter((t) => t.kind === 'dns-batch').map((t, i) => [t, dnsRows[i]!] as const)) {
          // A count sent as a number or as its digits is the same count.
          if (row.success_count !== null && row.success_count !== undefined) expect(task.done).toBe(Number(row.success_count));
          expect(task.statusText).toBe(typeof row.status === 'string' && row.status ? row.status : undefined);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rows without an id are counted, never silently dropped, and never cost their neighbours', async () => {
    const row = answerOf(dcsTask);
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 6 }), async (rows) => {
        const notes: { count: number }[] = [];
        const tasks = await huawei.discover(cred, testContext(cloud({ dns: '{"tasks":[]}', dcs: toJson({ task_count: rows.length, tasks: rows }) }), { unreadable: (r) => void notes.push(r) }));
        const withId = rows.filter((r) => (typeof r.id === 'string' && r.id.trim()) || typeof r.id === 'number');
        expect(tasks).toHaveLength(withId.length);
        expect(notes.reduce((sum, note) => sum + note.count, 0)).toBe(rows.length - withId.length);
      }),
      { numRuns: 200 },
    );
  });

  it('every zone batch-create answer for the task asked yields it, with one failed item per error item', async () => {
    const zoneId = 'ff8080826b3b4b0f016b3b7c8c3e0011';
    const taskId = '9a186e66977dd48f01977e021c480cac';
    const answer = answerOf(withValues(zoneTask, { task_id: fc.constant(taskId), status: dnsStatus, error_items: fc.array(answerOf(zoneErrorItem), { maxLength: 5 }) }, ['task_id', 'error_items']));
    await fc.assert(
      fc.asyncProperty(answer, async (body) => {
        const fetchZone = cloud({ zone: toJson(body) });
        const task = await huawei.track!.track(cred, `${zoneId}/${taskId}`, testContext(fetchZone));
        expect(task.providerTaskId).toBe(taskId);
        const page = await huawei.failedItems(cred, { ...task, status: 'partial' }, 1, testContext(fetchZone));
        expect(page.items).toHaveLength((body.error_items as unknown[]).length);
      }),
      { numRuns: 200 },
    );
  });
});
