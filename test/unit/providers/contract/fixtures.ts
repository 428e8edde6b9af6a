/**
 * What the provider contract suite needs to know about each provider that the Provider
 * interface cannot tell it: the official signer (the oracle), the fake cloud that speaks the
 * provider's documented API, a task that exists there, and the console hosts. Keyed by
 * provider id; the suite fails if a registered provider has no entry here.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { createRequire } from 'node:module';
import { createHuaweiFake, defaultHuaweiScenario, DEMO_HUAWEI_KEYS } from '../../../fake-cloud/huawei';
import { createAlibabaFake, defaultAlibabaScenario, DEMO_ALIBABA_KEYS } from '../../../fake-cloud/alibaba';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS } from '../../../fake-cloud/dnspod';
import { createAlibabaCdnFake, defaultAlibabaCdnScenario } from '../../../fake-cloud/alibaba-cdn';
import { createTencentCdnFake, defaultTencentCdnScenario } from '../../../fake-cloud/tencent-cdn';
import { createHuaweiCdnFake, defaultHuaweiCdnScenario } from '../../../fake-cloud/huawei-cdn';
import type { FakeProviderCloud } from '../../../fake-cloud/index';
import type { Credentials, Provider, ProviderContext, Task } from '../../../../lib/providers/types';
import { signHuawei, sdkDate } from '../../../../lib/providers/huawei/sign';
import { acsDate, signAlibaba } from '../../../../lib/providers/alibaba/sign';
import { signTc3 } from '../../../../lib/providers/dnspod/sign';
import { sha256Hex } from '../../../../lib/providers/http';
import { AKSKSigner, sdkSignature } from '../huawei/oracle';

const require = createRequire(import.meta.url);
const OpenApiUtil = require('@alicloud/openapi-util').default;
const Tc3 = require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign').default;

export type Forced = 'throttled' | 'malformed' | 'server';

export interface ContractFixture {
  /** Reproduces the provider's published signing example; undefined for a provider that sends a token, not a signature. */
  publishedVector?: () => Promise<void>;
  /** One random request signed by us and by the official signer; asserts they agree. */
  randomSignatures?: (numRuns: number) => Promise<void>;
  /** Why a provider has no signer (a stated reason, never a silent gap). */
  unsigned?: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
  /** The secret field whose wrong value the fake refuses as an authentication failure. */
  wrongSecret: Record<string, string>;
  fake(): FakeProviderCloud & { forceNext(answer: Forced): void };
  /** A task the fake knows, as the engine would first obtain it (discover or track). */
  firstTask(provider: Provider, cred: Credentials, ctx: ProviderContext): Promise<Task>;
  /** The failed-items request asks for the provider's documented maximum page size. */
  maxPageSize?: RegExp;
  consoleHosts: readonly string[];
  /** For providers with Track: an id of the documented shape. */
  validTrackId?: string;
}

/** Runs a property comparing our signer with the official one. */
const oracle = <Ts extends unknown[]>(property: () => fc.IAsyncPropertyWithHooks<Ts>) => (numRuns: number): Promise<void> => fc.assert(property(), { numRuns });

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '~', '*', '+', '%', '-', '_', '.', '/', '=', '&', '中', '😀', '!', "'"), maxLength: 12 });

const discoverFirst = async (provider: Provider, cred: Credentials, ctx: ProviderContext): Promise<Task> => {
  const tasks = await provider.discover(cred, ctx);
  // The task with failures: the one that exercises failedItems.
  const task = tasks.find((t) => (t.failed ?? 0) > 0) ?? tasks[0];
  expect(task, 'the fake scenario has a task').toBeDefined();
  return task!;
};

const providerFixtures: Readonly<Record<string, ContractFixture>> = {
  huawei: {
    async publishedVector() {
      const { sha256Hex: hex, hmac, toHex } = await import('../../../../lib/providers/http');
      const { canonicalQuery, canonicalUri } = await import('../../../../lib/providers/huawei/sign');
      const canonical = ['GET', canonicalUri('/path'), canonicalQuery([['limit', '1']]), 'x-sdk-date:20060102T150405Z\n', 'x-sdk-date', AKSKSigner.EMPTY_BODY_SHA256].join('\n');
      expect(toHex(await hmac('SHA-256', 'SecretKey', `SDK-HMAC-SHA256\n20060102T150405Z\n${await hex(canonical)}`))).toBe('5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
    },
    randomSignatures: oracle(() =>
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST'), fc.array(text.filter((s) => !s.includes('/')), { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(text, text), { maxLength: 4 }), fc.option(fc.json(), { nil: undefined }),
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
        async (method, segments, query, body, date) => {
          const path = `/${segments.join('/')}`;
          const bodyText = method === 'GET' || body === undefined ? '' : body;
          const signed = await signHuawei({ method, host: 'dns.cn-north-4.myhuaweicloud.com', path, query, body: bodyText, date, accessKeyId: 'AK', secretAccessKey: 'S€cret' });
          const expected = sdkSignature({ method, host: 'dns.cn-north-4.myhuaweicloud.com', path, query, bodyHash: bodyText === '' ? AKSKSigner.EMPTY_BODY_SHA256 : AKSKSigner.Hex(bodyText), date: sdkDate(date), sk: 'S€cret' });
          expect(/Signature=([0-9a-f]{64})$/.exec(signed.headers.Authorization ?? '')?.[1]).toBe(expected);
        },
      )),
    settings: { region: 'cn-north-4' },
    secrets: { ...DEMO_HUAWEI_KEYS },
    wrongSecret: { secretAccessKey: 'CanarySecretKeyCanarySecretKey00' },
    fake: () => createHuaweiFake(defaultHuaweiScenario()),
    firstTask: discoverFirst,
    maxPageSize: /error_item_limit=500\b/,
    consoleHosts: ['console.huaweicloud.com', 'console-intl.huaweicloud.com'],
    validTrackId: '9a186e66977dd48f01977e021c480cac',
  },
  alibaba: {
    async publishedVector() {
      const signed = await signAlibaba({
        method: 'POST', host: 'ecs.cn-shanghai.aliyuncs.com', action: 'RunInstances', version: '2014-05-26',
        query: { ImageId: 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd', RegionId: 'cn-shanghai' },
        body: '', date: new Date('2023-10-26T10:22:32Z'), nonce: '3156853299f313e23d1673dc12e1703d', accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret',
      });
      // The example publishes the canonical request's hash too: a wrong one names the step that broke.
      expect(await sha256Hex(signed.canonicalRequest)).toBe('7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259');
      expect(signed.headers.Authorization).toBe('ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0');
    },
    randomSignatures: oracle(() =>
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST') as fc.Arbitrary<'GET' | 'POST'>, fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/), text, { maxKeys: 5 }), fc.option(fc.json(), { nil: undefined }),
        fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }), fc.stringMatching(/^[0-9a-f]{32}$/),
        async (method, query, body, date, nonce) => {
          const bodyText = body ?? '';
          const signed = await signAlibaba({ method, host: 'alidns.aliyuncs.com', action: 'DescribeBatchResultCount', version: '2015-01-09', query, body: bodyText, date, nonce, accessKeyId: 'LTAI5tKey', accessKeySecret: 's€cret' });
          const headers = { host: 'alidns.aliyuncs.com', 'x-acs-action': 'DescribeBatchResultCount', 'x-acs-version': '2015-01-09', 'x-acs-date': acsDate(date), 'x-acs-signature-nonce': nonce, 'x-acs-content-sha256': await sha256Hex(bodyText) };
          expect(signed.headers.Authorization).toBe(OpenApiUtil.getAuthorization({ pathname: '/', method, query, headers }, 'ACS3-HMAC-SHA256', headers['x-acs-content-sha256'], 'LTAI5tKey', 's€cret'));
        },
      )),
    settings: {},
    secrets: { ...DEMO_ALIBABA_KEYS },
    wrongSecret: { secretAccessKey: 'CanarySecretKeyCanarySecretKey00' },
    fake: () => createAlibabaFake(defaultAlibabaScenario()),
    firstTask: async (provider, cred, ctx) => {
      let task = await discoverFirst(provider, cred, ctx);
      // The running task becomes partial after refreshes: the one with failed items.
      const running = (await provider.discover(cred, ctx)).find((t) => t.status === 'running');
      if (running) task = running;
      return task;
    },
    maxPageSize: /PageSize=100\b/,
    consoleHosts: ['dns.console.aliyun.com', 'dns.console.alibabacloud.com'],
    validTrackId: '1234567',
  },
  // A task source runs through the same suite as a provider of its calls alone (lib/providers/index.ts sourceProviders).
  'alibaba-cdn': {
    // The same signer as Alidns: its published vector, and random CDN requests against the SDK's getAuthorization.
    publishedVector: () => contractFixtures.alibaba!.publishedVector!(),
    randomSignatures: oracle(() =>
      fc.asyncProperty(
        fc.dictionary(fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,11}$/), text, { maxKeys: 5 }), fc.constantFrom('cdn.aliyuncs.com', 'cdn.ap-southeast-1.aliyuncs.com'),
        fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2099-01-01T00:00:00Z'), noInvalidDate: true }), fc.stringMatching(/^[0-9a-f]{32}$/),
        async (query, host, date, nonce) => {
          const signed = await signAlibaba({ method: 'POST', host, action: 'DescribeRefreshTasks', version: '2018-05-10', query, body: '', date, nonce, accessKeyId: 'LTAI5tKey', accessKeySecret: 's€cret' });
          const headers = { host, 'x-acs-action': 'DescribeRefreshTasks', 'x-acs-version': '2018-05-10', 'x-acs-date': acsDate(date), 'x-acs-signature-nonce': nonce, 'x-acs-content-sha256': await sha256Hex('') };
          expect(signed.headers.Authorization).toBe(OpenApiUtil.getAuthorization({ pathname: '/', method: 'POST', query, headers }, 'ACS3-HMAC-SHA256', headers['x-acs-content-sha256'], 'LTAI5tKey', 's€cret'));
        },
      )),
    settings: {},
    secrets: { ...DEMO_ALIBABA_KEYS },
    wrongSecret: { secretAccessKey: 'CanarySecretKeyCanarySecretKey00' },
    fake: () => createAlibabaCdnFake(defaultAlibabaCdnScenario()),
    // The URL refresh: the one with failed URLs.
    firstTask: async (provider, cred, ctx) => {
      const task = (await provider.discover(cred, ctx)).find((t) => t.kind === 'cdn-refresh-url');
      expect(task, 'the fake scenario has a URL refresh').toBeDefined();
      return task!;
    },
    maxPageSize: /PageSize=100\b/,
    consoleHosts: ['cdn.console.aliyun.com', 'cdn.console.alibabacloud.com'],
  },
  dnspod: {
    async publishedVector() {
      const signed = await signTc3({
        host: 'cvm.tencentcloudapi.com', service: 'cvm', action: 'DescribeInstances', version: '2017-03-12',
        body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
        timestamp: 1551113065, secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', contentType: 'application/json; charset=utf-8',
      });
      expect(signed.authorization).toBe('TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    },
    randomSignatures: oracle(() =>
      fc.asyncProperty(fc.json(), fc.integer({ min: 946_684_800, max: 4_102_444_800 }), fc.constantFrom('dnspod.tencentcloudapi.com', 'dnspod.intl.tencentcloudapi.com'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), async (body, timestamp, host, secretKey) => {
        const ours = await signTc3({ host, service: 'dnspod', action: 'DescribeBatchTask', version: '2021-03-23', body, timestamp, secretId: 'AKIDexample', secretKey });
        expect(ours.authorization).toBe(Tc3.sign3({ method: 'POST', url: `https://${host}/`, payload: Buffer.from(body), timestamp, service: 'dnspod', secretId: 'AKIDexample', secretKey, headers: { 'Content-Type': 'application/json' } }));
      })),
    settings: {},
    secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey },
    wrongSecret: { secretKey: 'CanarySecretKeyCanarySecretKey00' },
    fake: () => createDnspodFake(defaultDnspodScenario()),
    firstTask: (provider, cred, ctx) => provider.track!.track(cred, '409752', ctx),
    consoleHosts: ['console.dnspod.cn', 'console.dnspod.com', 'console.cloud.tencent.com', 'console.tencentcloud.com'],
    validTrackId: '409752',
  },
  'dnspod-token': {
    unsigned: 'the legacy API authenticates with login_token in the form body; there is no signature to compare',
    settings: {},
    secrets: { tokenId: DEMO_DNSPOD_KEYS.tokenId, token: DEMO_DNSPOD_KEYS.token },
    wrongSecret: { token: '0000000000000000canary0000000000' },
    fake: () => createDnspodFake(defaultDnspodScenario()),
    firstTask: (provider, cred, ctx) => provider.track!.track(cred, '409752', ctx),
    consoleHosts: ['console.dnspod.cn', 'console.dnspod.com', 'console.cloud.tencent.com', 'console.tencentcloud.com'],
    validTrackId: '409752',
  },
};

const TENCENT_KEYS = { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey };

/** The task sources, each as a provider of its calls alone (lib/providers/index.ts sourceProviders). */
const sourceFixtures: Readonly<Record<string, ContractFixture>> = {
  'tencent-cdn': {
    publishedVector: providerFixtures.dnspod!.publishedVector!,
    randomSignatures: oracle(() =>
      fc.asyncProperty(fc.json(), fc.integer({ min: 946_684_800, max: 4_102_444_800 }), fc.constantFrom('cdn.tencentcloudapi.com', 'cdn.intl.tencentcloudapi.com'), fc.constantFrom('DescribePurgeTasks', 'DescribePushTasks'), async (body, timestamp, host, action) => {
        const ours = await signTc3({ host, service: 'cdn', action, version: '2018-06-06', body, timestamp, secretId: 'AKIDexample', secretKey: 's€cret' });
        expect(ours.authorization).toBe(Tc3.sign3({ method: 'POST', url: `https://${host}/`, payload: Buffer.from(body), timestamp, service: 'cdn', secretId: 'AKIDexample', secretKey: 's€cret', headers: { 'Content-Type': 'application/json' } }));
      })),
    settings: {},
    secrets: TENCENT_KEYS,
    wrongSecret: { secretKey: 'CanarySecretKeyCanarySecretKey00' },
    fake: () => createTencentCdnFake(defaultTencentCdnScenario(TENCENT_KEYS)),
    firstTask: discoverFirst,
    consoleHosts: ['console.cloud.tencent.com', 'console.tencentcloud.com'],
  },
  'huawei-cdn': {
    publishedVector: providerFixtures.huawei!.publishedVector!,
    randomSignatures: providerFixtures.huawei!.randomSignatures!,
    settings: {},
    secrets: { ...DEMO_HUAWEI_KEYS },
    wrongSecret: { secretAccessKey: 'CanarySecretKeyCanarySecretKey00' },
    fake: () => createHuaweiCdnFake(defaultHuaweiCdnScenario(DEMO_HUAWEI_KEYS)),
    firstTask: discoverFirst,
    maxPageSize: /page_size=1000\b/,
    consoleHosts: ['console.huaweicloud.com', 'console-intl.huaweicloud.com'],
  },
};

export const contractFixtures: Readonly<Record<string, ContractFixture>> = { ...providerFixtures, ...sourceFixtures };
