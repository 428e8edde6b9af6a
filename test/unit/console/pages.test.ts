import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectConsolePage, extractTaskIds } from '../../../lib/console/pages';

describe('detectConsolePage: real console URLs', () => {
  const table: [string, ReturnType<typeof detectConsolePage>][] = [
    ['https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones', { family: 'huawei', page: 'dns-zones', params: { region: 'cn-north-4' } }],
    [
      'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publicRset?zoneid=ff8080827d1f2c3b017d2f0b1e0c0a1b&zonename=example.com.',
      { family: 'huawei', page: 'dns-recordsets', params: { region: 'cn-north-4', zoneId: 'ff8080827d1f2c3b017d2f0b1e0c0a1b', zoneName: 'example.com.' } },
    ],
    ['https://console-intl.huaweicloud.com/dcs/?region=ap-southeast-3#/dcs/manager/cacheList', { family: 'huawei', page: 'dcs', params: { region: 'ap-southeast-3' } }],
    ['https://dns.console.aliyun.com/#/dns/domainList', { family: 'alibaba', page: 'alidns-domains', params: {} }],
    ['https://dns.console.aliyun.com/#/dns/setting/example.com', { family: 'alibaba', page: 'alidns-records', params: { domain: 'example.com' } }],
    ['https://dnsnext.console.aliyun.com/authoritative/domains/example.com', { family: 'alibaba', page: 'alidns-records', params: { domain: 'example.com' } }],
    ['https://dns.console.alibabacloud.com/#/dns/domainList', { family: 'alibaba', page: 'alidns-domains', params: {} }],
    ['https://console.dnspod.cn/dns/list', { family: 'dnspod', page: 'dnspod-domains', params: {} }],
    ['https://console.dnspod.cn/dns/example.com/record', { family: 'dnspod', page: 'dnspod-records', params: { domain: 'example.com' } }],
    ['https://console.cloud.tencent.com/cns/domains', { family: 'dnspod', page: 'dnspod-domains', params: {} }],
    ['https://console.cloud.tencent.com/cns/detail/example.com/records', { family: 'dnspod', page: 'dnspod-records', params: { domain: 'example.com' } }],
    // The international sites: DNSPod's own console (its docs link console.dnspod.com/dns/list) and Tencent Cloud's.
    ['https://console.dnspod.com/dns/list', { family: 'dnspod', page: 'dnspod-domains', params: {} }],
    ['https://console.dnspod.com/dns/example.com/record', { family: 'dnspod', page: 'dnspod-records', params: { domain: 'example.com' } }],
    ['https://console.tencentcloud.com/cns', { family: 'dnspod', page: 'dnspod', params: {} }],
    ['https://console.tencentcloud.com/cns/domains', { family: 'dnspod', page: 'dnspod-domains', params: {} }],
    ['https://console.tencentcloud.com/cns/detail/example.com/records', { family: 'dnspod', page: 'dnspod-records', params: { domain: 'example.com' } }],
    // Look-alikes and other pages never match.
    ['https://console.huaweicloud.com.evil.com/dns/', undefined],
    ['http://console.huaweicloud.com/dns/', undefined],
    ['https://console.huaweicloud.com/ecm/?region=cn-north-4#/ecs/manager/vmList', undefined],
    ['https://console.huaweicloud.com:8443/dns/', undefined],
    ['https://user:pw@console.dnspod.cn/dns/list', undefined],
    ['https://console.cloud.tencent.com/cvm/instance', undefined],
    ['https://console.cloud.tencent.com/cnsfake', undefined],
    // Where the international sites make keys and sub-users.
    ['https://console.tencentcloud.com/cam', undefined],
    ['https://console.tencentcloud.com/cam/capi', undefined],
    ['https://console.dnspod.com/account/token/apikey', undefined],
    ['https://console.tencentcloud.com/cnsfake', undefined],
    ['https://console.dnspod.com.evil.example/dns/list', undefined],
    ['https://evil.example/#https://console.dnspod.cn/dns/list', undefined],
    ['not a url', undefined],
  ];
  for (const [url, expected] of table) it(`${url} → ${expected ? `${expected.family} ${expected.page}` : 'no console'}`, () => expect(detectConsolePage(url)).toEqual(expected));

  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string(), (s) => detectConsolePage(s) === undefined || typeof detectConsolePage(s)?.family === 'string'), { numRuns: 2_000 });
    fc.assert(fc.property(fc.webUrl({ withFragments: true, withQueryParameters: true }), (s) => { detectConsolePage(s); return true; }), { numRuns: 2_000 });
  });
});

describe('extractTaskIds: ids shown after a batch submission', () => {
  it('finds a Huawei task id in an English or Chinese success message', () => {
    expect(extractTaskIds('Batch task submitted. Task ID: 9A186E66977DD48F01977E021C480CAC', 'huawei')).toEqual(['9a186e66977dd48f01977e021c480cac']);
    expect(extractTaskIds('批量任务已提交，任务ID：9a186e66977dd48f01977e021c480cad', 'huawei')).toEqual(['9a186e66977dd48f01977e021c480cad']);
  });
  it('finds numeric Alibaba task ids and DNSPod job ids, once each', () => {
    expect(extractTaskIds('提交成功 任务ID: 1234567 ... TaskId 1234567', 'alibaba')).toEqual(['1234567']);
    expect(extractTaskIds('Job ID: 409752 queued', 'dnspod')).toEqual(['409752']);
  });
  it('ignores numbers that are not labelled as task ids', () => {
    expect(extractTaskIds('You have 1234567 records and 9a186e66977dd48f01977e021c480cac', 'huawei')).toEqual([]);
    expect(extractTaskIds('Order 1234567', 'alibaba')).toEqual([]);
  });
});
