/**
 * Temporary keys: each signer with a security token against the official SDK signing the same
 * request with the same token, byte for byte, and the token where each SDK puts it:
 * - Huawei: huaweicloud-sdk-core's credentials add X-Security-Token, and AKSKSigner signs it;
 * - Alibaba: openapi-core's doRequest (the V3 path our RPC-style calls take) adds
 *   x-acs-accesskey-id and x-acs-security-token, and getAuthorization signs every x-acs-* header;
 * - Tencent: the SDK's HttpConnection sends X-TC-Token, and TC3 signs content-type and host only.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { acsDate, signAlibaba } from '../../../lib/providers/alibaba/sign';
import { sdkDate, signHuawei } from '../../../lib/providers/huawei/sign';
import { signTc3 } from '../../../lib/providers/dnspod/sign';
import { sha256Hex } from '../../../lib/providers/http';

const require = createRequire(import.meta.url);
const OpenApiUtil = require('@alicloud/openapi-util').default;
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials');
const { HttpRequestBuilder } = require('@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');

/** STS tokens are long base64-ish strings (Alibaba's start with CAIS, Huawei's with gQ). */
const token = fc.stringMatching(/^[A-Za-z0-9+/=_-]{16,400}$/);

describe('signers with a security token, as the official SDKs sign them', () => {
  it('Huawei: X-Security-Token is sent and signed exactly as the SDK credentials and AKSKSigner do', async () => {
    await fc.assert(
      fc.asyncProperty(
        token,
        fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9 -]{0,8}$/)), { maxLength: 4 }),
        fc.boolean(),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        async (securityToken, query, withProject, date) => {
          const host = 'dns.cn-north-4.myhuaweicloud.com';
          const path = '/v2.1/batch-operation-tasks';
          const headers: Record<string, string> = withProject ? { 'X-Project-Id': '0123456789abcdef0123456789abcdef' } : {};
          const ours = await signHuawei({ method: 'GET', host, path, query, headers, body: '', date, accessKeyId: 'HPUATEMPKEY', secretAccessKey: 'S€cret', securityToken });
          // The SDK: the credentials put the token in the request, then AKSKSigner signs every header.
          const cred = new BasicCredentials().withAk('HPUATEMPKEY').withSk('S€cret').withSecurityToken(securityToken);
          const builder = new HttpRequestBuilder();
          cred.addAuthHeaders(builder);
          for (const [n, v] of Object.entries(headers)) builder.addHeaders(n, v);
          builder.addHeaders('X-Sdk-Date', sdkDate(date));
          const request = builder.withEndpoint(`https://${host}${path}`).withMethod('GET').build();
          const queryParams: Record<string, string | string[]> = {};
          for (const [k, v] of query) {
            const had = queryParams[k];
            queryParams[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
          }
          const sdk = AKSKSigner.sign({ ...request, queryParams }, cred);
          expect(sdk['X-Security-Token']).toBe(securityToken);
          expect(ours.headers['X-Security-Token']).toBe(securityToken);
          expect(ours.headers.Authorization).toBe(sdk.Authorization);
          expect(ours.headers.Authorization).toContain('x-security-token');
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('Alibaba: the token goes where openapi-core\'s V3 path puts it (x-acs-security-token, with x-acs-accesskey-id)', () => {
    // The Alidns client's own runtime (a dependency of @alicloud/alidns20150109, found beside it).
    const alidns = dirname(require.resolve('@alicloud/alidns20150109'));
    const core = readFileSync(join(alidns, '..', '..', 'openapi-core', 'dist', 'client.js'), 'utf8');
    const doRequest = core.slice(core.indexOf('async doRequest('), core.indexOf('async execute('));
    expect(doRequest).toContain('request_.headers["x-acs-accesskey-id"] = accessKeyId;');
    expect(doRequest).toContain('request_.headers["x-acs-security-token"] = securityToken;');
  });

  it('Alibaba: ACS3 with a token signs byte-identically to @alicloud/openapi-util over the SDK\'s headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        token,
        fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z]{0,9}$/), fc.stringMatching(/^[A-Za-z0-9 _~*%+-]{0,10}$/), { maxKeys: 5 }),
        fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.stringMatching(/^[0-9a-f]{32}$/),
        async (securityToken, query, date, nonce) => {
          const signed = await signAlibaba({ method: 'POST', host: 'alidns.aliyuncs.com', action: 'DescribeBatchResultCount', version: '2015-01-09', query, body: '', date, nonce, accessKeyId: 'STS.NTempKey', accessKeySecret: 's€cret', securityToken });
          const headers = {
            host: 'alidns.aliyuncs.com', 'x-acs-action': 'DescribeBatchResultCount', 'x-acs-version': '2015-01-09',
            'x-acs-date': acsDate(date), 'x-acs-signature-nonce': nonce, 'x-acs-content-sha256': await sha256Hex(''),
            'x-acs-accesskey-id': 'STS.NTempKey', 'x-acs-security-token': securityToken,
          };
          const expected = OpenApiUtil.getAuthorization({ pathname: '/', method: 'POST', query, headers }, 'ACS3-HMAC-SHA256', headers['x-acs-content-sha256'], 'STS.NTempKey', 's€cret');
          expect(signed.headers['x-acs-security-token']).toBe(securityToken);
          expect(signed.headers['x-acs-accesskey-id']).toBe('STS.NTempKey');
          expect(signed.headers.Authorization).toBe(expected);
          expect(signed.headers.Authorization).toContain('x-acs-security-token');
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('Tencent: X-TC-Token is sent, not signed, and the request matches the SDK\'s own HttpConnection', async () => {
    const fetchModule = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/http/fetch');
    const { HttpConnection } = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/http/http_connection');
    const realFetch = fetchModule.default;
    try {
      await fc.assert(
        fc.asyncProperty(token, fc.integer({ min: 1, max: 2 ** 31 }), fc.constantFrom('dnspod.tencentcloudapi.com', 'dnspod.intl.tencentcloudapi.com'), async (securityToken, jobId, host) => {
          let sent: { headers: Record<string, string | number | undefined>; body: string } | undefined;
          // The SDK's own request, caught before it would leave (no test reaches the internet).
          fetchModule.default = async (_url: string, config: { headers: Record<string, string | number | undefined>; body: string }) => {
            sent = config;
            throw new Error('caught');
          };
          const body = `{"JobId":${jobId}}`;
          await HttpConnection.doRequestWithSign3({ method: 'POST', url: `https://${host}/`, data: { JobId: jobId }, service: 'dnspod', action: 'DescribeBatchTask', version: '2021-03-23', secretId: 'AKIDtemp', secretKey: 'k€y', token: securityToken }).catch(() => undefined);
          expect(sent?.headers['X-TC-Token']).toBe(securityToken);
          const timestamp = Number(sent!.headers['X-TC-Timestamp']);
          const ours = await signTc3({ host, service: 'dnspod', action: 'DescribeBatchTask', version: '2021-03-23', body: sent!.body, timestamp, secretId: 'AKIDtemp', secretKey: 'k€y', token: securityToken });
          expect(ours.headers['X-TC-Token']).toBe(securityToken);
          expect(ours.authorization).toBe(sent!.headers.Authorization);
          expect(ours.authorization).toContain('SignedHeaders=content-type;host,');
          // The signature does not depend on the token: TC3 leaves it unsigned.
          const other = await signTc3({ host, service: 'dnspod', action: 'DescribeBatchTask', version: '2021-03-23', body, timestamp, secretId: 'AKIDtemp', secretKey: 'k€y' });
          const withToken = await signTc3({ host, service: 'dnspod', action: 'DescribeBatchTask', version: '2021-03-23', body, timestamp, secretId: 'AKIDtemp', secretKey: 'k€y', token: securityToken });
          expect(withToken.authorization).toBe(other.authorization);
        }),
        { numRuns: 300 },
      );
    } finally {
      fetchModule.default = realFetch;
    }
  });
});
