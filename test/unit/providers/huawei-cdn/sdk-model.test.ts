/**
 * Conformance with the Huawei SDK's CDN models (huaweicloud/huaweicloud-sdk-nodejs-v3, release
 * 3.1.209, services/cdn/v2/model: ShowHistoryTasksResponse, TasksObject,
 * ShowHistoryTaskDetailsResponse, UrlObject; there is no Node CDN package on the registry, so
 * their fields are written out here). Every field is optional and may be null or of the other
 * JSON type: the list never fails, each task with an id is listed once, and the failed items are
 * the URLs the answer gives.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { huaweiCdn } from '../../../../lib/providers/huawei-cdn/index';
import type { Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { answerOf, toJson, withValues, type FieldType, type Model } from '../model-answers';

const field = (type: FieldType) => ({ type, optional: true, nullable: true });
/** TasksObject.ts */
const TASKS_OBJECT: Model = {
  id: field('string'), task_type: field('string'), status: field('string'), processing: field('number'), succeed: field('number'),
  failed: field('number'), total: field('number'), create_time: field('number'), file_type: field('string'),
};
/** UrlObject.ts */
const URL_OBJECT: Model = {
  id: field('string'), url: field('string'), status: field('string'), create_time: field('number'), task_id: field('string'),
  task_type: field('string'), fail_classify: field('string'), fail_desc: field('string'),
};
const task = withValues(TASKS_OBJECT, { id: fc.constantFrom('a1', 'b2', 'c3'), task_type: fc.constantFrom('refresh', 'preheating', 'x'), status: fc.constantFrom('task_done', 'task_inprocess', 'other'), file_type: fc.constantFrom('file', 'directory') });
/** ShowHistoryTasksResponse.ts */
const LIST: Model = { total: field('number'), tasks: field({ array: { object: task } }) };
/** ShowHistoryTaskDetailsResponse.ts */
const DETAILS: Model = { ...TASKS_OBJECT, urls: field({ array: { object: withValues(URL_OBJECT, { status: fc.constant('failed') }) } }) };

let run = 0;
const cred = (): Credentials => ({ account: { id: `hw${++run}`, provider: 'huawei', name: 'HW', settings: {} }, secrets: { accessKeyId: 'AK', secretAccessKey: 'SK' } });
const answering = (body: unknown): typeof fetch => async () => new Response(toJson(body), { headers: { 'content-type': 'application/json' } });

describe('ShowHistoryTasks answers from the SDK model', () => {
  it('list each task with an id once, whatever the other fields hold', async () => {
    await fc.assert(
      fc.asyncProperty(answerOf(LIST), async (body) => {
        const tasks = await huaweiCdn.discover(cred(), testContext(answering(body)));
        const rows = (Array.isArray(body.tasks) ? (body.tasks as Record<string, unknown>[]) : []).filter((r) => r && typeof r === 'object' && typeof r.id === 'string');
        expect(tasks.map((t) => t.providerTaskId)).toEqual(rows.map((r) => r.id));
        for (const t of tasks) expect(['cdn-refresh-url', 'cdn-refresh-dir', 'cdn-preload']).toContain(t.kind);
      }),
      { numRuns: 300 },
    );
  });
});

describe('ShowHistoryTaskDetails answers from the SDK model', () => {
  it('give the failed URLs the answer lists, each once', async () => {
    await fc.assert(
      fc.asyncProperty(answerOf(DETAILS), async (body) => {
        const account = cred();
        const page = await huaweiCdn.failedItems(account, { key: 'k', provider: 'huawei', accountId: account.account.id, kind: 'cdn-refresh-url', providerTaskId: 'a1', label: '', status: 'partial' }, 1, testContext(answering(body)));
        const urls = (Array.isArray(body.urls) ? body.urls : []).filter((u) => u && typeof u === 'object');
        expect(page.items).toHaveLength(urls.length);
      }),
      { numRuns: 300 },
    );
  });
});
