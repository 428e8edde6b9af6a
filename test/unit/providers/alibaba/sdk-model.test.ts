/**
 * Conformance with the official SDK's response models (@alicloud/alidns20150109, a test
 * oracle only): answers generated from DescribeBatchResultCountResponseBody's and
 * DescribeBatchResultDetailResponseBody's own names()/types(), where every field is
 * optional, yield the task and its failed items.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alibaba } from '../../../../lib/providers/alibaba/index';
import { NO_REASON, type Credentials, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { answering, answerOf, fromTeaModel, integerId, toJson, withValues } from '../model-answers';

const require = createRequire(import.meta.url);
const sdk = require('@alicloud/alidns20150109');

const cred: Credentials = { account: { id: 'ali1', provider: 'alibaba', name: 'Ali', settings: {} }, secrets: { accessKeyId: 'LTAI5tTestKey00001', secretAccessKey: 'TestSecretTestSecret0000' } };
const countModel = fromTeaModel(sdk.DescribeBatchResultCountResponseBody);
const detailModel = fromTeaModel(sdk.DescribeBatchResultDetailResponseBody);

describe('the SDK models as the test reads them', () => {
  it('name every documented field with its type (so the generators below cover them)', () => {
    expect(Object.keys(countModel).sort()).toEqual(['BatchType', 'FailedCount', 'Reason', 'RequestId', 'Status', 'SuccessCount', 'TaskId', 'TotalCount']);
    expect(countModel.Status!.type).toBe('number');
    const items = detailModel.BatchResultDetails!.type as { object: Record<string, { type: { array: { object: Record<string, { type: unknown }> } } }> };
    const row = items.object.BatchResultDetail!.type.array.object;
    expect(row.Status!.type).toBe('boolean');
    expect(row.Ttl!.type).toBe('string');
  });
});

describe('DescribeBatchResultCount answers from the SDK model', () => {
  it('every answer naming a task yields that task, its id exact to the digit; Status -1 or TaskId 0 yields none', async () => {
    const answer = answerOf(withValues(countModel, { Status: fc.constantFrom(-1, 0, 1, 2, '0', '1', 7), TaskId: fc.oneof(integerId.map((i) => i.sent), fc.constantFrom(0, '0')) }));
    await fc.assert(
      fc.asyncProperty(answer, async (body) => {
        const text = toJson(body);
        const tasks = await alibaba.discover(cred, testContext(answering(text)));
        const status = body.Status === null || body.Status === undefined ? undefined : Number(body.Status);
        const id = body.TaskId === null || body.TaskId === undefined ? undefined : String(body.TaskId);
        const named = id !== undefined && !/^0+$/.test(id) && status !== -1;
        // One call per BatchType, each answered the same: one task per call or none.
        expect(tasks).toHaveLength(named ? 4 : 0);
        for (const task of tasks) {
          expect(task.providerTaskId).toBe(id);
          if (status === 1) expect(['succeeded', 'partial', 'failed']).toContain(task.status);
          else expect(task.status).toBe(status === 0 ? 'running' : status === 2 ? 'failed' : 'unknown');
          // An unknown status is kept as the provider's word.
          if (status !== undefined) expect(task.statusText).toBe(String(status));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('DescribeBatchResultDetail answers from the SDK model', () => {
  it('every row whose Status is not true is a failed item, whatever else is absent, null or odd', async () => {
    const row = (detailModel.BatchResultDetails!.type as { object: Record<string, { type: { array: { object: Parameters<typeof answerOf>[0] } } }> }).object.BatchResultDetail!.type.array.object;
    const rows = fc.array(answerOf(row), { maxLength: 6 });
    const answer = fc.tuple(answerOf(detailModel), rows);
    const task: Task = { key: 'k', provider: 'alibaba', accountId: 'ali1', kind: 'alidns-batch', providerTaskId: '1234567', label: 'RR_ADD', status: 'partial', failed: 1 };
    await fc.assert(
      fc.asyncProperty(answer, async ([body, details]) => {
        const text = toJson({ ...body, BatchResultDetails: { BatchResultDetail: details } });
        const page = await alibaba.failedItems(cred, task, 1, testContext(answering(text)));
        const failing = details.filter((d) => d.Status !== true && d.Status !== 'true');
        expect(page.items).toHaveLength(failing.length);
        page.items.forEach((item, i) => {
          const reason = failing[i]!.Reason;
          // No reason (absent, null or empty) is said as such, in the user's language.
          const said = reason === null || reason === undefined ? '' : String(reason);
          expect(item.message).toEqual(said || NO_REASON);
        });
      }),
      { numRuns: 300 },
    );
  });
});
