// @vitest-environment happy-dom
/**
 * Options (issue 32): each account card says when it was last checked ("checking now…" while
 * a cycle runs), and "Edit" brings the form, far below the cards, into view with its first
 * field focused.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { Options, type OptionsIntents } from '../../../components/options/Options';
import { setLang } from '../../../components/common/i18n';
import type { AccountView, StateView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';

beforeEach(() => setLang('en'));
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const account: AccountView = { id: 'a1', provider: 'huawei', name: 'Production', settings: {}, storedSecrets: [], lastPolledAt: Date.now() - 3 * 60_000 };
const state = (over: Partial<StateView> = {}): StateView => ({ providers: [], tasks: [], accounts: [account], settings: DEFAULT_SETTINGS, refreshing: false, vaultMode: 'device', locked: false, ...over });
const intents = {
  ensureHostAccess: vi.fn(async () => true), save: vi.fn(), remove: vi.fn(), test: vi.fn(),
  saveSettings: vi.fn(async () => ({ ok: true as const })), vault: vi.fn(async () => ({ ok: true as const })),
  shortcut: vi.fn(async () => ''), download: vi.fn(), importAccounts: vi.fn(), openShortcutSettings: vi.fn(), chooseLanguage: vi.fn(),
} as unknown as OptionsIntents;

describe('options: an account card', () => {
  it('says when the account was last checked, and "checking now…" while a cycle runs', () => {
    render(<Options providers={[]} load={signal({ kind: 'ready', state: state() })} intents={intents} />);
    screen.getByText('Last checked 3 min. ago');
    cleanup();
    render(<Options providers={[]} load={signal({ kind: 'ready', state: state({ refreshing: true }) })} intents={intents} />);
    screen.getByText('checking now…');
  });

  it('"Edit" scrolls to the form and focuses its first field', async () => {
    const scrolled = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined);
    render(<Options providers={[]} load={signal({ kind: 'ready', state: state() })} intents={intents} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    await waitFor(() => expect(document.activeElement?.id).toBe('field-name'));
    expect(scrolled).toHaveBeenCalled();
    expect((scrolled.mock.contexts[0] as Element).querySelector('#account-form-heading')?.textContent).toBe('Edit account');
  });
});
