/**
 * Issue 33 end to end: an account with its CDN task source turned on watches its refresh and
 * preload tasks in the same badge, popup, notifications and panel as its DNS tasks, against a
 * fake CDN API shaped from the SDK's models. Table-driven by source: a source is one row
 * (its account, its fake API, its console page, what its scenario holds).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeCloud, type FakeCloud, type FakeProviderCloud } from '../fake-cloud/index';
import { createAlibabaFake, DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';
import { createAlibabaCdnFake, defaultAlibabaCdnScenario } from '../fake-cloud/alibaba-cdn';
import { closedPanel, eventually, launchExtension, storedTasks, type ExtensionSession } from './harness';
import { consolePage } from './scenario';

interface SourceRow {
  source: string;
  /** The account as the options page saves it, with the source turned on. */
  account: { provider: string; name: string; settings: Record<string, string>; secrets: Record<string, string> };
  /** The provider's own fake (with no task of its own) and the source's fake API. */
  fakes(): { fakes: FakeProviderCloud[]; finishAll(): void };
  /** The source's console page (refresh and preload history) and the glob that serves it. */
  consoleUrl: string;
  consoleGlob: string;
  /** What the rows show: the kind's words and the task's label. */
  refresh: { kind: string; label: string; failedUrl: string; reason: string };
  preload: { kind: string; label: string };
}

const ROWS: SourceRow[] = [
  {
    source: 'alibaba-cdn',
    account: { provider: 'alibaba', name: 'Alibaba — cdn-ops', settings: { endpoint: 'alidns.aliyuncs.com', 'watch-alibaba-cdn': 'on' }, secrets: { ...DEMO_ALIBABA_KEYS } },
    fakes() {
      const cdn = createAlibabaCdnFake(defaultAlibabaCdnScenario());
      // Finished only when told: the badge is read while both run.
      for (const task of cdn.tasks) task.finishAfterPolls = 1_000;
      return { fakes: [createAlibabaFake({ accessKeyId: DEMO_ALIBABA_KEYS.accessKeyId, accessKeySecret: DEMO_ALIBABA_KEYS.secretAccessKey, tasks: [] }), cdn], finishAll: () => cdn.finishAll() };
    },
    consoleUrl: 'https://cdn.console.aliyun.com/refresh/cache',
    consoleGlob: 'https://cdn.console.aliyun.com/**',
    refresh: { kind: 'Refresh URLs', label: 'https://static.example.com/app.js +4', failedUrl: 'https://static.example.com/logo.png', reason: 'OriginTimeout' },
    preload: { kind: 'Preload', label: 'https://static.example.com/video.mp4 +1' },
  },
];

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe.each(ROWS.map((row) => [row.source, row] as const))('CDN tasks from %s', (_source, row) => {
  it('are listed with their kind, counted on the badge while they run, notified on failure, and shown in the panel on the CDN console page', { timeout: 180_000 }, async () => {
    const { fakes, finishAll } = row.fakes();
    const cloud: FakeCloud = createFakeCloud(fakes);
    session = await launchExtension({ cloud, consolePages: { [row.consoleGlob]: consolePage('CDN refresh and preload (fake console)') } });
    const options = await session.openPage('options.html');
    const saved = await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...row.account });
    expect(saved).toMatchObject({ ok: true });

    // Both tasks run: both on the badge.
    await eventually(() => session!.badgeText(), (t) => t === '2', 'the badge counts the refresh and the preload while they run');

    // The popup lists each with its kind.
    const popup = await session.openPage('popup.html');
    const rows = popup.locator('section[aria-labelledby="tasks-heading"] .task');
    // Each row waited for with its label and its kind's words (the row renders in steps).
    await rows.filter({ hasText: row.refresh.label }).filter({ hasText: row.refresh.kind }).first().waitFor();
    await rows.filter({ hasText: row.preload.label }).filter({ hasText: row.preload.kind }).first().waitFor();
    await popup.close();

    // They finish: the refresh with failed URLs is notified, the badge no longer counts them.
    finishAll();
    await options.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'refreshNow' }));
    const notifications = async () => Object.keys(await (await session!.worker()).evaluate(() => (globalThis as any).chrome.notifications.getAll()));
    await eventually(notifications, (ids) => ids.length > 0, 'a notification of the refresh that failed in part');
    const tasks = Object.values(storedTasks(await session.storageLocal())) as { kind: string; status: string; failed?: number; failedItemsFetched?: boolean }[];
    expect(tasks.map((t) => [t.kind, t.status]).sort()).toEqual([['cdn-preload', 'succeeded'], ['cdn-refresh-url', 'partial']]);
    await eventually(async () => (Object.values(storedTasks(await session!.storageLocal())) as { failedItemsFetched?: boolean; failed?: number }[]).some((t) => t.failed && t.failedItemsFetched), Boolean, 'the failed URLs are fetched');

    // The CDN console's refresh page shows the panel with the failed URLs and their reason.
    const page = await session.context.newPage();
    await page.goto(row.consoleUrl);
    await page.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const panel = await closedPanel(page);
    await eventually(() => panel.text(), (text) => text.includes(row.refresh.failedUrl) && text.includes(row.refresh.reason), 'the panel shows the failed URLs with their reason');
    await panel.detach();
  });
});
