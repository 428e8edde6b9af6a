/**
 * Ready for the stores (issue 31): the options page's "About" names the installed version and
 * its changes, and links the privacy policy, an extension page that runs under the extension's
 * CSP (no inline script), in English and Chinese, light and dark, without axe violations.
 */
import { afterEach, describe, expect, it } from 'vitest';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchExtension, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function axeViolations(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    found.push(...(await new AxeBuilder({ page }).analyze()).violations.map((v) => `${scheme}: ${v.id}`));
  }
  return found;
}

const CASES = [
  { lang: 'en-US', about: 'About', installed: `Batchwatch ${VERSION} is installed.`, changes: `What is new in ${VERSION}`, link: 'Privacy policy', title: 'Batchwatch privacy policy', section: 'What leaves your device, and where it goes' },
  { lang: 'zh-CN', about: '关于', installed: `已安装 Batchwatch ${VERSION}。`, changes: `${VERSION} 版新内容`, link: '隐私政策', title: 'Batchwatch 隐私政策', section: '哪些数据会离开您的设备，发往何处' },
];

describe('options → About → privacy policy', () => {
  for (const c of CASES) {
    it(`${c.lang}: the installed version, its changes and the privacy policy page`, async () => {
      session = await launchExtension({ cloud: demoCloud(), lang: c.lang });
      const options = await session.openPage('options.html');
      const about = options.getByRole('region', { name: c.about });
      await about.getByText(c.installed).waitFor();
      await about.getByRole('heading', { name: c.changes }).waitFor();
      await expect.poll(() => about.getByRole('listitem').count()).toBeGreaterThanOrEqual(5);

      const problems: string[] = [];
      const opened = session.context.waitForEvent('page');
      await about.getByRole('link', { name: c.link }).click();
      const privacy = await opened;
      privacy.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      privacy.on('pageerror', (e) => problems.push(e.message));
      await privacy.getByRole('heading', { level: 1, name: c.title }).waitFor();
      await privacy.getByRole('heading', { level: 2, name: c.section }).waitFor();
      expect(new URL(privacy.url()).pathname).toBe('/privacy.html');
      expect(await privacy.title()).toBe(c.title);
      // The extension's CSP admits only its own script files.
      expect(await privacy.locator('script:not([src])').count()).toBe(0);
      expect(await axeViolations(privacy)).toEqual([]);
      expect(await axeViolations(options)).toEqual([]);
      expect(problems).toEqual([]);
    });
  }
});
