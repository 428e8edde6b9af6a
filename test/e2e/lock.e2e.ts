/**
 * Issue 32, done-when: with a passphrase on and a task pending, the lock fires at its
 * deadline, a notification says polling stopped, and unlocking from the popup resumes it.
 *
 * Thirty idle minutes are not waited for: the unlocked session's clocks are moved back past
 * the idle time (as if the user had been away), and the lock's own alarm is brought forward
 * to now. Whichever comes first, that alarm or a read of the key (the options page reloads
 * its state on storage changes), drops the key and says so: the notice is the same.
 */
import { afterEach, describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const send = (page: Page, req: unknown): Promise<any> => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);

const PASSPHRASE = 'correct horse battery';
const VAULT_LOCK_ALARM = 'batchwatch-vault-lock';
const VAULT_LOCKED_NOTICE = 'batchwatch-vault-locked';
const IDLE_MS = 30 * 60_000;
const RED = [0xb9, 0x1c, 0x1c, 255].join();
const BLUE = [0x1d, 0x4e, 0xd8, 255].join();

describe('the vault locks at its deadline and unlocks from the popup', () => {
  it('with tasks pending: the alarm locks, a notification says polling stopped and how many tasks, the popup unlocks and polling resumes', { timeout: 180_000 }, async () => {
    const cloud = demoCloud();
    // The demo's Huawei tasks stay pending for the whole test.
    for (const task of cloud.huawei.dnsTasks) if (task.status === 'PENDING') task.finishAfterPolls = 1_000_000;
    session = await launchExtension({ cloud });
    const s = session;
    const worker = async () => s.worker();
    const color = async (): Promise<string> => ((await (await worker()).evaluate(() => (globalThis as any).chrome.action.getBadgeBackgroundColor({}))) as number[]).join();
    const options = await s.openPage('options.html');
    expect(await send(options, { type: 'saveAccount', ...DEMO_ACCOUNTS[0] })).toMatchObject({ ok: true });
    await eventually(() => s.badgeText(), (t) => t === '2', 'two pending tasks on the badge');
    expect(await send(options, { type: 'vaultEnable', passphrase: PASSPHRASE })).toMatchObject({ ok: true });
    const alarm = async (): Promise<{ scheduledTime: number } | undefined> => (await worker()).evaluate((name) => (globalThis as any).chrome.alarms.get(name), VAULT_LOCK_ALARM);
    const unlockedAlarm = await eventually(alarm, (a) => a !== undefined, 'an alarm at the unlocked key\'s deadline');
    // The deadline is the idle time ahead (give or take the test's own steps).
    expect(unlockedAlarm!.scheduledTime - Date.now()).toBeGreaterThan(IDLE_MS - 60_000);

    // What the notifications say, as the worker hands them to the browser.
    await (await worker()).evaluate(() => {
      const g = globalThis as any;
      g.shownNotices = [];
      const create = g.chrome.notifications.create.bind(g.chrome.notifications);
      g.chrome.notifications.create = (id: string, options: { title: string; message: string }) => {
        g.shownNotices.push({ id, title: options.title, message: options.message });
        return create(id, options);
      };
    });
    // The user has been away past the idle time; the alarm comes due now.
    await (await worker()).evaluate(
      async ({ name, idle }) => {
        const chrome = (globalThis as any).chrome;
        const held = (await chrome.storage.session.get('vault:unlocked'))['vault:unlocked'];
        await chrome.storage.session.set({ 'vault:unlocked': { ...held, unlockedAt: held.unlockedAt - idle - 1000, lastActive: held.lastActive - idle - 1000 } });
        await chrome.alarms.create(name, { when: Date.now() + 200 });
      },
      { name: VAULT_LOCK_ALARM, idle: IDLE_MS },
    );
    const sessionKeys = async (): Promise<string[]> => Object.keys(await (await worker()).evaluate(() => (globalThis as any).chrome.storage.session.get(null)));
    await eventually(sessionKeys, (keys) => !keys.includes('vault:unlocked'), 'the alarm drops the unlocked key', 30_000);
    const notices = async (): Promise<{ id: string; title: string; message: string }[]> => (await worker()).evaluate(() => (globalThis as any).shownNotices ?? []);
    const [notice] = await eventually(notices, (n) => n.some((x) => x.id === VAULT_LOCKED_NOTICE), 'the lock\'s notification');
    expect(notice).toEqual({ id: VAULT_LOCKED_NOTICE, title: 'Batchwatch is locked: polling has stopped', message: 'Tasks no longer being watched: 2. Open Batchwatch and enter your passphrase to resume polling.' });
    expect(Object.keys(await (await worker()).evaluate(() => (globalThis as any).chrome.notifications.getAll()))).toContain(VAULT_LOCKED_NOTICE);
    // The badge keeps counting the pending tasks, in red: they are not being watched.
    await eventually(color, (c) => c === RED, 'the badge turns red');

    // The popup's first line says so, and unlocks.
    const popup = await s.openPage('popup.html');
    const first = popup.locator('main > header + *');
    await first.getByText('Locked: polling has stopped. Enter your passphrase to resume.').waitFor();
    await first.getByText('2 tasks are no longer being watched.').waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      const result = await new AxeBuilder({ page: popup }).analyze();
      expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), scheme).toEqual([]);
    }
    const field = first.getByLabel('Passphrase');
    await field.fill('not the passphrase');
    await field.press('Enter');
    await first.getByRole('alert').filter({ hasText: 'That passphrase is not the right one. Nothing was changed.' }).waitFor();
    const before = cloud.records.length;
    // Keyboard only: the field keeps the focus after an error.
    await popup.keyboard.type(PASSPHRASE);
    await popup.keyboard.press('Enter');
    await eventually(async () => cloud.records.length, (n) => n > before, 'polling resumes after unlocking from the popup');
    await eventually(() => popup.getByLabel('Passphrase').count(), (n) => n === 0, 'the popup no longer asks for the passphrase');
    await eventually(color, (c) => c === BLUE, 'the badge back in its usual blue');
    expect(await s.badgeText()).toBe('2');
    expect(await alarm()).toBeDefined();
    expect(JSON.stringify(await s.storageLocal())).not.toContain(PASSPHRASE);
    await options.close();
  });
});
