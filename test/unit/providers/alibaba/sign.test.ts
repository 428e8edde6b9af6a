import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { acsDate, signAlibaba } from '../../../../lib/providers/alibaba/sign';
import { sha256Hex } from '../../../../lib/providers/http';

const require = createRequire(import.meta.url);
const OpenApiUtil = require('@alicloud/openapi-util').default;

describe('Alibaba ACS3-HMAC-SHA256 signer', () => {
  it('signs 10,000 random requests byte-identically to @alicloud/openapi-util', async () => {
    const value = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', '~', '*', '+', '%', '/', '=', '&', '中', '😀', '!', "'", '(', '-', '_', '.'), maxLength: 16 });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>,
        fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/), value, { maxKeys: 6 }),
        fc.option(fc.json(), { nil: undefined }),
        fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.stringMatching(/^[0-9a-f]{32}$/),
        async (method, query, body, date, nonce) => {
          const bodyText = body ?? '';
          const signed = await signAlibaba({ method, host: 'alidns.aliyuncs.com', action: 'DescribeBatchResultCount', version: '2015-01-09', query, body: bodyText, date, nonce, accessKeyId: 'LTAI5tKey', accessKeySecret: 's€cret' });
          const headers = {
            host: 'alidns.aliyuncs.com', 'x-acs-action': 'DescribeBatchResultCount', 'x-acs-version': '2015-01-09',
            'x-acs-date': acsDate(date), 'x-acs-signature-nonce': nonce, 'x-acs-content-sha256': await sha256Hex(bodyText),
          };
          const expected = OpenApiUtil.getAuthorization({ pathname: '/', method, query, headers }, 'ACS3-HMAC-SHA256', headers['x-acs-content-sha256'], 'LTAI5tKey', 's€cret');
          expect(signed.headers.Authorization).toBe(expected);
        },
      ),
      { numRuns: 10_000 },
    );
  });
});
