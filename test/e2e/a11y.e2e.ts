/**
 * Accessibility: axe reports no violations on the popup and the options page, in English
 * and Simplified Chinese, light and dark, with tasks, without, and with an account problem and
 * the "could not be read" banner of list rows without an id (opened, with their shapes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, storedTasks, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS } from './scenario';
import type { FakeDcsTask } from '../fake-cloud/huawei';

/** A DCS task-center row without an id (issue 19): counted and shown, never dropped in silence. */
const idless = (n: number, id: null | undefined): FakeDcsTask => ({
  id: `unreadable-${n}`, name: 'ChangeInstanceSpec', status: 'SUCCESS', created_at: new Date(Date.now() - 3600_000).toISOString(), updated_at: new Date().toISOString(), raw: { id },
});
const UNREADABLE = { 'en-US': '2 DCS tasks from Huawei — production could not be read', 'zh-CN': 'Huawei — production 有 2 个DCS 任务无法读取' };

/** The popup's "could not be read" banner, its shapes opened, so axe checks all of it. */
const openUnreadable = (lang: keyof typeof UNREADABLE) => async (page: Page): Promise<void> => {
  const banner = page.getByRole('status').filter({ hasText: UNREADABLE[lang] });
  await banner.waitFor();
  await banner.locator('summary').click();
  await banner.locator('pre').waitFor();
};

async function violations(session: ExtensionSession, file: 'popup.html' | 'options.html', scheme: 'light' | 'dark', prepare?: (page: Page) => Promise<void>) {
  const page = await session.openPage(file);
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForSelector(file === 'popup.html' ? '.bar' : 'form');
  await prepare?.(page);
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).analyze();
  await page.close();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const lang of ['en-US', 'zh-CN'] as const) {
  describe(`axe, ${lang}`, () => {
    let empty: ExtensionSession;
    let full: ExtensionSession;
    beforeAll(async () => {
      empty = await launchExtension({ cloud: demoCloud(), lang });
      const cloud = demoCloud();
      cloud.huawei.dcsTasks.push(idless(1, null), idless(2, undefined));
      full = await launchExtension({ cloud, lang });
      const page = await full.openPage('options.html');
      for (const account of DEMO_ACCOUNTS) await page.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...account });
      // One account with a problem shown in words.
      await page.evaluate((req) => (globalThis as any).chrome.runtime.sendMessage(req), { type: 'saveAccount', ...DEMO_ACCOUNTS[0], name: 'Broken key', secrets: { ...DEMO_ACCOUNTS[0]!.secrets, secretAccessKey: 'WrongWrongWrongWrongWrong0000' } });
      await eventually(async () => Object.keys(storedTasks(await full.storageLocal())).length, (n) => n >= 5, 'tasks of every provider arrive');
      await page.close();
    });
    afterAll(async () => {
      await empty?.close();
      await full?.close();
    });
    for (const scheme of ['light', 'dark'] as const) {
      it(`popup and options without accounts (${scheme})`, async () => {
        expect(await violations(empty, 'popup.html', scheme)).toEqual([]);
        expect(await violations(empty, 'options.html', scheme)).toEqual([]);
      });
      it(`popup and options with tasks, an account problem and unreadable rows (${scheme})`, async () => {
        expect(await violations(full, 'popup.html', scheme, openUnreadable(lang))).toEqual([]);
        expect(await violations(full, 'options.html', scheme)).toEqual([]);
      });
    }
  });
}
