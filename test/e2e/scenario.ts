/**
 * The fake-cloud scenario and console pages shared by the e2e tests and `npm run demo`.
 */
import { createFakeCloud, type FakeCloud } from '../fake-cloud/index';
import { createHuaweiFake, defaultHuaweiScenario, DEMO_HUAWEI_KEYS, type HuaweiFake } from '../fake-cloud/huawei';
import { createAlibabaFake, defaultAlibabaScenario, DEMO_ALIBABA_KEYS, type AlibabaFake } from '../fake-cloud/alibaba';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS, type DnspodFake } from '../fake-cloud/dnspod';
import { createTencentCdnFake, defaultTencentCdnScenario, type TencentCdnFake } from '../fake-cloud/tencent-cdn';
import { createHuaweiCdnFake, defaultHuaweiCdnScenario, type HuaweiCdnFake } from '../fake-cloud/huawei-cdn';

export interface DemoCloud extends FakeCloud {
  huawei: HuaweiFake;
  alibaba: AlibabaFake;
  dnspod: DnspodFake;
  tencentCdn: TencentCdnFake;
  huaweiCdn: HuaweiCdnFake;
}

export function demoCloud(): DemoCloud {
  const huawei = createHuaweiFake(defaultHuaweiScenario());
  const alibaba = createAlibabaFake(defaultAlibabaScenario());
  // The legacy API refuses a request without the program's User-Agent, as the real one does:
  // dnsapi.cn is served from a real loopback server (harness LOOPBACK_HOSTS), which sees the
  // header the extension's declarativeNetRequest rule set.
  const dnspod = createDnspodFake(defaultDnspodScenario());
  // CDN answers only accounts that turned CDN tasks on, with the same keys as their DNS accounts.
  const tencentCdn = createTencentCdnFake(defaultTencentCdnScenario({ secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey }));
  const huaweiCdn = createHuaweiCdnFake(defaultHuaweiCdnScenario(DEMO_HUAWEI_KEYS));
  return Object.assign(createFakeCloud([huawei, alibaba, dnspod, tencentCdn, huaweiCdn]), { huawei, alibaba, dnspod, tencentCdn, huaweiCdn });
}

export const DEMO_ACCOUNTS = [
  {
    provider: 'huawei',
    name: 'Huawei — production',
    settings: { region: 'cn-north-4', projectId: '' },
    secrets: { ...DEMO_HUAWEI_KEYS },
  },
  {
    provider: 'alibaba',
    name: 'Alibaba — dns-ops',
    settings: { endpoint: 'alidns.aliyuncs.com' },
    secrets: { ...DEMO_ALIBABA_KEYS },
  },
  {
    provider: 'dnspod',
    name: 'DNSPod — 运维',
    settings: { site: 'dnspod.tencentcloudapi.com' },
    secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey },
  },
];

/** Jobs the demo tracks by id (DNSPod has no list call). */
export const DEMO_TRACKED = [{ accountName: 'DNSPod — 运维', taskId: '409752' }, { accountName: 'DNSPod — 运维', taskId: '409753' }];

/** Small stand-ins for the real consoles: the content scripts inject into them as into the real ones. */
export const consolePage = (title: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><div id="app"><h1>${title}</h1><p>Batch operations</p></div></body></html>`;

export const DEMO_CONSOLE_PAGES: Record<string, string> = {
  'https://console.huaweicloud.com/**': consolePage('Huawei Cloud DNS console (fake)'),
  'https://console-intl.huaweicloud.com/**': consolePage('Huawei Cloud DNS console, international (fake)'),
  'https://console.cloud.tencent.com/cdn/**': consolePage('Tencent Cloud CDN refresh and preload history (fake)'),
  'https://console.tencentcloud.com/cdn/**': consolePage('Tencent Cloud CDN refresh and preload history, international (fake)'),
};
