/** Renders assets/icon-src/icon.svg to the PNG sizes the manifest names, with Debian's Chromium. */
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { mkdirSync } from 'node:fs';

const svg = readFileSync('assets/icon-src/icon.svg', 'utf8');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
mkdirSync('assets/public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}`);
  await page.screenshot({ path: `assets/public/icon/${size}.png`, omitBackground: true });
  await page.close();
}
await browser.close();
