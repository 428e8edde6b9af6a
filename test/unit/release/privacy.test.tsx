// @vitest-environment happy-dom
/**
 * The privacy policy: one Markdown file per language, given to the stores as it is and
 * rendered as text by the extension's privacy page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { readFileSync } from 'node:fs';
import { PrivacyPolicy } from '../../../components/privacy/PrivacyPolicy';
import { policyBlocks } from '../../../components/privacy/policy-blocks';

afterEach(cleanup);

const POLICY = { en: readFileSync('assets/store/privacy-policy.en.md', 'utf8'), zh_CN: readFileSync('assets/store/privacy-policy.zh_CN.md', 'utf8') };

describe('privacy policy', () => {
  it('says the same in both languages: the same headings, paragraphs and list items in the same order', () => {
    const shape = (markdown: string) => policyBlocks(markdown).map((b) => (b.kind === 'ul' ? `ul×${b.items.length}` : b.kind));
    expect(shape(POLICY.zh_CN)).toEqual(shape(POLICY.en));
    expect(shape(POLICY.en).filter((k) => k === 'h2').length).toBeGreaterThanOrEqual(6);
  });

  it('names the version it covers, the contact address, and each provider that receives calls', () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const text of Object.values(POLICY)) {
      expect(text).toContain(version);
      expect(text).toContain('batchwatch@batchwatch.dev');
    }
    for (const provider of ['Huawei Cloud', 'Alibaba Cloud', 'DNSPod']) expect(POLICY.en).toContain(provider);
    for (const provider of ['华为云', '阿里云', 'DNSPod']) expect(POLICY.zh_CN).toContain(provider);
  });

  it('is one line per paragraph, as the store forms take it', () => {
    for (const text of Object.values(POLICY)) {
      const lines = text.split('\n');
      const continued = lines.filter((line, i) => i > 0 && line.trim() && lines[i - 1]!.trim() && !lines[i - 1]!.startsWith('#') && !/^(#|- )/.test(line));
      expect(continued).toEqual([]);
    }
  });

  it('renders headings, paragraphs, list items and code spans as text, never as markup', () => {
    render(<PrivacyPolicy markdown={'# Title\n\n## Part\n\nA <b>bold</b> claim with `code`.\n\n- one <img src=x onerror=alert(1)>\n- two\n'} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Title');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Part');
    expect(screen.getByText('A <b>bold</b> claim with', { exact: false }).querySelector('b')).toBeNull();
    expect(document.querySelector('code')?.textContent).toBe('code');
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['one <img src=x onerror=alert(1)>', 'two']);
    expect(document.querySelector('img')).toBeNull();
  });

  it('the page loads its script from a file: the extension CSP runs no inline script', () => {
    const html = readFileSync('entrypoints/privacy/index.html', 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBe(1);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body!.trim()).toBe('');
    }
  });
});
