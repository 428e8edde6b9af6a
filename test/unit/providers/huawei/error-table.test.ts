/**
 * The Huawei fake answers only error codes Huawei documents (issue 28): each one is in
 * test/fake-cloud/huawei-errors.ts with its source, and the product reads each as its class.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HUAWEI_DATA_CODES, HUAWEI_ERROR_CODES, sourcedCode } from '../../../fake-cloud/huawei-errors';
import { classifyHuaweiError } from '../../../../lib/providers/huawei/errors';
import { IAM_ACTIONS } from '../../../../lib/providers/huawei/capabilities';
import type { HttpResponse } from '../../../../lib/providers/http';

const fakeSource = readFileSync(fileURLToPath(new URL('../../../fake-cloud/huawei.ts', import.meta.url)), 'utf8');
const CODE = /\b(?:APIGW?|DNS|DCS|IAM)\.\d{4}\b/g;

const answer = (status: number, body: unknown): HttpResponse => ({ status, text: JSON.stringify(body), headers: new Headers(), serverTime: undefined });

describe('the Huawei error-code table', () => {
  it('has a source for every code the fake cloud writes', () => {
    const written = [...new Set(fakeSource.match(CODE) ?? [])];
    expect(written.length).toBeGreaterThan(0);
    const sourced = new Set([...HUAWEI_ERROR_CODES.map((c) => c.code), ...HUAWEI_DATA_CODES.map((c) => c.code)]);
    expect(written.filter((code) => !sourced.has(code))).toEqual([]);
    for (const entry of [...HUAWEI_ERROR_CODES, ...HUAWEI_DATA_CODES]) expect(entry.source.trim(), entry.code).not.toBe('');
  });

  it('refuses to answer a code without a source', () => {
    expect(() => sourcedCode('DNS.0004')).toThrow(/no documented source/);
  });

  describe.each(HUAWEI_ERROR_CODES.map((c) => [c.code, c] as const))('%s', (code, entry) => {
    it(`is read as ${entry.cls} whichever body shape carries it`, () => {
      const bodies = code.startsWith('DNS.') ? [{ code, message: entry.message }] : [{ error_code: code, error_msg: entry.message }];
      for (const body of bodies) expect(classifyHuaweiError(answer(entry.httpStatus, body), Date.now())).toMatchObject({ cls: entry.cls, code, httpStatus: entry.httpStatus });
    });
  });

  it('reads a refused permission without a code by its status, naming the action the call needs', () => {
    const err = classifyHuaweiError(answer(403, { error_msg: "Policy doesn't allow dcs:task:list to be performed." }), Date.now(), IAM_ACTIONS.ListDcsTasks);
    expect(err).toMatchObject({ cls: 'permission', action: 'dcs:task:list' });
  });

  it('names an action for every call that needs one', () => {
    expect(IAM_ACTIONS).toEqual({
      ListBatchOperationTasks: 'dns:zone:listPublicZoneBatchOperationRecords',
      ShowBatchOperationTask: 'dns:zone:getPublicZoneBatchOperationResult',
      ListDcsTasks: 'dcs:task:list',
      KeystoneListProjects: 'iam:projects:listProjects',
    });
  });
});
