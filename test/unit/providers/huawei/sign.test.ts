import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { signHuawei, sdkDate } from '../../../../lib/providers/huawei/sign';
import { AKSKSigner, sdkSignature } from './oracle';

const signatureOf = (authorization: string | undefined): string => /Signature=([0-9a-f]{64})$/.exec(authorization ?? '')?.[1] ?? '';

describe('Huawei SDK-HMAC-SHA256 signer', () => {
  it('formats X-Sdk-Date as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(sdkDate(new Date(Date.UTC(2006, 0, 2, 15, 4, 5, 999)))).toBe('20060102T150405Z');
  });

  it('sends the query exactly as canonicalised: spaces as %20, never +', async () => {
    const signed = await signHuawei({
      method: 'GET', host: 'dns.cn-north-4.myhuaweicloud.com', path: '/v2.1/batch-operation-tasks',
      query: [['name', 'a b+c'], ['limit', '500']], body: '', date: new Date(0), accessKeyId: 'AK', secretAccessKey: 'SK',
    });
    expect(signed.url).toBe('https://dns.cn-north-4.myhuaweicloud.com/v2.1/batch-operation-tasks?limit=500&name=a%20b%2Bc');
    expect(signed.headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
  });

  it('signs 10,000 random requests byte-identically to the official SDK signer', async () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '~', '*', '+', '%', '-', '_', '.', '/', '=', '&', '中', 'é', '😀', '!', "'") , maxLength: 12 });
    const segment = text.filter((s) => !s.includes('/'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(text, text), { maxLength: 5 }),
        fc.option(fc.json(), { nil: undefined }),
        fc.boolean(),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        async (method, segments, query, body, withProject, date) => {
          const path = `/${segments.join('/')}`;
          const headers: Record<string, string> = withProject ? { 'x-project-id': '0123456789abcdef0123456789abcdef' } : {};
          const bodyText = method === 'GET' || body === undefined ? '' : body;
          const signed = await signHuawei({ method, host: 'dns.cn-north-4.myhuaweicloud.com', path, query, headers, body: bodyText, date, accessKeyId: 'AK', secretAccessKey: 'S€cret' });
          const expected = sdkSignature({
            method, host: 'dns.cn-north-4.myhuaweicloud.com', path, query, headers,
            bodyHash: bodyText === '' ? AKSKSigner.EMPTY_BODY_SHA256 : AKSKSigner.Hex(bodyText), date: sdkDate(date), sk: 'S€cret',
          });
          expect(signatureOf(signed.headers.Authorization)).toBe(expected);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('a tampered secret gives a different signature (the check can fail)', async () => {
    const base = { method: 'GET', host: 'h', path: '/p', query: [] as [string, string][], body: '', date: new Date(0), accessKeyId: 'AK' };
    const a = await signHuawei({ ...base, secretAccessKey: 'one' });
    const b = await signHuawei({ ...base, secretAccessKey: 'two' });
    expect(signatureOf(a.headers.Authorization)).not.toBe(signatureOf(b.headers.Authorization));
  });
});
