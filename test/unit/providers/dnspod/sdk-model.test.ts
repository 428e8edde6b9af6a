/**
 * Conformance with the official SDK's response models (tencentcloud-sdk-nodejs-dnspod, a
 * test oracle only): answers generated from the interfaces in its dnspod_models.d.ts,
 * where most fields of DescribeBatchTaskDetail and BatchRecordInfo carry
 * "注意：此字段可能返回 null", yield the job and its failed items.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dnspod } from '../../../../lib/providers/dnspod/index';
import type { Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { answering, answerOf, fromTencentDts, integerId, toJson, withValues, type Model } from '../model-answers';

const require = createRequire(import.meta.url);
const dts = readFileSync(require.resolve('tencentcloud-sdk-nodejs-dnspod/tencentcloud/services/dnspod/v20210323/dnspod_models.d.ts'), 'utf8');

const cred: Credentials = { account: { id: 'dp1', provider: 'dnspod', name: 'DP', settings: {} }, secrets: { secretId: 'AKIDtesttesttesttest0000', secretKey: 'testtesttesttesttest0000' } };

const STATUS_WORDS = fc.oneof(fc.constantFrom('success', 'fail', 'failed', 'error', 'running', 'waiting', 'ok', 'FAIL'), fc.string({ maxLength: 6 }));
const isFailure = (s: unknown): boolean => typeof s === 'string' && ['error', 'fail', 'failed'].includes(s.toLowerCase());

function models() {
  const record = withValues(fromTencentDts(dts, 'BatchRecordInfo'), { Status: STATUS_WORDS, RecordId: integerId.map((i) => i.sent) });
  const detail = fromTencentDts(dts, 'DescribeBatchTaskDetail');
  const response = fromTencentDts(dts, 'DescribeBatchTaskResponse');
  return {
    record,
    detail: withValues({ ...detail, RecordList: { ...detail.RecordList!, type: { array: { object: record } } } }, { Status: STATUS_WORDS }),
    response,
  };
}

describe('the SDK model as the test reads it', () => {
  it('has the fields the SDK declares, with its "may return null" notes', () => {
    const { record, detail, response } = models();
    expect(Object.keys(response).sort()).toEqual(['CreatedAt', 'DetailList', 'FailCount', 'JobType', 'RequestId', 'SuccessCount', 'TotalCount']);
    expect(detail.Domain).toMatchObject({ optional: true, nullable: true });
    expect(detail.Status).toMatchObject({ optional: true, nullable: false });
    // BatchRecordInfo's fields are declared required, yet most "may return null".
    expect(record.RecordId).toMatchObject({ optional: false, nullable: true, type: 'number' });
    expect(record.Id).toMatchObject({ optional: false, nullable: false });
    expect(Object.values(record).filter((f) => f.nullable).length).toBeGreaterThanOrEqual(10);
  });
});

describe('DescribeBatchTask answers from the SDK model', () => {
  it('every answer yields the job asked for, sends its id to the digit, and lists each failing record or domain once', async () => {
    const { detail, response } = models();
    const responseModel: Model = { ...response, DetailList: { ...response.DetailList!, type: { array: { object: detail } } } };
    await fc.assert(
      fc.asyncProperty(answerOf(responseModel), integerId, async (body, job) => {
        const text = toJson({ Response: body });
        const sent: string[] = [];
        const fetchSpy: typeof fetch = async (input, init) => {
          sent.push(String(init?.body));
          return answering(text)(input, init);
        };
        const ctx = testContext(fetchSpy);
        const task = await dnspod.track!.track(cred, job.expected, ctx);
        expect(task.providerTaskId).toBe(job.expected);
        expect(sent[0]).toBe(`{"JobId":${job.expected}}`);
        const page = await dnspod.failedItems(cred, task, 1, ctx);
        const domains = Array.isArray(body.DetailList) ? (body.DetailList as Record<string, unknown>[]) : [];
        const expected = domains.reduce((n, d) => {
          const failing = (Array.isArray(d.RecordList) ? (d.RecordList as Record<string, unknown>[]) : []).filter((r) => isFailure(r.Status)).length;
          return n + (failing > 0 ? failing : isFailure(d.Status) ? 1 : 0);
        }, 0);
        expect(page.items).toHaveLength(expected);
      }),
      { numRuns: 300 },
    );
  });
});
