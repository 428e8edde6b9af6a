/**
 * The console panel's reason groups, end to end (issue 32): a batch whose 200 failures differ
 * only in the value they name is one group of 200; choosing a group is what CSV, JSON and the
 * resubmit file hold; the panel opens on the tasks of the console page it is on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { closedPanel, eventually, launchExtension, type ClosedPanel, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const DNS_PAGE = 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones';
const DCS_PAGE = 'https://console.huaweicloud.com/dcs/?region=cn-north-4#/dcs/manager/cacheList';

/** The demo cloud, its DNS batch failing 200 times on one invalid-address message (the value differing) and 20 times on "already exists", and a newer failed DCS task. */
function cloudWithGroups() {
  const cloud = demoCloud();
  const batch = cloud.huawei.dnsTasks[0]!;
  batch.errorItems = [
    ...Array.from({ length: 200 }, (_, i) => ({ item: `h${i}.example.com. A ${300 + i}.300.1.1`, error_message: `Invalid record value: ${300 + i}.300.1.1 is not an IPv4 address.` })),
    ...Array.from({ length: 20 }, (_, i) => ({ item: `e${i}.example.com. A 192.0.2.${i}`, error_message: 'The record set already exists.' })),
  ];
  batch.error_count = 220;
  batch.success_count = 1780;
  // The unfinished tasks stay unfinished: a finished one would be a newer DNS task with failures.
  for (const task of cloud.huawei.dnsTasks) if (task.finishAfterPolls !== undefined) task.finishAfterPolls = 1_000_000;
  const now = Date.now();
  cloud.huawei.dcsTasks.push({ id: 'dcs-restart-1', name: 'RESTART', status: 'FAILED', error_code: 'DCS.4039', created_at: new Date(now - 60_000).toISOString(), updated_at: new Date(now - 30_000).toISOString() });
  return cloud;
}

async function openConsole(url: string): Promise<{ page: Page; panel: ClosedPanel }> {
  const page = await session!.context.newPage();
  await page.goto(url);
  await page.locator('batchwatch-panel').waitFor({ state: 'attached' });
  return { page, panel: await closedPanel(page) };
}

async function downloaded(page: Page, panel: ClosedPanel, button: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), panel.click(button)]);
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

const rowsOf = (csv: string): string[] => csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

describe('failed-items panel: reason groups and the page it is on', () => {
  it('200 failures differing only in the value are one group of 200, and the chosen group is what the exports hold', async () => {
    const cloud = cloudWithGroups();
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    await options.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (t) => t === '2', 'badge counts the pending Huawei tasks');

    // A DNS page opens on the DNS batch, though the failed DCS task is newer.
    const { page, panel } = await openConsole(DNS_PAGE);
    await eventually(() => panel.text(), (t) => t.includes('200 × e.g. Invalid record value: 300.300.1.1 is not an IPv4 address.') && t.includes('20 × e.g. The record set already exists.'), 'one group of 200 and one of 20');
    const text = await panel.text();
    expect(text).toContain('Hide failed items · 220 failed');
    expect(text).not.toContain('check the instance in the DCS console');
    expect(await panel.count('button', 'group')).toBe(2);

    await panel.click('200 ×');
    await eventually(() => panel.text(), (t) => t.includes('Showing 200 of 220 failed items'), 'choosing the group filters the list');
    const csv = await downloaded(page, panel, 'Export CSV');
    expect(csv.name).toBe('batchwatch-huawei-9a186e66977dd48f01977e021c480cac-selected-200.csv');
    expect(rowsOf(csv.text)).toHaveLength(201);
    expect(csv.text).not.toContain('already exists');
    const json = await downloaded(page, panel, 'Export JSON');
    expect((JSON.parse(json.text) as { items: unknown[] }).items).toHaveLength(200);
    const resubmit = await downloaded(page, panel, 'Resubmit file');
    expect(rowsOf(resubmit.text)).toHaveLength(201);

    // Everything again: the resubmit file leaves out the 20 that already exist, and says so.
    await panel.click('Show all 220 failed items');
    await eventually(() => panel.text(), (t) => !t.includes('Showing 200 of 220'), 'the choice is cleared');
    expect(rowsOf((await downloaded(page, panel, 'Export CSV')).text)).toHaveLength(221);
    const all = await downloaded(page, panel, 'Resubmit file');
    expect(rowsOf(all.text)).toHaveLength(201);
    await eventually(() => panel.text(), (t) => t.includes('The resubmit file leaves out 20 items that already exist: resubmitted, they would fail again.'), 'the panel says what it left out and why');

    // The console's own navigation to its DCS pages (history API, no reload): the panel follows.
    // (Chrome's message sender keeps the loaded URL through it: the panel says where it is now.)
    await page.evaluate(() => history.pushState(null, '', '/dcs/?region=cn-north-4#/dcs/manager/cacheList'));
    await eventually(() => panel.text(), (t) => t.includes('1 × DCS.4039') && !t.includes('Resubmit file'), 'the panel follows the console to its DCS page');
    await panel.detach();

    // A DCS page opens on the DCS task: cache advice, no resubmit file.
    const dcs = await openConsole(DCS_PAGE);
    await eventually(() => dcs.panel.text(), (t) => t.includes('1 × DCS.4039'), 'the DCS task is the one shown');
    const dcsText = await dcs.panel.text();
    expect(dcsText).toContain('See the message; check the instance in the DCS console, then run the task again.');
    expect(dcsText).not.toContain('fix the record');
    expect(dcsText).not.toContain('Resubmit file');
    expect(await dcs.panel.markup()).toContain('label="Other tasks"');
    await dcs.panel.detach();
  });
});
