/**
 * Conformance with tencentcloud-sdk-nodejs-cdn's models (a test oracle only): answers generated
 * from DescribePurgeTasksResponse/PurgeTask and DescribePushTasksResponse/PushTask, where any
 * field may be missing, null or of the other JSON type, yield one task per TaskId, never fail
 * the list, and list as failed items exactly the rows whose status is fail or invalid.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tencentCdn } from '../../../../lib/providers/tencent-cdn/index';
import type { Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { answerOf, fromTencentDts, toJson, withValues, type Model } from '../model-answers';

const require = createRequire(import.meta.url);
const dts = readFileSync(require.resolve('tencentcloud-sdk-nodejs-cdn/tencentcloud/services/cdn/v20180606/cdn_models.d.ts'), 'utf8');
let run = 0;
/** A new account per run: the pacing of one account's calls must not slow the next run. */
const cred = (): Credentials => ({ account: { id: `tc${++run}`, provider: 'dnspod', name: 'TC', settings: {} }, secrets: { secretId: 'AKIDtesttesttesttest0000', secretKey: 'testtesttesttesttest0000' } });

const STATUS = fc.oneof(fc.constantFrom('fail', 'done', 'process', 'invalid', 'Done', 'FAIL'), fc.string({ maxLength: 6 }));
const TASK_ID = fc.constantFrom('t1', 't2', 't3');
const isFailed = (s: unknown): boolean => typeof s === 'string' && ['fail', 'invalid'].includes(s.toLowerCase());

function responseModel(response: string, row: string, rows: string): Model {
  const rowModel = withValues(fromTencentDts(dts, row), { Status: STATUS, TaskId: TASK_ID });
  const model = fromTencentDts(dts, response);
  return { ...model, [rows]: { ...model[rows]!, type: { array: { object: rowModel } } } };
}

describe('the SDK models as the test reads them', () => {
  it('has the fields the SDK declares', () => {
    expect(Object.keys(fromTencentDts(dts, 'PurgeTask')).sort()).toEqual(['CreateTime', 'FlushType', 'PurgeType', 'Status', 'TaskId', 'Url']);
    expect(Object.keys(fromTencentDts(dts, 'PushTask')).sort()).toEqual(['Area', 'CreateTime', 'Percent', 'Status', 'TaskId', 'UpdateTime', 'Url']);
    expect(fromTencentDts(dts, 'DescribePurgeTasksResponse').PurgeLogs).toMatchObject({ nullable: true });
    expect(fromTencentDts(dts, 'DescribePushTasksResponse').PushLogs).toMatchObject({ optional: true, nullable: true });
  });
});

describe.each([
  { action: 'DescribePurgeTasks', response: 'DescribePurgeTasksResponse', row: 'PurgeTask', rows: 'PurgeLogs' },
  { action: 'DescribePushTasks', response: 'DescribePushTasksResponse', row: 'PushTask', rows: 'PushLogs' },
])('$action answers from the SDK model', ({ action, response, row, rows }) => {
  it('give one task per TaskId with the rows that failed as its failed items', async () => {
    await fc.assert(
      fc.asyncProperty(answerOf(responseModel(response, row, rows)), async (body) => {
        const text = toJson({ Response: body });
        const empty = toJson({ Response: { TotalCount: 0, RequestId: 'r' } });
        // The other log answers empty: what this log says is all there is.
        const ctx = testContext(async (_input, init) => new Response(new Headers(init?.headers).get('X-TC-Action') === action ? text : empty, { headers: { 'content-type': 'application/json' } }));
        const account = cred();
        const tasks = await tencentCdn.discover(account, ctx);
        const listed = (Array.isArray(body[rows]) ? (body[rows] as Record<string, unknown>[]) : []).filter((r) => r && typeof r === 'object' && typeof r.TaskId === 'string');
        expect(tasks.map((t) => t.providerTaskId).sort()).toEqual([...new Set(listed.map((r) => r.TaskId as string))].sort());
        for (const task of tasks) {
          const mine = listed.filter((r) => r.TaskId === task.providerTaskId);
          expect(task.total).toBe(mine.length);
          expect(task.failed).toBe(mine.filter((r) => isFailed(r.Status)).length);
          const page = await tencentCdn.failedItems(account, task, 1, ctx);
          expect(page.items).toHaveLength(task.failed!);
        }
      }),
      { numRuns: 200 },
    );
  });
});
