import { afterEach, describe, expect, it, vi } from 'vitest';
import { findChromium, findFirefox, installHint } from '../../tools/browsers.mjs';

afterEach(() => vi.unstubAllEnvs());

describe('finding the browsers npm test and npm run demo drive', () => {
  it('uses CHROMIUM_PATH and FIREFOX_PATH first, when they exist', () => {
    vi.stubEnv('CHROMIUM_PATH', process.execPath);
    vi.stubEnv('FIREFOX_PATH', process.execPath);
    expect(findChromium()).toEqual({ path: process.execPath });
    expect(findFirefox()).toEqual({ path: process.execPath });
  });

  it('says in one line that a CHROMIUM_PATH that does not exist is wrong, rather than looking elsewhere or installing', () => {
    vi.stubEnv('CHROMIUM_PATH', '/nowhere/chromium');
    const found = findChromium();
    expect(found.path).toBeUndefined();
    expect(found.problem).toBe('CHROMIUM_PATH is set to /nowhere/chromium, which does not exist.');
    expect(found.notInstalled).toBeUndefined();
  });

  it('names the exact command that installs what is missing', () => {
    const hint = installHint(['chromium', 'firefox-esr']);
    expect(hint).not.toContain('\n');
    if (process.platform === 'linux') expect(hint).toContain('sudo apt-get install -y chromium firefox-esr');
  });
});
