/**
 * The popup with a long history (issue 21): it holds the first page only, and a search or
 * "show more" is answered by the worker, which reads what the page needs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countOf, eventually, launchExtension, privateAreaOf, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS } from './scenario';
import { ACTIVE_TASKS_KEY, taskIndexShard, taskStamp, taskStorageKey, type StoredTask } from '../../lib/store/tasks';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Finished tasks as the store keeps them (one item each, and their index shards), for the private area. */
function finishedTasks(accountId: string, count: number): Record<string, unknown> {
  const now = Date.now();
  const items: Record<string, unknown> = {};
  const shards: Record<string, Record<string, number>> = {};
  for (let i = 0; i < count; i++) {
    const task: StoredTask = { key: `${accountId}:dns-batch:old${i}`, provider: 'huawei', accountId, kind: 'dns-batch', providerTaskId: `old-task-${String(i).padStart(5, '0')}`, label: 'Add record sets', status: 'succeeded', total: 10, done: 10, failed: 0, createdAt: now - (i + 60) * 60_000, firstSeenAt: now };
    items[taskStorageKey(task.key)] = task;
    (shards[taskIndexShard(task.key)] ??= {})[task.key] = taskStamp(task);
  }
  return { ...items, shards };
}

describe('the popup over a long history', () => {
  it('finds by search, and shows more of, tasks it was never sent: the worker answers each page', async () => {
    session = await launchExtension({ cloud: demoCloud() });
    const options = await session.openPage('options.html');
    await options.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), { type: 'saveAccount', ...DEMO_ACCOUNTS[0], settings: { region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef' } });
    const accounts = await eventually(async () => ((await session!.storageLocal()).accounts ?? []) as { id: string }[], (a) => a.length === 1, 'the account is saved');
    const { shards, ...items } = finishedTasks(accounts[0]!.id, 400) as Record<string, unknown> & { shards: Record<string, Record<string, number>> };
    const area = privateAreaOf(await session.worker());
    const stored = (await area.get([...Object.keys(shards), ACTIVE_TASKS_KEY])) as Record<string, Record<string, number>>;
    const merged: Record<string, unknown> = { ...items };
    for (const [name, shard] of Object.entries(shards)) merged[name] = { ...stored[name], ...shard };
    await area.set(merged);

    const popup = await session.openPage('popup.html');
    // The newest first: the oldest seeded task is far beyond the first page.
    await popup.getByText('old-task-00000', { exact: true }).waitFor();
    expect(await popup.getByText('old-task-00399', { exact: true }).count()).toBe(0);
    await popup.getByRole('button', { name: /^Show 50 more \(\d+ not shown\)$/ }).waitFor();

    // Filters and search fold away until asked for (issue 32).
    await popup.getByRole('button', { name: 'Filter and search' }).click();
    await popup.getByRole('searchbox', { name: 'Search tasks by ID or label' }).fill('old-task-00399');
    await popup.getByText('old-task-00399', { exact: true }).waitFor();
    await countOf(popup.locator('.task'), 1, 'the one task the search finds');

    await popup.getByRole('searchbox', { name: 'Search tasks by ID or label' }).fill('');
    // The unfiltered first page must be back before asking for the next one: a click while the
    // cleared search is still being answered would ask for the page after the search's result.
    await countOf(popup.locator('.task'), 50, 'the first page again, the search cleared');
    const more = popup.getByRole('button', { name: /^Show 50 more \(\d+ not shown\)$/ });
    await more.waitFor();
    await more.click();
    await countOf(popup.locator('.task'), 100, 'the next 50 rows, from the worker');
    await popup.getByText('old-task-00080', { exact: true }).waitFor();
  });
});
