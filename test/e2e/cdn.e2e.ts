/**
 * Issue 33 end to end, in Chromium: on each of the three clouds, an account with its CDN task
 * source turned on watches a URL refresh (some of its URLs fail) and a preload in the same
 * badge, popup, notifications and panel as its DNS tasks, against fake CDN APIs shaped from the
 * SDK models. One row per cloud (cdn-rows.ts); Firefox reads the same rows (firefox.e2e.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { closedPanel, eventually, launchExtension, nothingPending, storedTasks, TASK_LIST_ROWS, type ExtensionSession } from './harness';
import { consolePage } from './scenario';
import { CDN_ROWS } from './cdn-rows';

interface StoredCdnTask {
  key: string;
  kind: string;
  status: string;
  failed?: number;
  failedItemsFetched?: boolean;
}

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe.each(CDN_ROWS.map((row) => [row.cloud, row] as const))('CDN tasks on %s', (_cloud, row) => {
  it('are listed with their kind, counted on the badge while they run, notified when the refresh ends with failed URLs, and shown in the panel on the CDN console page', { timeout: 180_000 }, async () => {
    const { cloud, cdnFake, finishRefresh, finishPreload } = row.fakes();
    session = await launchExtension({ cloud, consolePages: { [row.consoleGlob]: consolePage('CDN refresh and preload history (fake console)') } });
    const s = session;
    const options = await s.openPage('options.html');
    const saved = await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...row.account });
    expect(saved).toMatchObject({ ok: true });
    const tasks = async (): Promise<StoredCdnTask[]> => Object.values(storedTasks(await s.storageLocal())) as StoredCdnTask[];

    // Both run: both on the badge.
    await eventually(() => s.badgeText(), (t) => t === '2', 'the badge counts the refresh and the preload while they run');

    // The popup lists each with its kind (a row renders in steps: each is waited for with its label and its kind's words).
    const popup = await s.openPage('popup.html');
    const rows = popup.locator(TASK_LIST_ROWS);
    await rows.filter({ hasText: row.refresh.label }).filter({ hasText: row.refresh.kind }).first().waitFor();
    await rows.filter({ hasText: row.preload.label }).filter({ hasText: row.preload.kind }).first().waitFor();
    await popup.close();

    // They finish: the badge counts nothing pending, and the refresh that failed in part is
    // notified on its own (the default policy: failures only; the preload succeeded).
    finishRefresh();
    finishPreload();
    await options.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: 'refreshNow' }));
    const ended = await eventually(tasks, (ts) => ts.length === 2 && ts.every((t) => t.status !== 'running'), 'both tasks ended');
    expect(ended.map((t) => [t.kind, t.status]).sort()).toEqual([['cdn-preload', 'succeeded'], ['cdn-refresh-url', 'partial']]);
    await nothingPending(s, 'the badge no longer counts them');
    const refreshKey = ended.find((t) => t.kind === 'cdn-refresh-url')!.key;
    const notifications = async (): Promise<string[]> => Object.keys(await (await s.worker()).evaluate(() => (globalThis as any).chrome.notifications.getAll()));
    expect(await eventually(notifications, (ids) => ids.length > 0, 'a notification of the refresh that failed in part')).toEqual([refreshKey]);
    await eventually(tasks, (ts) => ts.some((t) => t.key === refreshKey && t.failed === row.refresh.failedUrls.length && t.failedItemsFetched), 'the failed URLs are fetched');

    // Every CDN call the source makes was made, each signed as the SDK signs.
    const cdnRecords = cloud.records.filter((r) => r.provider === cdnFake);
    for (const call of row.calls) expect(cdnRecords.filter((r) => r.operation === call).length, call).toBeGreaterThan(0);
    expect(cdnRecords.every((r) => r.signatureValid)).toBe(true);

    // The CDN console's refresh history page shows the panel with the failed URLs and their reason.
    const page = await s.context.newPage();
    await page.goto(row.consoleUrl);
    await page.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const panel = await closedPanel(page);
    await eventually(() => panel.text(), (text) => row.refresh.failedUrls.every((url) => text.includes(url)) && text.includes(row.refresh.reason), 'the panel shows the failed URLs with their reason');
    await panel.detach();
  });
});
