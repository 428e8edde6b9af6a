import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { acsDate, signAlibaba } from '../../../../lib/providers/alibaba/sign';
import { sha256Hex } from '../../../../lib/providers/http';

const require = createRequire(import.meta.url);
const OpenApiUtil = require('@alicloud/openapi-util').default;

describe('Alibaba ACS3-HMAC-SHA256 signer', () => {
  it('reproduces the published V3 example (RunInstances on ecs.cn-shanghai)', async () => {
    const signed = await signAlibaba({
      method: 'POST', host: 'ecs.cn-shanghai.aliyuncs.com', action: 'RunInstances', version: '2014-05-26',
      query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
      body: '', date: new Date('2023-10-26T10:22:32Z'), nonce: '3156853299f313e23d1673dc12e1703d',
      accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret',
    });
    expect(await sha256Hex(signed.canonicalRequest)).toBe('7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
    expect(signed.headers.Authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0',
    );
  });

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
