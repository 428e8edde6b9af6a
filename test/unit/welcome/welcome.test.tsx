// @vitest-environment happy-dom
/**
 * The welcome page a new install opens: three steps, the first with each provider's own
 * "Create a key" links (both sites: there is no account yet) and least-privilege policy, the
 * second a button to the add-account form; in the language the page speaks.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { Welcome } from '../../../components/welcome/Welcome';
import { setLang } from '../../../components/common/i18n';
import { providers } from '../../../lib/providers/index';
import { policyDocument } from '../../../lib/providers/access';
import { say } from '../../../lib/i18n/words';

beforeEach(() => setLang('en'));
afterEach(cleanup);

const limitable = providers.filter((p) => p.access?.dialect);

describe('the welcome page', () => {
  it('shows the three steps in order: a limited key, paste it, the badge', () => {
    render(<Welcome providers={providers} intents={{ addAccount: vi.fn() }} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Welcome to Batchwatch');
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['1. Create a limited key', '2. Paste it', '3. See the badge']);
  });

  it('step one: every provider whose key a policy can limit, with its China and international "Create a key" pages and its policy', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<Welcome providers={providers} intents={{ addAccount: vi.fn() }} />);
    expect(limitable.length).toBe(3);
    for (const provider of limitable) {
      const section = screen.getByRole('region', { name: say(provider.name, 'en') });
      const links = within(section).getAllByRole('link').map((a) => a.getAttribute('href'));
      expect(links).toEqual(provider.access!.keyPages.map((page) => page.url));
      fireEvent.click(within(section).getByRole('button', { name: 'Copy policy' }));
      await within(section).findByText('Policy copied.');
      expect(writeText).toHaveBeenLastCalledWith(policyDocument(provider.access!));
    }
    // The legacy token carries every right of its account: no limited key to make from it.
    expect(screen.queryByRole('region', { name: say(providers.find((p) => p.id === 'dnspod-token')!.name, 'en') })).toBeNull();
  });

  it('step two opens the form that adds an account', () => {
    const addAccount = vi.fn();
    render(<Welcome providers={providers} intents={{ addAccount }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add an account' }));
    expect(addAccount).toHaveBeenCalledOnce();
  });

  it('speaks Chinese when the page does', () => {
    setLang('zh');
    render(<Welcome providers={providers} intents={{ addAccount: vi.fn() }} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('欢迎使用 Batchwatch');
    expect(screen.getAllByRole('button', { name: '复制策略' })).toHaveLength(limitable.length);
    expect(screen.getByRole('button', { name: '添加账号' })).toBeTruthy();
    expect(screen.getAllByRole('link', { name: '创建密钥（国际站）' })).toHaveLength(limitable.length);
  });
});
