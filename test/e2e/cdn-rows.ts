/**
 * The three CDN task sources as the end-to-end tests see them, one row per cloud: the account
 * that turns CDN tasks on, the fake cloud (the account's provider with no task of its own, and
 * the source's CDN fake, shaped from the SDK models, with a URL refresh of which some URLs fail
 * and a preload that succeeds), and the cloud's CDN console page with the words the popup and the
 * panel show. Both tasks run until a test finishes them, so the badge can be read while they
 * run. Chromium (cdn.e2e.ts) and Firefox (firefox.e2e.ts) read the same rows.
 */
import { createFakeCloud, type FakeCloud, type FakeProviderCloud } from '../fake-cloud/index';
import { createAlibabaFake, DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';
import { createAlibabaCdnFake, defaultAlibabaCdnScenario } from '../fake-cloud/alibaba-cdn';
import { createDnspodFake, DEMO_DNSPOD_KEYS } from '../fake-cloud/dnspod';
import { createTencentCdnFake, DEMO_TENCENT_CDN_TASK_IDS, type FakeTencentCdnTask } from '../fake-cloud/tencent-cdn';
import { createHuaweiFake, DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';
import { createHuaweiCdnFake, DEMO_HUAWEI_CDN_TASK_IDS, type FakeHuaweiCdnTask } from '../fake-cloud/huawei-cdn';

/** An account as the options page saves it (the saveAccount message's fields). */
export interface SavedAccount {
  provider: string;
  name: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
}

/** A task that runs until `finish`: after that, the next answer that names it has it finished. */
interface Finishable {
  finishAfterPolls?: number;
}
const RUNNING = 1_000_000;
const runUntilTold = <T extends Finishable>(task: T): T => Object.assign(task, { finishAfterPolls: RUNNING });
const finish = (task: Finishable | undefined): void => {
  if (task) task.finishAfterPolls = 0;
};

export interface CdnCloud {
  cloud: FakeCloud;
  /** The provider name the CDN fake's requests are recorded under. */
  cdnFake: string;
  finishRefresh(): void;
  finishPreload(): void;
}

export interface CdnRow {
  /** The cloud, as a test's title names it. */
  cloud: string;
  source: 'alibaba-cdn' | 'tencent-cdn' | 'huawei-cdn';
  account: SavedAccount;
  fakes(): CdnCloud;
  /** The CDN calls each cycle makes (each must have been made, signed as the SDK signs). */
  calls: string[];
  /** The cloud's refresh and preload history page; its host is what the Firefox proxy serves it on. */
  consoleUrl: string;
  /** The glob Chromium serves that page on. */
  consoleGlob: string;
  /**
   * The account's other API hosts that its manifest grants only under a wildcard, which the
   * Firefox proxy must be told (it proxies the exactly named ones, the CDN API hosts among them).
   */
  wildcardHosts: string[];
  refresh: { kind: string; label: string; failedUrls: string[]; reason: string };
  preload: { kind: string; label: string };
}

const withSource = (account: SavedAccount, setting: string): SavedAccount => ({ ...account, settings: { ...account.settings, [setting]: 'on' } });
const cloudOf = (fakes: FakeProviderCloud[]): FakeCloud => createFakeCloud(fakes);

export const CDN_ROWS: CdnRow[] = [
  {
    cloud: 'Alibaba Cloud',
    source: 'alibaba-cdn',
    account: withSource({ provider: 'alibaba', name: 'Alibaba — cdn-ops', settings: { endpoint: 'alidns.aliyuncs.com' }, secrets: { ...DEMO_ALIBABA_KEYS } }, 'watch-alibaba-cdn'),
    fakes() {
      // DescribeRefreshTasks rows: a file refresh, three of its five URLs Failed (with Description), and a preload.
      const cdn = createAlibabaCdnFake(defaultAlibabaCdnScenario());
      cdn.tasks.forEach(runUntilTold);
      const dns = createAlibabaFake({ accessKeyId: DEMO_ALIBABA_KEYS.accessKeyId, accessKeySecret: DEMO_ALIBABA_KEYS.secretAccessKey, tasks: [] });
      return {
        cloud: cloudOf([dns, cdn]),
        cdnFake: cdn.provider,
        finishRefresh: () => finish(cdn.tasks.find((t) => t.ObjectType === 'file')),
        finishPreload: () => finish(cdn.tasks.find((t) => t.ObjectType === 'preload')),
      };
    },
    calls: ['DescribeRefreshTasks'],
    consoleUrl: 'https://cdn.console.aliyun.com/refresh/cache',
    consoleGlob: 'https://cdn.console.aliyun.com/**',
    wildcardHosts: [],
    refresh: { kind: 'Refresh URLs', label: 'https://static.example.com/app.js +4', failedUrls: ['https://static.example.com/logo.png', 'https://static.example.com/hero.jpg', 'https://static.example.com/old.html'], reason: 'OriginTimeout' },
    preload: { kind: 'Preload', label: 'https://static.example.com/video.mp4 +1' },
  },
  {
    cloud: 'Tencent Cloud',
    source: 'tencent-cdn',
    // A Tencent Cloud API key serves DNSPod (API 3.0) and CDN alike.
    account: withSource({ provider: 'dnspod', name: 'Tencent — cdn-ops', settings: { site: 'dnspod.tencentcloudapi.com' }, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } }, 'watch-tencent-cdn'),
    fakes() {
      const now = Date.now();
      // PurgeTask / PushTask rows (tencentcloud-sdk-nodejs-cdn): "process" until done, then done / fail.
      const cdn = createTencentCdnFake({
        secretId: DEMO_DNSPOD_KEYS.secretId,
        secretKey: DEMO_DNSPOD_KEYS.secretKey,
        tasks: [
          runUntilTold<FakeTencentCdnTask>({
            id: DEMO_TENCENT_CDN_TASK_IDS.refresh, log: 'purge', purgeType: 'url', createdAt: now - 3 * 60_000,
            urls: ['https://static.example.cn/app.js', 'https://static.example.cn/app.css', 'https://static.example.cn/img/logo.png', 'https://static.example.cn/index.html'].map((url) => ({ url, status: 'process' })),
            finalStatuses: ['done', 'fail', 'fail', 'done'],
          }),
          runUntilTold<FakeTencentCdnTask>({
            id: DEMO_TENCENT_CDN_TASK_IDS.preload, log: 'push', createdAt: now - 2 * 60_000,
            urls: ['https://static.example.cn/video/intro.mp4', 'https://static.example.cn/video/outro.mp4'].map((url) => ({ url, status: 'process' })),
            finalStatuses: ['done', 'done'],
          }),
        ],
      });
      // DNSPod API 3.0 has no list call: with nothing tracked, the account's only tasks are its CDN ones.
      const dnspod = createDnspodFake({ ...DEMO_DNSPOD_KEYS, jobs: [] });
      return {
        cloud: cloudOf([dnspod, cdn]),
        cdnFake: cdn.provider,
        finishRefresh: () => finish(cdn.tasks.find((t) => t.log === 'purge')),
        finishPreload: () => finish(cdn.tasks.find((t) => t.log === 'push')),
      };
    },
    calls: ['DescribePurgeTasks', 'DescribePushTasks'],
    consoleUrl: 'https://console.cloud.tencent.com/cdn/refresh?tab=url',
    consoleGlob: 'https://console.cloud.tencent.com/cdn/**',
    wildcardHosts: [],
    // PurgeTask carries no reason beyond its status word.
    refresh: { kind: 'Refresh URLs', label: 'https://static.example.cn/app.js +3', failedUrls: ['https://static.example.cn/app.css', 'https://static.example.cn/img/logo.png'], reason: 'fail' },
    preload: { kind: 'Preload', label: 'https://static.example.cn/video/intro.mp4 +1' },
  },
  {
    cloud: 'Huawei Cloud',
    source: 'huawei-cdn',
    account: withSource({ provider: 'huawei', name: 'Huawei — cdn-ops', settings: { region: 'cn-north-4', projectId: '' }, secrets: { ...DEMO_HUAWEI_KEYS } }, 'watch-huawei-cdn'),
    fakes() {
      const now = Date.now();
      // TasksObject / UrlObject (huaweicloud-sdk-nodejs-v3 services/cdn/v2/model): task_inprocess while a URL is refreshing, waiting or preheating.
      const cdn = createHuaweiCdnFake({
        ...DEMO_HUAWEI_KEYS,
        tasks: [
          runUntilTold<FakeHuaweiCdnTask>({
            id: DEMO_HUAWEI_CDN_TASK_IDS.refresh, task_type: 'refresh', file_type: 'file', create_time: now - 3 * 60_000,
            urls: [
              { url: 'https://www.example.com/index.html', status: 'refreshing' },
              { url: 'https://www.example.com/app.js', status: 'refreshing', fail_desc: 'origin unreachable' },
              { url: 'https://www.example.com/app.css', status: 'waiting', fail_desc: 'origin unreachable' },
            ],
            finalStatuses: ['succeed', 'failed', 'failed'],
          }),
          runUntilTold<FakeHuaweiCdnTask>({
            id: DEMO_HUAWEI_CDN_TASK_IDS.preload, task_type: 'preheating', file_type: 'file', create_time: now - 2 * 60_000,
            urls: [
              { url: 'https://www.example.com/video/a.mp4', status: 'preheating' },
              { url: 'https://www.example.com/video/b.mp4', status: 'waiting' },
            ],
            finalStatuses: ['succeed', 'succeed'],
          }),
        ],
      });
      // The DNS and DCS calls answer, with no task of their own.
      const huawei = createHuaweiFake({ ...DEMO_HUAWEI_KEYS });
      return {
        cloud: cloudOf([huawei, cdn]),
        cdnFake: cdn.provider,
        finishRefresh: () => finish(cdn.tasks.find((t) => t.task_type === 'refresh')),
        finishPreload: () => finish(cdn.tasks.find((t) => t.task_type === 'preheating')),
      };
    },
    calls: ['ShowHistoryTasks', 'ShowHistoryTaskDetails'],
    // The refresh/preload history route of the console (its routes are in the fragment).
    consoleUrl: 'https://console.huaweicloud.com/cdn/?region=cn-north-4#/cdn/refresh',
    consoleGlob: 'https://console.huaweicloud.com/cdn/**',
    // https://*.myhuaweicloud.com/*: IAM (the account's projects), DNS and DCS in its region.
    wildcardHosts: ['iam.myhuaweicloud.com', 'dns.cn-north-4.myhuaweicloud.com', 'dcs.cn-north-4.myhuaweicloud.com'],
    // The list names no URL: the label is the provider's task_type · file_type.
    refresh: { kind: 'Refresh URLs', label: 'refresh · file', failedUrls: ['https://www.example.com/app.js', 'https://www.example.com/app.css'], reason: 'origin unreachable' },
    preload: { kind: 'Preload', label: 'preheating · file' },
  },
];
