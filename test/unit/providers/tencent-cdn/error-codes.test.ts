/**
 * Tencent Cloud CDN's error codes are the ones its SDK documents per action, each with its
 * source (test/fake-cloud/tencent-cdn-errors.ts) and mapped to an error class; the fake answers
 * no other, and a refusal of the CDN calls never marks a task gone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TENCENT_CDN_ANSWERABLE, TENCENT_CDN_ERRORS } from '../../../fake-cloud/tencent-cdn-errors';
import { CDN_TASK_CODES, cdnErrorClass } from '../../../../lib/providers/tencent-cdn/errors';
import { tencentCdn } from '../../../../lib/providers/tencent-cdn/index';
import { ProviderError, type Credentials, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const cred: Credentials = { account: { id: 'tc1', provider: 'dnspod', name: 'TC', settings: {} }, secrets: { secretId: 'AKIDtesttesttesttest0000', secretKey: 'testtesttesttesttest0000' } };
const task: Task = { key: 'tc1:cdn-refresh-url:t1', provider: 'dnspod', accountId: 'tc1', kind: 'cdn-refresh-url', providerTaskId: 't1', label: '', status: 'running' };
const answering = (body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

describe('Tencent Cloud CDN error codes (DescribePurgeTasks, DescribePushTasks)', () => {
  it.each(Object.entries(TENCENT_CDN_ERRORS).map(([code, row]) => ({ code, ...row })))('$code → $cls', async ({ code, cls, source }) => {
    expect(source).toMatch(/tencentcloud-sdk-go cdn\/v20180606/);
    expect(cdnErrorClass(code)).toBe(cls);
    const err = await tencentCdn.refresh(cred, task, testContext(answering({ Response: { Error: { Code: code, Message: 'm' }, RequestId: 'r' } }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ cls, code });
    expect((err as ProviderError).cls).not.toBe('not-found');
  });

  it('the product table and the sourced table are the same codes', () => {
    expect(Object.keys(CDN_TASK_CODES).sort()).toEqual(Object.keys(TENCENT_CDN_ERRORS).sort());
  });

  it('the fake answers only sourced codes', () => {
    const source = readFileSync(new URL('../../../fake-cloud/tencent-cdn.ts', import.meta.url), 'utf8');
    const answered = [...source.matchAll(/\berror\('([^']+)'/g)].map((m) => m[1]!);
    expect(answered).toEqual(expect.arrayContaining(['UnauthorizedOperation.CdnCamUnauthorized', 'InvalidParameter.CdnParamError']));
    for (const code of answered) expect(Object.keys(TENCENT_CDN_ANSWERABLE)).toContain(code);
  });
});
