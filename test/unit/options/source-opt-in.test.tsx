// @vitest-environment happy-dom
/**
 * A task source's opt-in on the account form: off by default; turned on, the saved account
 * says so, the host permissions asked for include the source's API hosts (only then), and
 * the copyable policy grows the source's actions.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { AccountForm } from '../../../components/options/AccountForm';
import type { OptionsIntents } from '../../../components/options/intents';
import { setLang } from '../../../components/common/i18n';
import { withSources, sourceSettingKey } from '../../../lib/providers/sources';
import type { TaskSource } from '../../../lib/providers/source';
import type { Provider } from '../../../lib/providers/types';

beforeEach(() => setLang('en'));
afterEach(cleanup);

const base: Provider = {
  id: 'base', name: { en: 'Base', zh: '基础' },
  fields: [{ key: 'keyId', label: { en: 'Key ID', zh: '密钥 ID' }, secret: true, required: true }],
  apiHostPatterns: ['https://base.example/*'],
  access: { dialect: 'ram', calls: [{ operation: 'ListBase', action: 'base:ListBase' }], keyPages: [], keyIdField: 'keyId' },
  discover: async () => [], refresh: async (_c, t) => t, failedItems: async () => ({ items: [] }), testConnection: async () => undefined,
  consoleUrl: () => 'https://console.base.example/', describeError: () => ({ id: 'errorUnexpected' }),
};
const source: TaskSource = {
  id: 'extra', providers: ['base'], label: { id: 'capabilityDnsTasks' }, kinds: ['extra-refresh'],
  apiHostPatterns: ['https://extra.example/*'], calls: [{ operation: 'ListExtra', action: 'extra:ListExtra' }], consoleMatches: [],
  discover: async () => [], refresh: async (_c, t) => t, failedItems: async () => ({ items: [] }), testConnection: async () => [], consoleUrl: () => 'https://console.base.example/',
};
const folded = withSources(base, [source]);

const intents = (): OptionsIntents => ({
  ensureHostAccess: vi.fn(async () => true), save: vi.fn(async () => ({ ok: true as const, accountId: 'a1' })), remove: vi.fn(), test: vi.fn(),
  saveSettings: vi.fn(), vault: vi.fn(), shortcut: vi.fn(async () => ''), download: vi.fn(), importAccounts: vi.fn(), openShortcutSettings: vi.fn(), chooseLanguage: vi.fn(),
} as OptionsIntents);

function fill(): void {
  fireEvent.input(screen.getByLabelText('Account name'), { target: { value: 'Shop' } });
  fireEvent.input(screen.getByLabelText('Key ID'), { target: { value: 'K1' } });
}

describe('the account form: a task source\'s opt-in', () => {
  it('is off by default: saved off, only the provider\'s hosts asked for, only its actions in the policy', async () => {
    const i = intents();
    render(<AccountForm providers={[folded]} editing={signal(null)} intents={i} />);
    const select = screen.getByLabelText('Watch DNS tasks') as HTMLSelectElement;
    expect(select.value).toBe('off');
    expect(document.querySelector('pre.policy')?.textContent).not.toContain('extra:ListExtra');
    fill();
    fireEvent.submit(select.form!);
    await waitFor(() => expect(i.save).toHaveBeenCalled());
    expect(i.ensureHostAccess).toHaveBeenCalledWith(folded, expect.objectContaining({ [sourceSettingKey(source)]: 'off' }));
    expect(folded.hostPatternsFor!((vi.mocked(i.ensureHostAccess).mock.calls[0]![1]))).toEqual(['https://base.example/*']);
  });

  it('turned on: saved on, its API hosts asked for in the same click, its actions in the policy', async () => {
    const i = intents();
    render(<AccountForm providers={[folded]} editing={signal(null)} intents={i} />);
    const select = screen.getByLabelText('Watch DNS tasks') as HTMLSelectElement;
    fireEvent.change(select, { target: { value: 'on' } });
    await waitFor(() => expect(document.querySelector('pre.policy')?.textContent).toContain('extra:ListExtra'));
    fill();
    fireEvent.submit(select.form!);
    await waitFor(() => expect(i.save).toHaveBeenCalledWith(expect.objectContaining({ settings: { [sourceSettingKey(source)]: 'on' } })));
    const asked = vi.mocked(i.ensureHostAccess).mock.calls[0]![1];
    expect(folded.hostPatternsFor!(asked)).toEqual(['https://base.example/*', 'https://extra.example/*']);
  });
});
