/**
 * Issue 28, finding 1: DNSPod's error codes are the ones Tencent and DNSPod document, each
 * with its source (test/fake-cloud/dnspod-errors.ts), each mapped to an error class; the fake
 * cloud answers no other.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS } from '../../../fake-cloud/dnspod';
import { DNSPOD_API3_ERRORS, DNSPOD_LEGACY_ERRORS, type SourcedCode } from '../../../fake-cloud/dnspod-errors';
import { dnspod, dnspodToken } from '../../../../lib/providers/dnspod/index';
import { API3_COMMON_CODES, api3ErrorClass, DESCRIBE_BATCH_TASK_CODES, LEGACY_CODES, legacyErrorClass } from '../../../../lib/providers/dnspod/errors';
import { ProviderError, type Credentials, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { say } from '../../../../lib/i18n/words';

const api3Cred = (): Credentials => ({ account: { id: 'dp1', provider: 'dnspod', name: 'DP', settings: {} }, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } });
const tokenCred = (): Credentials => ({ account: { id: 'dp2', provider: 'dnspod-token', name: 'DP token', settings: {} }, secrets: { tokenId: DEMO_DNSPOD_KEYS.tokenId, token: DEMO_DNSPOD_KEYS.token } });
const trackedJob = (provider: string, accountId: string): Task => ({ key: `${accountId}:dnspod-batch:409752`, provider, accountId, kind: 'dnspod-batch', providerTaskId: '409752', label: 'job', status: 'running' });

const answering = (body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

const rows = (table: Record<string, SourcedCode>) => Object.entries(table).map(([code, row]) => ({ code, ...row }));

/** The string literals the fake passes to its error helpers: every code it can answer. */
function codesAnsweredBy(file: string, helper: string): string[] {
  const source = readFileSync(new URL(`../../../fake-cloud/${file}`, import.meta.url), 'utf8');
  return [...source.matchAll(new RegExp(`\\b${helper}\\('([^']+)'`, 'g'))].map((m) => m[1]!);
}

describe('DNSPod API 3.0 error codes (DescribeBatchTask)', () => {
  it.each(rows(DNSPOD_API3_ERRORS))('$code → $cls', async ({ code, cls, source }) => {
    expect(source.length).toBeGreaterThan(20);
    expect(api3ErrorClass(code)).toBe(cls);
    // And through the call, as the answer arrives (HTTP 200, Response.Error).
    const err = await failure(dnspod.refresh(api3Cred(), trackedJob('dnspod', 'dp1'), testContext(answering({ Response: { Error: { Code: code, Message: 'm' }, RequestId: 'r' } }))));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ cls, code });
  });

  it('the product maps no code the table does not source, and an undocumented code is never "not found"', () => {
    expect(Object.keys({ ...DESCRIBE_BATCH_TASK_CODES, ...API3_COMMON_CODES }).filter((c) => !(c in DNSPOD_API3_ERRORS))).toEqual([]);
    expect(api3ErrorClass('InvalidParameter.JobNotExist')).toBe('invalid-input');
    expect(api3ErrorClass('ResourceNotFound.Something')).toBe('invalid-input');
    expect(api3ErrorClass('AuthFailure.SomethingNew')).toBe('auth');
    expect(api3ErrorClass('RequestLimitExceeded.SomethingNew')).toBe('throttled');
  });

  it('the fake cloud answers only sourced codes', () => {
    const answered = codesAnsweredBy('dnspod.ts', 'error');
    expect(answered).toContain('InvalidParameter.BatchTaskNotExist');
    expect(answered.filter((c) => !(c in DNSPOD_API3_ERRORS))).toEqual([]);
  });

  it('"Test connection" passes for an account whose cloud answers as Tencent documents: NotBatchTaskOwner or BatchTaskNotExist', async () => {
    // Job ids are one sequence for all accounts: job 1 is somebody else's.
    const owned = createFakeCloud([createDnspodFake({ ...defaultDnspodScenario(), otherAccountsJobs: [1, 2] })]);
    await expect(dnspod.testConnection(api3Cred(), testContext(owned.fetch))).resolves.toBeUndefined();
    const alone = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
    await expect(dnspod.testConnection(api3Cred(), testContext(alone.fetch))).resolves.toBeUndefined();
    expect([...owned.records, ...alone.records].every((r) => r.signatureValid)).toBe(true);
    // A refused key or an illegal request still fails it.
    const refused = createFakeCloud([createDnspodFake({ ...defaultDnspodScenario(), secretKey: 'AnotherSecretKeyEntirely' })]);
    await expect(dnspod.testConnection(api3Cred(), testContext(refused.fetch))).rejects.toMatchObject({ cls: 'auth', code: 'AuthFailure.SignatureFailure' });
    const illegal = answering({ Response: { Error: { Code: 'InvalidParameter.ParamsIllegal', Message: '参数不合法' }, RequestId: 'r' } });
    await expect(dnspod.testConnection(api3Cred(), testContext(illegal))).rejects.toMatchObject({ cls: 'invalid-input' });
  });

  it("a job that has gone is not-found; another account's job says so in words", async () => {
    const fake = createDnspodFake({ ...defaultDnspodScenario(), otherAccountsJobs: [2] });
    const cloud = createFakeCloud([fake]);
    fake.jobs.splice(0, fake.jobs.length);
    await expect(dnspod.refresh(api3Cred(), trackedJob('dnspod', 'dp1'), testContext(cloud.fetch))).rejects.toMatchObject({ cls: 'not-found', code: 'InvalidParameter.BatchTaskNotExist' });
    const err = await failure(dnspod.track!.track(api3Cred(), '2', testContext(cloud.fetch)));
    expect(err).toMatchObject({ cls: 'not-found', code: 'FailedOperation.NotBatchTaskOwner' });
    expect(say(dnspod.describeError(err as ProviderError), 'en')).toMatch(/belongs to another DNSPod account/);
    expect(say(dnspod.describeError(err as ProviderError), 'zh')).toMatch(/属于其他 DNSPod 账号/);
  });
});

describe('DNSPod legacy error codes (Batch.Detail status.code)', () => {
  it.each(rows(DNSPOD_LEGACY_ERRORS))('$code → $cls', async ({ code, cls, source }) => {
    expect(source.length).toBeGreaterThan(20);
    expect(legacyErrorClass(code)).toBe(cls);
    const err = await failure(dnspodToken.refresh(tokenCred(), trackedJob('dnspod-token', 'dp2'), testContext(answering({ status: { code, message: 'm', created_at: '2026-01-01 08:00:00' } }))));
    expect(err).toMatchObject({ cls, code });
  });

  it('the product maps no code the table does not source; the fake answers only sourced codes', () => {
    expect(Object.keys(LEGACY_CODES).filter((c) => !(c in DNSPOD_LEGACY_ERRORS))).toEqual([]);
    const answered = codesAnsweredBy('dnspod.ts', 'status');
    expect(answered).toContain('8');
    expect(answered.filter((c) => c !== '1' && !(c in DNSPOD_LEGACY_ERRORS))).toEqual([]);
  });

  it('"Test connection" reads code 8 (no such job) as keys that work', async () => {
    const cloud = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
    await expect(dnspodToken.testConnection(tokenCred(), testContext(cloud.fetch))).resolves.toBeUndefined();
  });
});
