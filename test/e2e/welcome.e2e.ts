/**
 * The first run (issue 31): installing Batchwatch in a fresh profile opens the welcome page by
 * itself. It shows the three steps with each provider's "Create a key" links and policy,
 * follows the language chosen in Options while open, is axe-clean in both languages, light and
 * dark, and its button opens Options at the add-account form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { eventually, launchExtension, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';

async function violationsOn(page: Page, scheme: 'light' | 'dark'): Promise<string[]> {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForTimeout(300);
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const send = (page: Page, req: unknown): Promise<any> => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);

describe('the welcome page', () => {
  let session: ExtensionSession;
  let welcome: Page;
  beforeAll(async () => {
    session = await launchExtension({ cloud: demoCloud(), keepWelcome: true });
    const url = `chrome-extension://${session.extensionId}/welcome.html`;
    welcome = await eventually(async () => session.context.pages().find((p) => p.url() === url), (p) => p !== undefined, 'the install opens the welcome page').then((p) => p!);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('opens by itself on install, with the three steps and each provider’s key pages and policy', async () => {
    await expect.poll(() => welcome.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Batchwatch');
    await expect.poll(() => welcome.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['1. Create a limited key', '2. Paste it', '3. See the badge']);
    await expect.poll(() => welcome.getByRole('button', { name: 'Copy policy' }).count()).toBe(3);
    const links = await welcome.getByRole('link', { name: /^Create a key/ }).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([
      'https://console.huaweicloud.com/iam', 'https://console-intl.huaweicloud.com/iam',
      'https://ram.console.aliyun.com/users', 'https://ram.console.alibabacloud.com/users',
      'https://console.cloud.tencent.com/cam', 'https://console.tencentcloud.com/cam',
    ]);
    expect(await welcome.title()).toBe('Welcome to Batchwatch');
  });

  it('is axe-clean in English, light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) expect(await violationsOn(welcome, scheme), scheme).toEqual([]);
  });

  it('follows the language chosen in Options, and is axe-clean in Chinese, light and dark', async () => {
    const options = await session.openPage('options.html');
    expect(await send(options, { type: 'saveSettings', settings: { language: 'zh' } })).toMatchObject({ ok: true });
    await options.close();
    await expect.poll(() => welcome.getByRole('heading', { level: 1 }).textContent()).toBe('欢迎使用 Batchwatch');
    await expect.poll(() => welcome.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    for (const scheme of ['light', 'dark'] as const) expect(await violationsOn(welcome, scheme), scheme).toEqual([]);
    const options2 = await session.openPage('options.html');
    expect(await send(options2, { type: 'saveSettings', settings: { language: 'en' } })).toMatchObject({ ok: true });
    await options2.close();
    await expect.poll(() => welcome.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome to Batchwatch');
  });

  it('“Add an account” opens Options at the add-account form, its first field focused', async () => {
    const opened = session.context.waitForEvent('page');
    await welcome.getByRole('button', { name: 'Add an account' }).click();
    const options = await opened;
    await options.waitForURL(/\/options\.html#add-account$/);
    await options.getByRole('heading', { name: 'Add an account' }).waitFor();
    await expect.poll(() => options.evaluate(() => document.activeElement?.id)).toBe('field-provider');
    await options.close();
  });
});
