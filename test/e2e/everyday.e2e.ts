/**
 * What people who keep a watcher open all day ask for (issue 20), driven in the built
 * extension: a keyboard shortcut, controls a screen reader tells apart, muting a task, a
 * badge whose tooltip explains it, grouped notifications, copying a task id, account
 * colours, and account files without secrets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_TRACKED, type DemoCloud } from './scenario';

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
    await eventually(async () => Object.keys(((await session.storageLocal()).tasks ?? {}) as object).length, (n) => n >= 5, 'tasks of every provider arrive');
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
    await popup.getByRole('combobox', { name: 'Filter by account', exact: true }).waitFor();
    expect(await popup.getByRole('combobox', { name: 'Account', exact: true }).count()).toBe(1);
    expect(await popup.getByRole('textbox', { name: 'Task ID', exact: true }).count()).toBe(1);
    // The names a screen reader announces, as the browser computed them.
    const tree = await popup.locator('main').ariaSnapshot();
    const names = [...tree.matchAll(/- (?:combobox|textbox|searchbox|spinbutton|checkbox) "([^"]*)"/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(names.every(Boolean)).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    await popup.close();
  });
});
