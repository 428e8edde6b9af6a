/**
 * Issue 28: Alibaba's error codes are the ones its docs and SDK name, each with its source
 * (test/fake-cloud/alibaba-errors.ts), each mapped to an error class, for both calls
 * Batchwatch makes; the fake cloud answers no other.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_ALIBABA_KEYS } from '../../../fake-cloud/alibaba';
import { ALIBABA_ERRORS } from '../../../fake-cloud/alibaba-errors';
import { alibaba } from '../../../../lib/providers/alibaba/index';
import { ALIBABA_CODES, alibabaErrorClass } from '../../../../lib/providers/alibaba/errors';
import { ProviderError, type Credentials, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const cred = (): Credentials => ({ account: { id: 'ali1', provider: 'alibaba', name: 'Ali', settings: {} }, secrets: { ...DEMO_ALIBABA_KEYS } });
const task: Task = { key: 'ali1:alidns-batch:1234567', provider: 'alibaba', accountId: 'ali1', kind: 'alidns-batch', providerTaskId: '1234567', label: 'RR_ADD', status: 'partial', failed: 2, locator: { batchType: 'RR_ADD' } };

/** Alibaba's error shape; the HTTP status varies by source, the Code decides. */
const answering = (code: string, status = 400): typeof fetch => async () =>
  new Response(JSON.stringify({ RequestId: 'R', HostId: 'alidns.aliyuncs.com', Code: code, Message: 'm', Recommend: 'https://api.aliyun.com/troubleshoot' }), { status, headers: { 'content-type': 'application/json' } });
const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

describe('Alibaba error codes (DescribeBatchResultCount, DescribeBatchResultDetail)', () => {
  it.each(Object.entries(ALIBABA_ERRORS).map(([code, row]) => ({ code, ...row })))('$code → $cls', async ({ code, cls, source }) => {
    expect(source.length).toBeGreaterThan(20);
    expect(alibabaErrorClass(code, 400)).toBe(cls);
    for (const call of [() => alibaba.refresh(cred(), task, testContext(answering(code))), () => alibaba.failedItems(cred(), task, 1, testContext(answering(code)))]) {
      const err = await failure(call());
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ cls, code });
    }
  });

  it('the product maps no code the table does not source; an undocumented "…NotFound" never marks a task gone', async () => {
    expect(Object.keys(ALIBABA_CODES).filter((c) => !(c in ALIBABA_ERRORS))).toEqual([]);
    await expect(alibaba.refresh(cred(), task, testContext(answering('InvalidTaskId.NotFound', 404)))).rejects.toMatchObject({ cls: 'invalid-input' });
    expect(alibabaErrorClass('Throttling.Something', 400)).toBe('throttled');
    expect(alibabaErrorClass('Forbidden.Something', 400)).toBe('permission');
    expect(alibabaErrorClass(undefined, 503)).toBe('server');
  });

  it('the fake cloud answers only sourced codes', () => {
    // Its own answers, and the gateway's refusals it shares with the CDN fake.
    const source = ['alibaba.ts', 'acs3.ts'].map((file) => readFileSync(new URL(`../../../fake-cloud/${file}`, import.meta.url), 'utf8')).join('\n');
    const answered = [...source.matchAll(/\b(?:error|refuse)\(\d+, '([^']+)'/g)].map((m) => m[1]!);
    expect(answered.length).toBeGreaterThan(5);
    expect(answered.filter((c) => !(c in ALIBABA_ERRORS))).toEqual([]);
  });
});
