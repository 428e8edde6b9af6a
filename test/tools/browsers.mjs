// Finds the browsers the tests, the demo and the bench drive. Plain Node, no dependencies:
// `npm test` and `npm run demo` call it before `npm ci` may have run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Branded Google Chrome ignores `--load-extension` from this version on. */
export const CHROME_IGNORES_LOAD_EXTENSION_FROM = 137;

const home = homedir();
const localAppData = process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
const programFiles = [process.env.ProgramFiles, process.env['ProgramFiles(x86)']].filter(Boolean);

/** Where Playwright keeps the browsers `npx playwright install chromium` downloads. */
function playwrightChromiums() {
  const roots = [
    process.env.PLAYWRIGHT_BROWSERS_PATH,
    path.join(home, '.cache', 'ms-playwright'),
    path.join(home, 'Library', 'Caches', 'ms-playwright'),
    path.join(localAppData, 'ms-playwright'),
  ].filter((root) => root && root !== '0' && existsSync(root));
  const found = [];
  for (const root of roots) {
    // Newest revision first: chromium-1187 before chromium-1169.
    const revisions = readdirSync(root)
      .filter((name) => /^chromium-\d+$/.test(name))
      .sort((a, b) => Number(b.slice(9)) - Number(a.slice(9)));
    for (const revision of revisions) {
      for (const inside of [
        'chrome-linux64/chrome',
        'chrome-linux/chrome',
        'chrome-mac-arm64/Chromium.app/Contents/MacOS/Chromium',
        'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
        'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
        'chrome-win64/chrome.exe',
        'chrome-win/chrome.exe',
      ]) {
        found.push(path.join(root, revision, inside));
      }
    }
  }
  return found;
}

const CHROMIUM_LOCATIONS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  path.join(home, 'Applications', 'Chromium.app', 'Contents', 'MacOS', 'Chromium'),
  ...programFiles.map((dir) => path.join(dir, 'Chromium', 'Application', 'chrome.exe')),
  path.join(localAppData, 'Chromium', 'Application', 'chrome.exe'),
];

const GOOGLE_CHROME_LOCATIONS = [
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ...programFiles.map((dir) => path.join(dir, 'Google', 'Chrome', 'Application', 'chrome.exe')),
  path.join(localAppData, 'Google', 'Chrome', 'Application', 'chrome.exe'),
];

const FIREFOX_LOCATIONS = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
  ...programFiles.map((dir) => path.join(dir, 'Mozilla Firefox', 'firefox.exe')),
];

/** What `<browser> --version` prints, or undefined (Windows builds print nothing). */
export function browserVersion(executable) {
  try {
    const out = execFileSync(executable, ['--version'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trim().split('\n').pop() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * A Chromium that loads unpacked extensions: `CHROMIUM_PATH`, then one Playwright installed,
 * then the usual install locations. Returns `{ path }`, or `{ problem }`: one line that says
 * what to install (with `notInstalled` when nothing was found, rather than a wrong setting).
 */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    return existsSync(fromEnv) ? { path: fromEnv } : { problem: `CHROMIUM_PATH is set to ${fromEnv}, which does not exist.` };
  }
  const usable = [...playwrightChromiums(), ...CHROMIUM_LOCATIONS].find((candidate) => existsSync(candidate));
  if (usable) return { path: usable };
  const chrome = GOOGLE_CHROME_LOCATIONS.find((candidate) => existsSync(candidate));
  if (chrome) {
    const major = Number(/(\d+)\./.exec(browserVersion(chrome) ?? '')?.[1] ?? Number.NaN);
    if (major < CHROME_IGNORES_LOAD_EXTENSION_FROM) return { path: chrome };
    return {
      problem: `Only Google Chrome was found (${chrome}), and Chrome ${CHROME_IGNORES_LOAD_EXTENSION_FROM}+ ignores --load-extension: install Chromium (npx playwright install chromium) or set CHROMIUM_PATH to a Chromium.`,
    };
  }
  return { problem: `No Chromium found: ${installHint(['chromium'])}`, notInstalled: true };
}

/** Firefox (ESR 140 or newer): `FIREFOX_PATH`, then the usual install locations. */
export function findFirefox() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    return existsSync(fromEnv) ? { path: fromEnv } : { problem: `FIREFOX_PATH is set to ${fromEnv}, which does not exist.` };
  }
  const found = FIREFOX_LOCATIONS.find((candidate) => existsSync(candidate));
  return found ? { path: found } : { problem: `No Firefox found: ${installHint(['firefox-esr'])}`, notInstalled: true };
}

/** Xvfb, for the headed Chromium whose toolbar popup the tests open when there is no display. */
export function findXvfb() {
  if (process.env.DISPLAY) return { path: 'DISPLAY' };
  const found = (process.env.PATH ?? '')
    .split(path.delimiter)
    .map((dir) => path.join(dir, 'Xvfb'))
    .find((candidate) => existsSync(candidate));
  return found ? { path: found } : { problem: `No display and no Xvfb: ${installHint(['xvfb'])}`, notInstalled: true };
}

/** The one command that installs these Debian package names on this platform. */
export function installHint(debianPackages) {
  if (process.platform === 'darwin') {
    const casks = debianPackages.map((name) => ({ chromium: 'chromium', 'firefox-esr': 'firefox@esr' })[name]).filter(Boolean);
    return `install it with \`brew install --cask ${casks.join(' ')}\` (or \`npx playwright install chromium\`), or set CHROMIUM_PATH / FIREFOX_PATH.`;
  }
  if (process.platform === 'win32') {
    const ids = debianPackages.map((name) => ({ chromium: 'Hibbiki.Chromium', 'firefox-esr': 'Mozilla.Firefox.ESR' })[name]).filter(Boolean);
    return `install it with \`winget install ${ids.join(' ')}\` (or \`npx playwright install chromium\`), or set CHROMIUM_PATH / FIREFOX_PATH.`;
  }
  return `install it with \`sudo apt-get install -y ${debianPackages.join(' ')}\` (or your distribution's packages of the same names), or set CHROMIUM_PATH / FIREFOX_PATH.`;
}
