/**
 * The signers' open inputs against the official SDKs: any parameter and header names the public
 * functions accept (names that sort differently by code unit than by locale, names that are
 * prefixes of others, upper-case header names), header values with surrounding whitespace, and
 * the same requests sorted as Firefox sorts. The SDK properties in <provider>/sign.test.ts use
 * the names our clients send; these use everything else.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { signAlibaba } from '../../../lib/providers/alibaba/sign';
import { sdkDate, signHuawei } from '../../../lib/providers/huawei/sign';
import { sha256Hex } from '../../../lib/providers/http';
import { AKSKSigner, sdkSignature } from './huawei/oracle';

const require = createRequire(import.meta.url);
const OpenApiUtil = require('@alicloud/openapi-util').default;

type Comparator = (a: unknown, b: unknown) => number;

const byStringValue: Comparator = (a, b) => {
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * SpiderMonkey's insertion sort (js/src/builtin/Sorting.js): an element moves left past its
 * neighbour only while compare(neighbour, element) > 0. V8's TimSort asks the opposite question
 * (is the result < 0?), so a comparator that is right for one engine can leave Firefox's
 * canonical request unsorted; ECMAScript only promises the same order for a consistent
 * comparator. The extension ships on both engines, the tests run on V8: this plays Firefox.
 */
function firefoxSort(this: unknown[], compare?: Comparator): unknown[] {
  const cmp = compare ?? byStringValue;
  for (let i = 1; i < this.length; i++) {
    const item = this[i];
    let j = i - 1;
    for (; j >= 0 && cmp(this[j], item) > 0; j--) this[j + 1] = this[j];
    this[j + 1] = item;
  }
  return this;
}

/** Runs `sign` once with the engine's own sort and once with Firefox's; both results are returned. */
async function onBothEngines<T>(sign: () => Promise<T>): Promise<[v8: T, firefox: T]> {
  const v8 = await sign();
  const native = Array.prototype.sort;
  Array.prototype.sort = firefoxSort as typeof native;
  try {
    return [v8, await sign()];
  } finally {
    Array.prototype.sort = native;
  }
}

const padded = (core: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.tuple(fc.stringMatching(/^[ \t]{0,2}$/), core, fc.stringMatching(/^[ \t]{0,2}$/)).map(([a, b, c]) => a + b + c);

afterEach(() => {
  vi.useRealTimers();
});

describe('signers: open inputs signed as the official SDKs sign them, on either engine', () => {
  it('a Firefox-style sort really sorts (the stand-in is a sort, not a no-op)', () => {
    const words = ['b', 'a_', 'A', 'a-', 'a', '～', '😀'];
    expect(firefoxSort.call([...words], byStringValue)).toEqual([...words].sort());
    expect(firefoxSort.call([...words])).toEqual([...words].sort());
  });

  it('Alibaba: any unreserved parameter names, padded action/version/nonce, and x-acs-date as the SDK writes it', async () => {
    // The SDK does not escape parameter names: names are unreserved characters, in any case and order.
    const name = fc.string({ unit: fc.constantFrom('a', 'B', 'z', 'Z', '0', '9', '-', '_', '.', '~'), minLength: 1, maxLength: 5 });
    const value = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', '~', '*', '+', '%', '/', '=', '&', '中', '😀', '_', '.'), maxLength: 8 });
    const token = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(name, value, { maxKeys: 6 }),
        padded(token), padded(token), padded(fc.stringMatching(/^[0-9a-f]{32}$/)),
        fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        async (query, action, version, nonce, date) => {
          vi.useFakeTimers({ toFake: ['Date'] });
          vi.setSystemTime(date);
          const timestamp: string = OpenApiUtil.getTimestamp();
          vi.useRealTimers();
          const input = { method: 'POST' as const, host: 'alidns.aliyuncs.com', action, version, query, body: '', date, nonce, accessKeyId: 'LTAI5tKey', accessKeySecret: 's€cret' };
          const bodyHash = await sha256Hex('');
          const headers = { host: input.host, 'x-acs-action': action, 'x-acs-version': version, 'x-acs-date': timestamp, 'x-acs-signature-nonce': nonce, 'x-acs-content-sha256': bodyHash };
          const expected = OpenApiUtil.getAuthorization({ pathname: '/', method: 'POST', query, headers }, 'ACS3-HMAC-SHA256', bodyHash, 'LTAI5tKey', 's€cret');
          const [v8, firefox] = await onBothEngines(() => signAlibaba(input));
          expect(v8.headers['x-acs-date']).toBe(timestamp);
          expect(v8.headers.Authorization).toBe(expected);
          expect(firefox.headers.Authorization).toBe(expected);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('Huawei: any header names in any case, padded values, and query keys that sort differently by code unit than by locale', async () => {
    // Header names as HTTP tokens are written: letters, digits, hyphens; never host or x-sdk-date, which the signer sets.
    const headerName = fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/).filter((n) => !['host', 'x-sdk-date'].includes(n.toLowerCase()));
    const headerValue = padded(fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '=', ';', ':', ',', '/'), maxLength: 10 }));
    const text = fc.string({ unit: fc.constantFrom('a', 'B', 'b', '_', '-', '~', '.', ' ', 'é', 'f', '中', '～', '😀', '%'), maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 4, selector: ([n]) => n.toLowerCase() }),
        fc.array(fc.tuple(text, text), { maxLength: 6 }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        async (headerPairs, query, date) => {
          const headers = Object.fromEntries(headerPairs);
          const input = { method: 'GET', host: 'dns.cn-north-4.myhuaweicloud.com', path: '/v2.1/batch-operation-tasks', query, headers, body: '', date, accessKeyId: 'AK', secretAccessKey: 'S€cret' };
          // The gateway receives what fetch sends: header values without surrounding whitespace.
          const asSent = Object.fromEntries(headerPairs.map(([n, v]) => [n, v.trim()]));
          const expected = sdkSignature({ ...input, headers: asSent, bodyHash: AKSKSigner.EMPTY_BODY_SHA256, date: sdkDate(date), sk: 'S€cret' });
          const [v8, firefox] = await onBothEngines(() => signHuawei(input));
          expect(v8.headers.Authorization).toMatch(new RegExp(`, Signature=${expected}$`));
          expect(firefox.headers.Authorization).toBe(v8.headers.Authorization);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
