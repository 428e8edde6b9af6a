import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createAlibabaFake, defaultAlibabaScenario, DEMO_ALIBABA_KEYS } from '../../../fake-cloud/alibaba';
import { alibaba, countSchema, detailItemSchema, detailSchema, mapCount, mapDetailItem, scrub } from '../../../../lib/providers/alibaba/index';
import { readEach } from '../../../../lib/providers/shape';
import { ProviderError, type Credentials } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { say, sayLabel } from '../../../../lib/i18n/words';

const cred = (secrets: Record<string, string> = DEMO_ALIBABA_KEYS): Credentials => ({ account: { id: 'ali1', provider: 'alibaba', name: 'Ali', settings: {} }, secrets: { ...secrets } });

describe('Alibaba DNS batch results against the fake cloud', () => {
  it('discovers the latest task of each BatchType with one call per type, signed as the SDK signs', async () => {
    const cloud = createFakeCloud([createAlibabaFake(defaultAlibabaScenario())]);
    const tasks = await alibaba.discover(cred(), testContext(cloud.fetch));
    expect(tasks.map((t) => [t.providerTaskId, t.status, sayLabel(t.label, 'en')])).toEqual([
      ['1234500', 'succeeded', 'Add domains (DOMAIN_ADD)'],
      ['1234567', 'running', 'Add records (RR_ADD)'],
    ]);
    expect(cloud.count('alibaba', 'DescribeBatchResultCount')).toBe(4);
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
  });

  it('refreshes a processing task until it completes, then pages its detail and keeps only the failures', async () => {
    const cloud = createFakeCloud([createAlibabaFake(defaultAlibabaScenario())]);
    const ctx = testContext(cloud.fetch);
    let task = (await alibaba.discover(cred(), ctx)).find((t) => t.providerTaskId === '1234567')!;
    for (let i = 0; i < 3 && task.status === 'running'; i++) task = await alibaba.refresh(cred(), task, ctx);
    expect(task).toMatchObject({ status: 'partial', total: 40, done: 37, failed: 3 });
    const page = await alibaba.failedItems(cred(), task, 1, ctx);
    expect(page.items.map((i) => i.item)).toEqual(['www.example.com A 192.0.2.10', 'mail.example.com MX mx.example.com', 'bad.example.com A 300.1.1.1']);
    expect(page.items[0]).toMatchObject({ message: 'The DNS record already exists.', fields: { Domain: 'example.com', Rr: 'www', Ttl: '600' } });
    expect(page.nextPage).toBeUndefined();
  });

  it('asks in Chinese when the UI is Chinese', async () => {
    const cloud = createFakeCloud([createAlibabaFake(defaultAlibabaScenario())]);
    const ctx = testContext(cloud.fetch, { lang: 'zh' });
    const task = { ...(await alibaba.track!.track(cred(), '1234567', ctx)), status: 'partial' as const, failed: 3 };
    cloud.records.length = 0;
    const page = await alibaba.failedItems(cred(), task, 1, ctx);
    expect(cloud.records[0]!.url).toContain('Lang=zh');
    expect(page.items[0]!.message).toBe('解析记录已存在。');
  });

  it('stops on a wrong secret (SignatureDoesNotMatch) and never shows the AccessKeyId', async () => {
    const cloud = createFakeCloud([createAlibabaFake(defaultAlibabaScenario())]);
    const err = await alibaba.discover(cred({ ...DEMO_ALIBABA_KEYS, secretAccessKey: 'WrongWrongWrongWrongWrong' }), testContext(cloud.fetch)).catch((e: unknown) => e);
    expect(err).toMatchObject({ cls: 'auth', code: 'SignatureDoesNotMatch' });
    expect((err as ProviderError).message).not.toContain(DEMO_ALIBABA_KEYS.accessKeyId);
    expect(cloud.records).toHaveLength(1);
  });

  it('corrects a slow clock once with a fresh nonce, and reports throttling with x-acs-retry-after', async () => {
    const fake = createAlibabaFake(defaultAlibabaScenario());
    const cloud = createFakeCloud([fake]);
    const ctx = testContext(cloud.fetch, { offsetMs: -30 * 60_000 });
    await alibaba.testConnection(cred(), ctx);
    // The count is refused for the clock and signed again; the detail call is signed right the first time.
    expect(cloud.records.map((r) => [r.operation, r.status])).toEqual([['DescribeBatchResultCount', 400], ['DescribeBatchResultCount', 200], ['DescribeBatchResultDetail', 200]]);
    fake.forceNext('throttled');
    await expect(alibaba.testConnection(cred(), ctx)).rejects.toMatchObject({ cls: 'throttled', retryAfterMs: 60_000 });
  });

  it('"Test connection" makes the two calls polling makes, and a RAM policy that refuses one names its action', async () => {
    const cloud = createFakeCloud([createAlibabaFake({ ...defaultAlibabaScenario(), forbid: ['DescribeBatchResultDetail'] })]);
    const reports = (await alibaba.testConnection(cred(), testContext(cloud.fetch))) ?? [];
    expect(reports.map((r) => [r.id, r.state, r.cause])).toEqual([
      ['count', 'watched', undefined],
      ['detail', 'not-watched', { kind: 'permission', action: 'alidns:DescribeBatchResultDetail' }],
    ]);
    expect(cloud.records.map((r) => r.operation)).toEqual(['DescribeBatchResultCount', 'DescribeBatchResultDetail']);
  });
});

describe('Alibaba parsers tolerate anything', () => {
  const example = { Status: 0, TotalCount: 4, SuccessCount: 2, FailedCount: 2, TaskId: 1234567, BatchType: 'DOMAIN_ADD', RequestId: '75446CC1-FC9A-4595-8D96-089D73D7A63D' };
  it('parses the documented example', () => {
    expect(mapCount('a', countSchema.parse(example))).toMatchObject({ providerTaskId: '1234567', status: 'running', total: 4, done: 2, failed: 2 });
    expect(mapCount('a', countSchema.parse({ ...example, Status: '1' }))).toMatchObject({ status: 'partial' });
    expect(mapCount('a', countSchema.parse({ ...example, Status: -1 }))).toBeUndefined();
    expect(mapCount('a', countSchema.parse({ ...example, Status: 7 }))).toMatchObject({ status: 'unknown', statusText: '7' });
  });
  it('reads the doc\'s own example (TaskId 0 with Status 0) as "no task yet", never a phantom running task "0"', async () => {
    const docExample = { Status: 0, TotalCount: 4, TaskId: 0, RequestId: '75446CC1-FC9A-4595-8D96-089D73D7A63D', FailedCount: 2, SuccessCount: 2, BatchType: 'DOMAIN_ADD', Reason: 'No match is found for the domain name specified in the file.' };
    expect(mapCount('a', countSchema.parse(docExample))).toBeUndefined();
    const answer: typeof fetch = async () => new Response(JSON.stringify(docExample), { status: 200 });
    expect(await alibaba.discover(cred(), testContext(answer))).toEqual([]);
    // Asked for a task by id, an answer that echoes no id is about that task.
    expect(await alibaba.track!.track(cred(), '1234567', testContext(answer))).toMatchObject({ providerTaskId: '1234567', status: 'running' });
    // One that names another task is not.
    const other: typeof fetch = async () => new Response(JSON.stringify({ ...docExample, TaskId: 99 }), { status: 200 });
    await expect(alibaba.track!.track(cred(), '1234567', testContext(other))).rejects.toMatchObject({ cls: 'not-found' });
  });

  it('keeps a TaskId beyond 2^53 to the digit', async () => {
    const answer: typeof fetch = async () => new Response('{"Status":1,"TaskId":12345678901234567891,"SuccessCount":1,"FailedCount":0,"BatchType":"RR_ADD"}', { status: 200 });
    const tasks = await alibaba.discover(cred(), testContext(answer));
    expect(tasks[0]).toMatchObject({ providerTaskId: '12345678901234567891', key: 'ali1:alidns-batch:12345678901234567891' });
  });

  it('the fake answers Status as the documented integer, and an unknown TaskId as "no task" (Status -1), not an invented code', async () => {
    const cloud = createFakeCloud([createAlibabaFake(defaultAlibabaScenario())]);
    const statuses: unknown[] = [];
    const ctx = testContext(async (input, init) => {
      const res = await cloud.fetch(input, init);
      statuses.push((JSON.parse(await res.clone().text()) as { Status?: unknown }).Status);
      return res;
    });
    await alibaba.discover(cred(), ctx);
    expect(statuses.length).toBe(4);
    expect(statuses.every((s) => Number.isInteger(s))).toBe(true);
    await expect(alibaba.track!.track(cred(), '42', ctx)).rejects.toMatchObject({ cls: 'not-found' });
    expect(cloud.records.every((r) => r.status === 200)).toBe(true);
  });

  it('gives a task or a clean refusal for 10,000 mutated answers, never an exception', () => {
    const field = fc.constantFrom(...Object.keys(example), 'Extra');
    const junk = fc.oneof(fc.constant(null), fc.constant(undefined), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.object(), fc.array(fc.anything()));
    fc.assert(
      fc.property(fc.array(fc.tuple(field, junk), { maxLength: 4 }), (mutations) => {
        const body: Record<string, unknown> = { ...example };
        for (const [k, v] of mutations) if (v === undefined) delete body[k]; else body[k] = v;
        const parsed = countSchema.safeParse(body);
        if (parsed.success) mapCount('a', parsed.data);
        const detail = detailSchema.safeParse({ TotalCount: 1, BatchResultDetails: { BatchResultDetail: [body] } });
        if (detail.success) readEach(detail.data.BatchResultDetails?.BatchResultDetail, detailItemSchema).forEach(mapDetailItem);
      }),
      { numRuns: 10_000 },
    );
  });
  it('scrubs the AccessKeyId and the echoed string-to-sign from server messages', () => {
    expect(scrub('Specified signature does not match. The string to sign is: ACS3\nLTAI5tSecretKeyId', 'LTAI5tSecretKeyId')).not.toMatch(/LTAI5tSecretKeyId/);
  });
  // Each layer alone, so that removing any one of them fails a test.
  it('scrubs the account\'s own AccessKeyId wherever it appears, whatever its shape', () => {
    expect(scrub('Key STS.NUgYrLnoC36RvC not allowed; STS.NUgYrLnoC36RvC again', 'STS.NUgYrLnoC36RvC')).toBe('Key *** not allowed; *** again');
    expect(scrub('nothing to hide', '')).toBe('nothing to hide');
  });
  it('scrubs any other LTAI access key id the server names', () => {
    expect(scrub('AccessKeyId LTAI5tOtherKeyOfSomeone is disabled', 'LTAI5tMine00000')).toBe('AccessKeyId LTAI*** is disabled');
    expect(scrub('LTAI1234 is short', 'x')).toBe('LTAI1234 is short');
  });
  it('withholds the echoed string to sign, to the end of the message', () => {
    expect(scrub('Specified signature does not match. The string to sign is: POST&%2F&Action%3DX\nmore', 'none')).toBe('Specified signature does not match. (string to sign withheld)');
  });
  it('keeps a server message to 300 characters before scrubbing', () => {
    expect(scrub('m'.repeat(1000), 'k')).toHaveLength(300);
  });
  it('never shows the AccessKeyId that a refusal echoes, in the error or the sentence the user sees', async () => {
    const keyId = 'STS.EchoedKeyId0001';
    const echoing: typeof fetch = async () => new Response(JSON.stringify({ Code: 'InvalidAccessKeyId.NotFound', Message: `Specified access key ${keyId} is not found.`, RequestId: 'R1' }), { status: 404 });
    const err = await alibaba.discover(cred({ ...DEMO_ALIBABA_KEYS, accessKeyId: keyId }), testContext(echoing)).catch((e: unknown) => e);
    expect(err).toMatchObject({ cls: 'auth', code: 'InvalidAccessKeyId.NotFound' });
    expect((err as ProviderError).message).toBe('Alibaba Cloud answered 404 InvalidAccessKeyId.NotFound: Specified access key *** is not found.');
    for (const lang of ['en', 'zh'] as const) expect(say(alibaba.describeError(err as ProviderError), lang)).not.toContain(keyId);
  });
});

describe('task labels follow the UI language', () => {
  it('stores a kind of task as a message, so one stored task reads in whichever language is chosen later', async () => {
    const { mapDnsTask, mapZoneCreateTask } = await import('../../../../lib/providers/huawei/client');
    const { jobToTask } = await import('../../../../lib/providers/dnspod/index');
    const huawei = mapDnsTask('a', { id: '1', type: 'create', status: 'DONE' })!.label;
    const ali = mapCount('a', countSchema.parse({ Status: 1, TaskId: 1, BatchType: 'RR_ADD' }))!.label;
    const job = jobToTask('dnspod', 'a', { jobId: '1', type: 'record_add', domains: [{ domain: 'example.com', status: 'ok', error: '', records: [] }, { domain: 'example.net', status: 'ok', error: '', records: [] }] }).label;
    const zone = mapZoneCreateTask('a', 'z1', 'example.com.', { task_id: 't1', status: 'PENDING' })!.label;
    expect([huawei, ali, job, zone].map((label) => sayLabel(label, 'zh'))).toEqual(['批量添加记录集', '批量添加解析记录（RR_ADD）', '批量添加记录 · example.com +1', '向 example.com. 批量添加记录集']);
    expect([huawei, ali, job, zone].map((label) => sayLabel(label, 'en'))).toEqual(['Add record sets', 'Add records (RR_ADD)', 'Add records · example.com +1', 'Add record sets to example.com.']);
  });

  it('keeps what is data as it is: a BatchType or task type this version does not know is shown as its code', async () => {
    const { mapDnsTask } = await import('../../../../lib/providers/huawei/client');
    expect(mapDnsTask('a', { id: '1', type: 'brand_new_type', status: 'DONE' })!.label).toBe('brand_new_type');
    expect(mapCount('a', countSchema.parse({ Status: 1, TaskId: 1, BatchType: 'NEW_TYPE' }))!.label).toBe('NEW_TYPE');
  });
});
