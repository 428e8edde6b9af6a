/**
 * What people who keep a watcher open all day ask for (issue 20), driven in the built
 * extension: a keyboard shortcut, controls a screen reader tells apart, muting a task, a
 * badge whose tooltip explains it, grouped notifications, copying a task id, account
 * colours, and account files without secrets; the new buttons and banner in Chinese too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { countOf, eventually, launchExtension, privateAreaOf, TASK_LIST_ROWS, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_TRACKED, type DemoCloud } from './scenario';
import { DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';

/**
 * Alt+Shift shortcuts the browsers already use on Windows and Linux (Chrome's accelerator
 * table and keyboard-shortcut help; Firefox's keyboard-shortcut help). Chrome also refuses
 * any of its own keys itself (checked below through commands.getAll); Firefox does not.
 */
const BROWSER_ALT_SHIFT_KEYS = new Set([
  'Alt+Shift+A', // Chrome: focus an inactive dialog
  'Alt+Shift+B', // Chrome: focus the bookmarks bar
  'Alt+Shift+I', // Chrome: send feedback
  'Alt+Shift+T', // Chrome: focus the toolbar
  'Alt+Shift+W', // Chrome drops it (one of its own)
]);

const send = (page: Page, req: unknown): Promise<any> => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);

describe('keyboard shortcut', () => {
  for (const build of ['chrome-mv3', 'firefox-mv3']) {
    it(`${build}: _execute_action opens the popup with a key no browser default uses`, () => {
      const file = `.output/${build}/manifest.json`;
      if (!existsSync(file)) return; // the Firefox build is made by `npm run test:e2e`
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { commands?: Record<string, { suggested_key?: { default?: string } }> };
      const key = manifest.commands?._execute_action?.suggested_key?.default;
      expect(key).toMatch(/^(Alt|Ctrl)\+Shift\+[A-Z]$/);
      expect(BROWSER_ALT_SHIFT_KEYS.has(key!)).toBe(false);
    });
  }
});

describe('with the demo accounts', () => {
  let session: ExtensionSession;
  let cloud: DemoCloud;
  let options: Page;
  beforeAll(async () => {
    cloud = demoCloud();
    session = await launchExtension({ cloud });
    options = await session.openPage('options.html');
    for (const account of DEMO_ACCOUNTS) await send(options, { type: 'saveAccount', ...account });
    const state = await send(options, { type: 'getState' });
    const dnspod = state.accounts.find((a: { provider: string }) => a.provider === 'dnspod');
    for (const tracked of DEMO_TRACKED) await send(options, { type: 'trackTask', accountId: dnspod.id, taskId: tracked.taskId });
    await eventually(async () => Object.keys(await session.storageLocal()).filter((k) => k.startsWith('task:')).length, (n) => n >= 5, 'tasks of every provider arrive');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('Chrome keeps the suggested key (it drops one that collides with its own), and the options page shows it, where to change it, and a button to that page', async () => {
    const manifest = JSON.parse(readFileSync('.output/chrome-mv3/manifest.json', 'utf8')) as { commands: { _execute_action: { suggested_key: { default: string } } } };
    const suggested = manifest.commands._execute_action.suggested_key.default;
    const commands = (await options.evaluate(() => (globalThis as any).chrome.commands.getAll())) as { name: string; shortcut: string }[];
    expect(commands.find((c) => c.name === '_execute_action')?.shortcut).toBe(suggested);
    await options.reload();
    const section = options.getByRole('region', { name: 'Keyboard shortcut' });
    await section.getByText(suggested, { exact: true }).waitFor();
    await section.getByText('chrome://extensions/shortcuts', { exact: false }).waitFor();
    const opened = session.context.waitForEvent('page');
    await section.getByRole('button', { name: 'Change the shortcut' }).click();
    expect((await opened).url()).toBe('chrome://extensions/shortcuts');
  });

  it('every form control of the popup has a name of its own; the Track form keeps "Account" and "Task ID"', async () => {
    const popup = await session.openPage('popup.html');
    // Filters and search fold away until asked for (issue 32).
    await popup.getByRole('button', { name: 'Filter and search' }).click();
    await popup.getByRole('combobox', { name: 'Filter by account', exact: true }).waitFor();
    await countOf(popup.getByRole('combobox', { name: 'Account', exact: true }), 1, 'one "Account" combobox');
    await countOf(popup.getByRole('textbox', { name: 'Task ID', exact: true }), 1, 'one "Task ID" textbox');
    // The names a screen reader announces, as the browser computed them, once every control is there.
    const names = await eventually(
      async () => [...(await popup.locator('main').ariaSnapshot()).matchAll(/- (?:combobox|textbox|searchbox|spinbutton|checkbox) "([^"]*)"/g)].map((m) => m[1]!),
      (found) => found.length >= 6,
      'the form controls of the popup',
    );
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    await popup.close();
  });
});

describe('one Huawei account that notifies every finish, in teal', () => {
  let session: ExtensionSession;
  let cloud: DemoCloud;
  beforeAll(async () => {
    cloud = demoCloud();
    // Three tasks that keep running until the test lets them finish together.
    const running = cloud.huawei.dnsTasks.filter((t) => t.finishAfterPolls !== undefined);
    cloud.huawei.dnsTasks.push({ ...running[0]!, id: '9a186e66977dd48f01977e021c480caf' });
    for (const task of cloud.huawei.dnsTasks) if (task.finishAfterPolls !== undefined) task.finishAfterPolls = 1_000_000;
    session = await launchExtension({ cloud });
  });
  afterAll(async () => {
    await session?.close();
  });

  const storage = async <T,>(key: string): Promise<T> => (await session.storageLocal())[key] as T;
  const title = async (): Promise<string> => (await session.worker()).evaluate(() => (globalThis as any).chrome.action.getTitle({}));

  // One chain, in order: each step needs what the one before left (the account, its mute, its
  // finished tasks, the second account), so it is one test rather than six that share leftovers.
  it('sets the notification policy and colour, mutes a task, copies an id, notifies the tasks that finish together in one group, warns of refused keys, and exports the accounts for another browser to import', { timeout: 300_000 }, async () => {
    // The account form sets the notification policy and the colour, and the card says so.
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('huawei');
    await options.getByLabel('Account name').fill('production');
    await options.getByLabel('Access key ID').fill(DEMO_HUAWEI_KEYS.accessKeyId);
    await options.getByLabel('Secret access key').fill(DEMO_HUAWEI_KEYS.secretAccessKey);
    await options.getByLabel('Notifications').selectOption({ label: 'Every finish' });
    await options.getByLabel('Colour').selectOption({ label: 'Teal' });
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Notifications: Every finish · Colour: Teal').waitFor();
    await options.close();
    await eventually(() => session.badgeText(), (t) => t === '3', 'three pending tasks on the badge');
    await eventually(title, (t) => t === 'Batchwatch\nHuawei Cloud — production: 3 pending', 'the title names the account and its pending tasks');

    // A muted task leaves the badge and its title, stays muted after the worker restarts, and its row offers "Unmute".
    const popup = await session.openPage('popup.html');
    await countOf(popup.locator('.task .chip.chip-teal'), (n) => n >= 3, 'the three tasks in the account\'s teal');
    await popup.getByRole('button', { name: 'Mute', exact: true }).first().click();
    await popup.getByRole('button', { name: 'Unmute', exact: true }).waitFor();
    await popup.getByText('Muted: not counted on the badge', { exact: false }).waitFor();
    await eventually(() => session.badgeText(), (t) => t === '2', 'the muted task off the badge');
    await eventually(title, (t) => t === 'Batchwatch\nHuawei Cloud — production: 2 pending, 1 muted', 'the title counts the muted task apart');
    await popup.close();

    await session.killWorker();
    const again = await session.openPage('popup.html');
    // Read through the page: the killed worker may still be listed for a moment.
    const stored = (await privateAreaOf(again).get(['muted'])) as { muted?: string[] };
    expect(Object.values(stored)).toEqual([[expect.any(String)]]);
    const muted = stored.muted![0]!;
    await again.getByRole('button', { name: 'Unmute', exact: true }).waitFor();
    await countOf(again.getByRole('button', { name: 'Mute', exact: true }), 2, 'the two other tasks still offer "Mute"');
    await again.close();

    // Copies a task id and says "Copied".
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const copying = await session.openPage('popup.html');
    await copying.locator('.task code').first().waitFor();
    const id = (await copying.locator('.task code').first().textContent())!;
    const row = copying.locator('.task', { hasText: id });
    await row.getByRole('button', { name: 'Copy task ID' }).click();
    await row.getByText('Copied', { exact: true }).waitFor();
    expect(await copying.evaluate(() => navigator.clipboard.readText())).toBe(id);
    await copying.close();

    // The tasks that finish together share one notification; the muted one is not in it and its mute ends.
    cloud.huawei.finishAll();
    const finishing = await session.openPage('options.html');
    await send(finishing, { type: 'refreshNow' });
    await eventually(() => session.badgeText(), (t) => t === '', 'every task finished');
    await eventually(() => storage<string[]>('muted'), (keys) => keys.length === 0, 'the mute ended with its task');
    const notificationIds = async () => Object.keys(await (await session.worker()).evaluate(() => (globalThis as any).chrome.notifications.getAll()));
    const ids = await eventually(notificationIds, (found) => found.length > 0, 'the notification of the finished tasks');
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^group:/);
    const group = ids[0]!.slice('group:'.length);
    const groups = await eventually(() => storage<Record<string, string[]> | undefined>('noticeGroups'), (g) => Boolean(g?.[group]), 'the group behind the notification');
    const keys = groups![group]!;
    expect(keys).toHaveLength(2);
    expect(keys).not.toContain(muted);

    // What a click on it leaves for the popup (the background then opens the popup).
    await privateAreaOf(await session.worker()).set({ popupFocus: { taskKeys: keys, at: Date.now() } });
    const focused = await session.context.newPage();
    await focused.goto(`chrome-extension://${session.extensionId}/popup.html?focus=notification`);
    await focused.getByText('Showing 2 tasks from a notification.').waitFor();
    await countOf(focused.locator(TASK_LIST_ROWS), 2, 'only the notification\'s two tasks');
    await focused.getByRole('button', { name: 'Show all tasks' }).click();
    await countOf(focused.locator(TASK_LIST_ROWS), (n) => n >= 4, 'every task again');
    await eventually(() => storage('popupFocus'), (focus) => focus === undefined, 'the focus is used once');
    await finishing.close();
    await focused.close();

    // An account whose keys are refused, with nothing pending: "!" in the warning colour, and the title says which and why.
    const refusing = await session.openPage('options.html');
    await send(refusing, { type: 'saveAccount', ...DEMO_ACCOUNTS[0], name: 'staging', secrets: { ...DEMO_ACCOUNTS[0]!.secrets, secretAccessKey: 'WrongWrongWrongWrongWrong0000' } });
    await eventually(() => session.badgeText(), (t) => t === '!', 'the warning badge');
    const color = async (): Promise<number[]> => (await session.worker()).evaluate(() => (globalThis as any).chrome.action.getBadgeBackgroundColor({}));
    await eventually(color, (c) => c.join() === [0xb4, 0x53, 0x09, 255].join(), 'the badge in the warning colour');
    await eventually(title, (t) => t === 'Batchwatch\nHuawei Cloud — staging: keys refused, polling stopped', 'the title says which account and why');
    await refusing.close();

    // Exports the accounts without a key, and another browser imports them: they wait for their keys, then poll.
    const exporting = await session.openPage('options.html');
    const section = exporting.getByRole('region', { name: 'Export and import accounts' });
    const download = exporting.waitForEvent('download');
    await section.getByRole('button', { name: 'Export accounts' }).click();
    const file = await (await download).path();
    const text = readFileSync(file, 'utf8');
    await section.getByText('Exported 2 accounts, without keys.').waitFor();
    await exporting.close();
    for (const secret of [DEMO_HUAWEI_KEYS.accessKeyId, DEMO_HUAWEI_KEYS.secretAccessKey, 'WrongWrongWrongWrongWrong0000']) expect(text).not.toContain(secret);
    expect(JSON.parse(text).accounts).toEqual([
      { provider: 'huawei', name: 'production', settings: expect.objectContaining({ site: 'cn', dcsRegions: 'cn-north-4' }), notify: 'all', color: 'teal' },
      { provider: 'huawei', name: 'staging', settings: expect.objectContaining({ site: 'cn', dcsRegions: 'cn-north-4' }), notify: 'failures' },
    ]);

    const elsewhereCloud = demoCloud();
    const elsewhere = await launchExtension({ cloud: elsewhereCloud });
    try {
      const page = await elsewhere.openPage('options.html');
      await page.getByLabel('Import accounts from a file').setInputFiles({ name: 'team.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.getByText('Imported 2 accounts. Edit each one and enter its keys to start polling.').waitFor();
      await countOf(page.getByText("Enter this account's keys to start polling."), 2, 'both imported accounts wait for their keys');
      await page.getByText('Notifications: Every finish · Colour: Teal').waitFor();
      const popup = await elsewhere.openPage('popup.html');
      await popup.getByText("Enter this account's keys to start polling.", { exact: false }).first().waitFor();
      await popup.close();
      const cycleAt = async () => ((await elsewhere.storageLocal()).lastCycleAt as number | undefined) ?? 0;
      const before = await cycleAt();
      await send(page, { type: 'refreshNow' });
      await eventually(cycleAt, (at) => at > before, 'a cycle ran');
      expect(elsewhereCloud.count('huawei')).toBe(0);

      await page.locator('.account-card', { hasText: 'production' }).getByRole('button', { name: 'Edit' }).click();
      await page.getByRole('heading', { name: 'Edit account' }).waitFor();
      await page.getByRole('button', { name: 'Save account' }).click();
      await page.locator('#field-secretAccessKey-error').waitFor();
      await page.getByLabel('Access key ID').fill(DEMO_HUAWEI_KEYS.accessKeyId);
      await page.getByLabel('Secret access key').fill(DEMO_HUAWEI_KEYS.secretAccessKey);
      await page.getByRole('button', { name: 'Save account' }).click();
      await page.getByRole('heading', { name: 'Add an account' }).waitFor();
      await eventually(async () => elsewhereCloud.count('huawei'), (n) => n > 0, 'the account polls once its keys are in');
      await countOf(page.getByText("Enter this account's keys to start polling."), 1, 'only the other account still waits for its keys');
    } finally {
      await elsewhere.close();
    }
  });
});

describe('in Chinese (zh-CN browser)', () => {
  let session: ExtensionSession;
  beforeAll(async () => {
    const cloud = demoCloud();
    // The Huawei tasks keep running while the rows are used.
    for (const task of [...cloud.huawei.dnsTasks, ...cloud.huawei.dcsTasks]) if (task.finishAfterPolls !== undefined) task.finishAfterPolls = 1_000_000;
    session = await launchExtension({ cloud, lang: 'zh-CN' });
    const options = await session.openPage('options.html');
    await send(options, { type: 'saveAccount', ...DEMO_ACCOUNTS[0], name: '生产' });
    await options.close();
    await eventually(() => session.badgeText(), (t) => Number(t) >= 2, 'Huawei tasks pending on the badge');
  });
  afterAll(async () => {
    await session?.close();
  });

  it('"静音" mutes a row (off the badge, "已静音" in the row and the title), "取消静音" puts it back; "复制任务 ID" copies the id and says "已复制"', async () => {
    const pending = Number(await session.badgeText());
    const title = async (): Promise<string> => (await session.worker()).evaluate(() => (globalThis as any).chrome.action.getTitle({}));
    const popup = await session.openPage('popup.html');
    const row = popup.locator('.task', { has: popup.getByRole('button', { name: '静音', exact: true }) }).first();
    await row.locator('code').waitFor();
    const id = (await row.locator('code').textContent())!;
    await row.getByRole('button', { name: '静音', exact: true }).click();
    const mutedRow = popup.locator('.task', { hasText: id });
    await mutedRow.getByRole('button', { name: '取消静音', exact: true }).waitFor();
    await eventually(() => mutedRow.getByRole('button', { name: '取消静音', exact: true }).getAttribute('aria-pressed'), (pressed) => pressed === 'true', 'the button says it is pressed');
    await mutedRow.getByText('已静音：不计入徽标', { exact: false }).waitFor();
    await eventually(() => session.badgeText(), (t) => t === String(pending - 1), 'the muted task off the badge');
    await eventually(title, (t) => t.includes('1 个已静音'), 'the title counts the muted task');

    await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await mutedRow.getByRole('button', { name: '复制任务 ID' }).click();
    await mutedRow.getByText('已复制', { exact: true }).waitFor();
    expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(id);

    await mutedRow.getByRole('button', { name: '取消静音', exact: true }).click();
    await mutedRow.getByRole('button', { name: '静音', exact: true }).waitFor();
    await eventually(() => session.badgeText(), (t) => t === String(pending), 'back on the badge');
    await eventually(title, (t) => !t.includes('已静音'), 'the title without the muted task');
    await popup.close();
  });

  it('a notification\'s tasks: "正在显示通知中的 2 个任务。" and "显示全部任务"', async () => {
    const options = await session.openPage('options.html');
    const keys = ((await send(options, { type: 'getState' })).tasks as { key: string }[]).slice(0, 2).map((t) => t.key);
    await options.close();
    await privateAreaOf(await session.worker()).set({ popupFocus: { taskKeys: keys, at: Date.now() } });
    const popup = await session.context.newPage();
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html?focus=notification`);
    await popup.getByText('正在显示通知中的 2 个任务。').waitFor();
    await countOf(popup.locator(TASK_LIST_ROWS), 2, 'only the notification\'s two tasks');
    await popup.getByRole('button', { name: '显示全部任务' }).click();
    await countOf(popup.locator(TASK_LIST_ROWS), (n) => n > 2, 'every task again');
    await popup.close();
  });
});
