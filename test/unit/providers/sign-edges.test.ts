/**
 * Signer edges the SDK properties do not reach (found by mutation testing): a request
 * without query, and Huawei's empty-body hash.
 */
import { describe, expect, it } from 'vitest';
import { signAlibaba } from '../../../lib/providers/alibaba/sign';
import { signHuawei } from '../../../lib/providers/huawei/sign';
import { AKSKSigner } from './huawei/oracle';

describe('signers: requests without query, empty bodies', () => {
  it('Huawei: no "?" without a query, and an empty body is hashed as the empty string is', async () => {
    const signed = await signHuawei({
      method: 'GET', host: 'dns.cn-north-4.myhuaweicloud.com', path: '/v2.1/batch-operation-tasks',
      query: [], body: '', date: new Date(0), accessKeyId: 'AK', secretAccessKey: 'SK',
    });
    expect(signed.url).toBe('https://dns.cn-north-4.myhuaweicloud.com/v2.1/batch-operation-tasks');
    expect(signed.canonicalRequest.split('\n').at(-1)).toBe(AKSKSigner.EMPTY_BODY_SHA256);
  });

  it('Alibaba: a request without query goes to the host\'s root, with no "?"', async () => {
    const signed = await signAlibaba({
      method: 'POST', host: 'alidns.aliyuncs.com', action: 'DescribeBatchResultCount', version: '2015-01-09',
      query: {}, body: '', date: new Date('2023-10-26T10:22:32Z'), nonce: '3156853299f313e23d1673dc12e1703d', accessKeyId: 'LTAI5tKey', accessKeySecret: 's€cret',
    });
    expect(signed.url).toBe('https://alidns.aliyuncs.com/');
  });
});
