/**
 * `npm run demo`: the whole product against the fake cloud, no accounts needed.
 * With a display: a Chromium window to click around in (Ctrl+C to end).
 * Headless (`-- --headless`, or no DISPLAY): screenshots of every surface in English and
 * Simplified Chinese, light and dark, written to demo-output/. The store listing's screenshots
 * go to demo-output/store/ too, and into the tracked assets/store/ only with
 * `-- --store-screenshots`, so a newcomer's demo leaves the working tree clean.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { closedPanel, launchExtension, eventually, type ExtensionSession } from './e2e/harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES, DEMO_TRACKED } from './e2e/scenario';
import { huaweiDnsConsole } from './e2e/console-lookalike';
import { storeCaptions, type StoreScreenshot } from './tools/store-captions';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const skipBuild = process.argv.includes('--no-build');
const outDir = path.resolve('demo-output');
const storeDir = process.argv.includes('--store-screenshots') ? path.resolve('assets/store') : path.join(outDir, 'store');

if (!skipBuild) execSync('npx wxt build', { stdio: 'inherit' });

async function addDemoAccounts(session: ExtensionSession): Promise<void> {
  const page = await session.openPage('options.html');
  for (const account of DEMO_ACCOUNTS) {
    const reply = await page.evaluate((req) => chrome.runtime.sendMessage(req), { type: 'saveAccount', ...account } as unknown);
    if (!reply?.ok) throw new Error(`could not add the demo account ${account.name}: ${JSON.stringify(reply)}`);
  }
  const state = (await page.evaluate(() => chrome.runtime.sendMessage({ type: 'getState' }))) as unknown as { accounts: { id: string; name: string }[] };
  for (const tracked of DEMO_TRACKED) {
    const accountId = state.accounts.find((a) => a.name === tracked.accountName)?.id;
    await page.evaluate((req) => chrome.runtime.sendMessage(req), { type: 'trackTask', accountId, taskId: tracked.taskId } as unknown);
  }
  await page.close();
}

/** Store listings show screenshots in file order: the popup (the main surface) first. */
function storeScreenshotPath(name: StoreScreenshot, lang: string): string {
  return path.join(storeDir, `${name}-${lang}.png`);
}

/** The consoles the demo serves: Huawei's DNS console as it looks (the store's panel screenshot is taken on it). */
const consolePagesFor = (lang: string): Record<string, string> => ({ ...DEMO_CONSOLE_PAGES, 'https://console.huaweicloud.com/**': huaweiDnsConsole(lang === 'zh-CN' ? 'zh' : 'en') });

/** Each store screenshot written, with the caption the store shows under it (assets/store/captions.*.md). */
const captionsPrinted: string[] = [];

/** The popup and the options page at the stores' 1280×800; the popup as it opens, over a page. */
async function storeScreenshots(session: ExtensionSession, lang: string): Promise<string[]> {
  const popup = await session.openPage('popup.html');
  await popup.setViewportSize({ width: 1280, height: 800 });
  // Styled through the CSSOM, which the pages' CSP allows (an injected <style> is refused: no 'unsafe-inline').
  await popup.evaluate(() => {
    // No named helper inside: tsx would wrap it in a __name() call the page does not have.
    const styles: [HTMLElement | null, Record<string, string>][] = [
      [document.documentElement, { background: 'linear-gradient(160deg, #dbe4f3, #eef2f8)', 'min-height': '100%' }],
      [document.body, { background: 'transparent', display: 'flex', 'justify-content': 'center', 'padding-top': '48px', zoom: '1.25' }],
      [document.getElementById('app'), { background: 'var(--bg)', 'border-radius': '8px', 'box-shadow': '0 12px 40px rgb(0 0 0 / 25%)', overflow: 'hidden', 'max-height': '560px' }],
    ];
    for (const [element, props] of styles) for (const [name, value] of Object.entries(props)) element?.style.setProperty(name, value);
  });
  await popup.waitForTimeout(800);
  const popupShot = storeScreenshotPath('screenshot-1-popup', lang);
  await popup.screenshot({ path: popupShot });
  await popup.close();
  // At the add-account form, as the welcome page's button opens it: "Create a key" and "Copy policy" in view.
  const options = await session.context.newPage();
  await options.setViewportSize({ width: 1280, height: 800 });
  await options.goto(`chrome-extension://${session.extensionId}/options.html#add-account`);
  await options.getByRole('button', { name: /^(Copy policy|复制策略)$/ }).waitFor();
  // The focus ring the anchor leaves on the first field is not part of the picture.
  await options.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await options.waitForTimeout(500);
  const optionsShot = storeScreenshotPath('screenshot-3-options', lang);
  await options.screenshot({ path: optionsShot });
  await options.close();
  return [popupShot, optionsShot];
}

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<{ ok: boolean } | undefined> } };

const send = (page: Page, req: unknown): Promise<unknown> => page.evaluate((r) => chrome.runtime.sendMessage(r), req);

/** Pages whose screenshots are shown are checked by axe too: a violation fails the demo. */
const axeProblems: string[] = [];
async function axeCheck(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  for (const v of result.violations) axeProblems.push(`${what}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The popup's own states (issue 32): "Needs attention" with a failure not yet seen, and a locked vault with its passphrase field. */
async function popupStates(session: ExtensionSession, lang: string): Promise<string[]> {
  const written: string[] = [];
  const control = await session.openPage('options.html');
  // The demo's delete batch ends with 5 failures after two polls: it is then unseen.
  await eventually(
    async () => {
      await send(control, { type: 'refreshNow' });
      return ((await send(control, { type: 'getState' })) as { unseen?: unknown[] }).unseen?.length ?? 0;
    },
    (n) => n > 0,
    'a failed task nobody has seen',
    60_000,
  );
  const shoot = async (name: string, ready: (page: Page) => Promise<void>): Promise<void> => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await session.openPage('popup.html');
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: 420, height: 600 });
      await ready(page);
      await page.waitForTimeout(500);
      const target = path.join(outDir, `${name}-${lang}-${scheme}.png`);
      await page.screenshot({ path: target });
      await axeCheck(page, `${name} ${lang} ${scheme}`);
      written.push(target);
      await page.close();
    }
  };
  // Only the first screen: what the user sees without scrolling.
  await shoot('popup-attention', (page) => page.locator('section.attention').waitFor());
  const passphrase = 'demo passphrase 2026';
  await send(control, { type: 'vaultEnable', passphrase });
  await send(control, { type: 'vaultLock' });
  await shoot('popup-locked', (page) => page.locator('#unlock-passphrase').waitFor());
  await send(control, { type: 'vaultUnlock', passphrase });
  await send(control, { type: 'vaultDisable', passphrase });
  await control.close();
  return written;
}

async function screenshots(lang: 'en-US' | 'zh-CN'): Promise<string[]> {
  const written: string[] = [];
  // Read first: a screenshot without its caption stops the demo before anything is written.
  const captions = storeCaptions(lang);
  for (const [name, caption] of Object.entries(captions)) captionsPrinted.push(`  ${path.relative(process.cwd(), storeScreenshotPath(name as StoreScreenshot, lang))}\n    ${caption}`);
  const session = await launchExtension({ cloud: demoCloud(), headless: true, lang, consolePages: consolePagesFor(lang) });
  try {
    await addDemoAccounts(session);
    await eventually(() => session.badgeText(), (text) => text !== '', 'the badge to count pending tasks');
    // The store's popup shows the product's value first: a task that ended with failures, under "Needs attention".
    await eventually(async () => (await session.storageLocal()).unseenFailures, (unseen) => Array.isArray(unseen) && unseen.length > 0, 'a task to end with failures', 60_000);
    for (const scheme of ['light', 'dark'] as const) {
      for (const file of ['popup.html', 'options.html'] as const) {
        const page = await session.openPage(file);
        await page.emulateMedia({ colorScheme: scheme });
        if (file === 'popup.html') await page.setViewportSize({ width: 420, height: 600 });
        await page.waitForTimeout(800);
        const target = path.join(outDir, `${file.replace('.html', '')}-${lang}-${scheme}.png`);
        await page.screenshot({ path: target, fullPage: true });
        written.push(target);
        await page.close();
      }
      if (scheme === 'light') written.push(...(await storeScreenshots(session, lang)));
      if (scheme === 'light') written.push(...(await popupStates(session, lang)));
      const consolePage = await session.context.newPage();
      await consolePage.emulateMedia({ colorScheme: scheme });
      await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
      // The panel is in a closed shadow root: wait for its first row through the DevTools protocol.
      await consolePage.locator('batchwatch-panel').waitFor({ state: 'attached', timeout: 15_000 }).catch(() => undefined);
      const panel = await closedPanel(consolePage);
      await eventually(() => panel.count('li', 'row').catch(() => 0), (n) => n > 0, 'the panel lists failed items', 15_000).catch(() => undefined);
      const target = path.join(outDir, `console-panel-huawei-${lang}-${scheme}.png`);
      await consolePage.screenshot({ path: target });
      written.push(target);
      // The largest reason group chosen: the list and the exports hold just its items.
      const group = /(\d+) ×/.exec(await panel.text())?.[0];
      if (group) {
        await panel.click(group);
        await consolePage.waitForTimeout(500);
        const chosen = path.join(outDir, `console-panel-group-${lang}-${scheme}.png`);
        await consolePage.screenshot({ path: chosen });
        written.push(chosen);
      } else axeProblems.push(`console-panel-group ${lang} ${scheme}: no reason group to choose`);
      await panel.detach();
      if (scheme === 'light') {
        const store = storeScreenshotPath('screenshot-2-console-panel', lang);
        await consolePage.setViewportSize({ width: 1280, height: 800 });
        await consolePage.screenshot({ path: store });
        written.push(store);
      }
      await consolePage.close();
    }
  } finally {
    await session.close();
  }
  return written;
}

if (headless) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  mkdirSync(storeDir, { recursive: true });
  const files = [...(await screenshots('en-US')), ...(await screenshots('zh-CN'))];
  console.log(`Wrote ${files.length} screenshots:`);
  for (const file of files) console.log(`  ${path.relative(process.cwd(), file)}`);
  console.log('Store screenshots and their captions:');
  for (const line of captionsPrinted) console.log(line);
  if (axeProblems.length) {
    console.error(`axe found ${axeProblems.length} problem(s):\n  ${axeProblems.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('axe: no violations on the popup states shown.');
} else {
  const session = await launchExtension({ cloud: demoCloud(), headless: false, consolePages: consolePagesFor('en-US'), keepWelcome: true });
  await addDemoAccounts(session);
  await session.openPage('options.html');
  await session.openPage('popup.html');
  const consolePage = await session.context.newPage();
  await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
  console.log('Batchwatch demo running against the fake cloud. Close the window or press Ctrl+C to end.');
  await new Promise<void>((resolve) => session.context.on('close', () => resolve()));
}
