/**
 * Conformance with the official SDK's response models (@alicloud/cdn20180510, a test oracle
 * only): answers generated from DescribeRefreshTasksResponseBody's and
 * DescribeRefreshTaskByIdResponseBody's own names()/types(), every field optional or null,
 * yield one task per TaskId with its rows counted, and a failed item per failed URL. A bad
 * row costs its own fields (or, without a TaskId, itself), never the list.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alibabaCdn, taskStatus } from '../../../../lib/providers/alibaba-cdn/index';
import { NO_REASON, type Credentials, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { answering, answerOf, fromTeaModel, toJson, withValues, type Model } from '../model-answers';

const require = createRequire(import.meta.url);
const sdk = require('@alicloud/cdn20180510');

let keys = 0;
/** A fresh key per run: DescribeRefreshTasks is spaced per key (5 a second), and these calls answer at once. */
const cred = (): Credentials => ({ account: { id: 'ali1', provider: 'alibaba', name: 'Ali', settings: {} }, secrets: { accessKeyId: `LTAI5tModelKey${++keys}`, secretAccessKey: 'TestSecretTestSecret0000' } });

const listModel = fromTeaModel(sdk.DescribeRefreshTasksResponseBody);
const byIdModel = fromTeaModel(sdk.DescribeRefreshTaskByIdResponseBody);
type Nested = { object: Model } | { array: { object: Model } };
const cdnTaskRow = ((listModel.Tasks!.type as { object: Model }).object.CDNTask!.type as { array: { object: Model } }).array.object;
const byIdRow = ((byIdModel.Tasks!.type as Nested) as { array: { object: Model } }).array.object;

const STATUSES = fc.constantFrom('Complete', 'Refreshing', 'Failed', 'Pending', 'Queued', null, 3);
const rowValues = { TaskId: fc.constantFrom('704225667', '704225668', 704225669, '', null), Status: STATUSES, ObjectType: fc.constantFrom('file', 'directory', 'regex', 'preload', 'other', null) };

describe('the SDK models as the test reads them', () => {
  it('name every documented field (so the generators below cover them)', () => {
    expect(Object.keys(listModel).sort()).toEqual(['PageNumber', 'PageSize', 'RequestId', 'Tasks', 'TotalCount']);
    expect(Object.keys(cdnTaskRow).sort()).toEqual(['CreationTime', 'Description', 'ObjectPath', 'ObjectType', 'Process', 'Status', 'TaskId']);
    expect(Object.keys(byIdModel).sort()).toEqual(['RequestId', 'Tasks', 'TotalCount']);
    expect(Object.keys(byIdRow).sort()).toEqual(['CreationTime', 'Description', 'ObjectPath', 'ObjectType', 'Process', 'Status', 'TaskId']);
  });
});

/** What the rows of one TaskId should make, computed the plain way. */
function expected(rows: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const byId = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const id = row.TaskId === null || row.TaskId === undefined || row.TaskId === '' ? undefined : String(row.TaskId);
    if (id) byId.set(id, [...(byId.get(id) ?? []), row]);
  }
  return byId;
}

function checkTask(task: Task, rows: Record<string, unknown>[]): void {
  expect(task.total).toBe(rows.length);
  expect(task.failed).toBe(rows.filter((r) => r.Status === 'Failed').length);
  expect(task.done).toBe(rows.filter((r) => r.Status === 'Complete').length);
  expect(task.status).toBe(taskStatus(rows.map((r) => ({ Status: typeof r.Status === 'string' ? r.Status : undefined }))));
  expect(task.key).toBe(`ali1:${task.kind}:${task.providerTaskId}`);
  expect(['cdn-refresh-url', 'cdn-refresh-dir', 'cdn-refresh-regex', 'cdn-preload']).toContain(task.kind);
}

describe('DescribeRefreshTasks answers from the SDK model', () => {
  it('every TaskId listed is one task with its rows counted, whatever else is absent, null or odd', async () => {
    const row = answerOf(withValues(cdnTaskRow, rowValues));
    const answer = answerOf(listModel).chain((body) => fc.array(row, { maxLength: 12 }).map((rows) => ({ ...body, TotalCount: rows.length, Tasks: { CDNTask: rows } })));
    await fc.assert(
      fc.asyncProperty(answer, async (body) => {
        const tasks = await alibabaCdn.discover(cred(), testContext(answering(toJson(body))));
        const want = expected(body.Tasks.CDNTask);
        expect(tasks.map((t) => t.providerTaskId).sort()).toEqual([...want.keys()].sort());
        for (const task of tasks) checkTask(task, want.get(task.providerTaskId)!);
      }),
      { numRuns: 200 },
    );
  });

  it('any answer at all (the list itself absent, null or odd) is an empty list, never a failure', async () => {
    await fc.assert(
      fc.asyncProperty(answerOf(listModel), async (body) => {
        const tasks = await alibabaCdn.discover(cred(), testContext(answering(toJson(body))));
        expect(Array.isArray(tasks)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe('DescribeRefreshTaskById answers from the SDK model', () => {
  it('the task asked for is found from its rows alone (other ids\' rows are not its), or is not found', async () => {
    const row = answerOf(withValues(byIdRow, rowValues));
    const answer = answerOf(byIdModel).chain((body) => fc.array(row, { maxLength: 8 }).map((rows) => ({ ...body, Tasks: rows })));
    const asked: Task = { key: 'ali1:cdn-refresh-url:704225667', provider: 'alibaba', accountId: 'ali1', kind: 'cdn-refresh-url', providerTaskId: '704225667', label: 'x', status: 'running' };
    await fc.assert(
      fc.asyncProperty(answer, async (body) => {
        const mine = expected(body.Tasks).get('704225667');
        const outcome = await alibabaCdn.refresh(cred(), asked, testContext(answering(toJson(body)))).catch((e: unknown) => e);
        if (mine) checkTask(outcome as Task, mine);
        else expect(outcome).toMatchObject({ cls: 'not-found' });
      }),
      { numRuns: 200 },
    );
  });
});

describe('failed items from the SDK model', () => {
  it('each failed URL of the task is an item, its Description the reason and the resubmit column its URL', async () => {
    const row = answerOf(withValues(cdnTaskRow, { ...rowValues, TaskId: fc.constant('704225667'), ObjectPath: fc.webUrl() }));
    const answer = fc.array(row, { maxLength: 10 }).map((rows) => ({ RequestId: 'r', PageNumber: 1, PageSize: 100, TotalCount: rows.length, Tasks: { CDNTask: rows } }));
    const task: Task = { key: 'ali1:cdn-refresh-url:704225667', provider: 'alibaba', accountId: 'ali1', kind: 'cdn-refresh-url', providerTaskId: '704225667', label: 'x', status: 'partial', failed: 2, locator: { objectType: 'file' } };
    await fc.assert(
      fc.asyncProperty(answer, async (body) => {
        const page = await alibabaCdn.failedItems(cred(), task, 1, testContext(answering(toJson(body))));
        const failed = body.Tasks.CDNTask.filter((r) => r.Status === 'Failed');
        expect(page.items.map((i) => i.fields?.URL)).toEqual(failed.map((r) => (r.ObjectPath === null || r.ObjectPath === undefined || r.ObjectPath === '' ? undefined : String(r.ObjectPath))));
        for (const [i, item] of page.items.entries()) {
          const given = failed[i]!.Description;
          const reason = typeof given === 'string' || typeof given === 'number' ? String(given).trim() : '';
          // Without a Description the group is the row's status word, and the reason says none was given.
          expect(item).toMatchObject(reason ? { message: reason, code: reason } : { message: NO_REASON, code: 'Failed' });
        }
        expect(page.nextPage).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
