// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { existsSync, readFileSync } from 'node:fs';
import { browser } from 'wxt/browser';
import { AboutSection } from '../../../components/options/AboutSection';
import { Options, type OptionsIntents } from '../../../components/options/Options';
import { useEnglishStrings, useLocaleStrings } from '../support/english';

afterEach(cleanup);

const PACKAGE_VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const installed = (version: string) => vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Batchwatch', version });

describe('options: About', () => {
  it('names the version the browser installed, read from the manifest at run time', () => {
    useEnglishStrings();
    installed('9.8.7');
    render(<AboutSection />);
    const about = screen.getByRole('region', { name: 'About' });
    expect(within(about).getByText('Batchwatch 9.8.7 is installed.')).toBeTruthy();
    expect(within(about).getByRole('heading', { name: 'What is new in 9.8.7' })).toBeTruthy();
  });

  it('lists the changes one item each, in English and in Chinese', () => {
    for (const [locale, first] of [['en', 'Watches Huawei Cloud DNS'], ['zh_CN', '使用您自己的只读密钥']] as const) {
      useLocaleStrings(locale);
      render(<AboutSection version="0.1.0" />);
      const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
      expect(items.length).toBeGreaterThanOrEqual(5);
      expect(items[0]).toContain(first);
      expect(items.every((item) => item.trim().length > 10 && !item.includes('\\n'))).toBe(true);
      cleanup();
    }
  });

  it('links the packaged privacy policy page, opened in a tab of its own', () => {
    useEnglishStrings();
    render(<AboutSection version="0.1.0" />);
    const link = screen.getByRole('link', { name: 'Privacy policy' });
    expect(link.getAttribute('href')).toBe('/privacy.html');
    expect(link.getAttribute('target')).toBe('_blank');
    // WXT builds entrypoints/privacy/index.html as privacy.html.
    expect(existsSync('entrypoints/privacy/index.html')).toBe(true);
  });

  it('is on the options page whatever the state of the accounts', () => {
    useEnglishStrings();
    installed(PACKAGE_VERSION);
    render(<Options providers={[]} load={signal({ kind: 'loading' })} intents={{} as OptionsIntents} />);
    expect(screen.getByRole('region', { name: 'About' })).toBeTruthy();
    expect(screen.getByText(`Batchwatch ${PACKAGE_VERSION} is installed.`)).toBeTruthy();
  });

  it('the changelog starts with the version being packaged', () => {
    expect(/^## (\S+)/m.exec(readFileSync('CHANGELOG.md', 'utf8'))?.[1]).toBe(PACKAGE_VERSION);
  });
});
