/**
 * Accessibility: axe reports no violations on the popup and the options page, in English
 * and Simplified Chinese, light and dark, with tasks, without, and with an account problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import { eventually, launchExtension, storedTasks, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS } from './scenario';

async function violations(session: ExtensionSession, file: 'popup.html' | 'options.html', scheme: 'light' | 'dark') {
  const page = await session.openPage(file);
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForSelector(file === 'popup.html' ? '.bar' : 'form');
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
      it(`popup and options with tasks and an account problem (${scheme})`, async () => {
        expect(await violations(full, 'popup.html', scheme)).toEqual([]);
        expect(await violations(full, 'options.html', scheme)).toEqual([]);
      });
    }
  });
}
