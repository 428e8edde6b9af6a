/**
 * CDN refresh and preload tasks on Tencent Cloud and Huawei Cloud, end to end against the fakes
 * shaped from the SDK models: an account that turns CDN tasks on lists a refresh with failed
 * URLs and a preload, counts them while they run, and shows the failed URLs in the panel on that
 * provider's CDN console page (nothing on a CDN page the source does not own).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closedPanel, eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const CASES = [
  {
    name: 'Tencent Cloud',
    account: { ...DEMO_ACCOUNTS[2]!, settings: { ...DEMO_ACCOUNTS[2]!.settings, 'watch-tencent-cdn': 'on' } },
    consoleUrl: 'https://console.cloud.tencent.com/cdn/refresh?tab=url',
    failedUrls: ['https://static.example.cn/app.css', 'https://static.example.cn/img/logo.png'],
    cdnCalls: ['DescribePurgeTasks', 'DescribePushTasks'],
    fake: 'tencent-cdn',
  },
  {
    name: 'Huawei Cloud',
    account: { ...DEMO_ACCOUNTS[0]!, settings: { ...DEMO_ACCOUNTS[0]!.settings, 'watch-huawei-cdn': 'on' } },
    consoleUrl: 'https://console.huaweicloud.com/cdn/?region=cn-north-4#/cdn/refresh',
    failedUrls: ['https://www.example.com/app.js', 'https://www.example.com/app.css'],
    cdnCalls: ['ShowHistoryTasks'],
    fake: 'huawei-cdn',
  },
] as const;

describe.each(CASES)('CDN tasks on $name', ({ account, consoleUrl, failedUrls, cdnCalls, fake }) => {
  it('are listed with their failed URLs, and shown in the panel on the CDN console', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...account });
    await eventually(async () => cloud.count(fake), (n) => n >= cdnCalls.length, 'the CDN calls are made once CDN is on');
    for (const call of cdnCalls) expect(cloud.count(fake, call)).toBeGreaterThan(0);
    expect(cloud.records.filter((r) => r.provider === fake).every((r) => r.signatureValid)).toBe(true);

    const consolePage = await session.context.newPage();
    await consolePage.goto(consoleUrl);
    await consolePage.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const panel = await closedPanel(consolePage);
    await eventually(() => panel.text(), (t) => failedUrls.some((u) => t.includes(u)), 'the panel lists the refresh task\'s failed URLs');
    await panel.detach();
  });
});
