// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { Options, type OptionsIntents } from '../../../components/options/Options';
import type { StateView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { useEnglishStrings } from '../support/english';

beforeAll(useEnglishStrings);
afterEach(cleanup);

const state = (over: Partial<StateView> = {}): StateView => ({
  providers: [], tasks: [], accounts: [], settings: DEFAULT_SETTINGS, refreshing: false, vaultMode: 'passphrase', locked: false, ...over,
});
const intents = (over: Partial<OptionsIntents> = {}): OptionsIntents => ({
  ensureHostAccess: vi.fn(async () => true), save: vi.fn(), remove: vi.fn(), test: vi.fn(),
  saveSettings: vi.fn(async () => ({ ok: true as const })), vault: vi.fn(async () => ({ ok: true as const })),
  shortcut: vi.fn(async () => ''), download: vi.fn(), importAccounts: vi.fn(), openShortcutSettings: vi.fn(),
  ...over,
} as OptionsIntents);
const show = (i: OptionsIntents, s = state()) => render(<Options providers={[]} load={signal({ kind: 'ready', state: s })} intents={i} />);

describe('options: the passphrase vault\'s maximum unlocked time', () => {
  it('is a labelled field in the passphrase section, showing the stored value and its range', () => {
    show(intents(), state({ settings: { ...DEFAULT_SETTINGS, maxUnlockedMin: 90 } }));
    const section = screen.getByRole('region', { name: 'Passphrase protection' });
    const field = screen.getByLabelText<HTMLInputElement>('Lock at the latest this long after unlocking (minutes)');
    expect(section.contains(field)).toBe(true);
    expect(field.value).toBe('90');
    expect(field.getAttribute('aria-describedby')).toBe('setting-maxUnlockedMin-help');
    expect(document.getElementById('setting-maxUnlockedMin-help')?.textContent).toContain('From 15 minutes to 1,440 minutes');
  });

  it('saves only that setting, and says so', async () => {
    const i = intents();
    show(i);
    const field = screen.getByLabelText('Lock at the latest this long after unlocking (minutes)');
    fireEvent.input(field, { target: { value: '45' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save lock time' }));
    await waitFor(() => screen.getByText('Lock time saved. It applies to the current unlock too.'));
    expect(i.saveSettings).toHaveBeenCalledWith({ maxUnlockedMin: 45 });
  });

  it('refuses a value outside 15 … 1440 minutes before sending anything, marking the field', async () => {
    const i = intents();
    show(i);
    const field = screen.getByLabelText('Lock at the latest this long after unlocking (minutes)');
    for (const bad of ['14', '1441', '', '2.5', 'abc']) {
      fireEvent.input(field, { target: { value: bad } });
      fireEvent.click(screen.getByRole('button', { name: 'Save lock time' }));
      expect(screen.getByRole('alert').textContent).toBe('Enter a whole number of minutes from 15 to 1,440.');
      expect(field.getAttribute('aria-invalid')).toBe('true');
    }
    expect(i.saveSettings).not.toHaveBeenCalled();
  });

  it('shows the background\'s refusal on the field', async () => {
    const i = intents({ saveSettings: vi.fn(async () => ({ ok: false as const, error: 'Please correct the marked settings.', fieldErrors: { maxUnlockedMin: 'Enter a whole number from 15 to 1440.' } })) });
    show(i);
    fireEvent.click(screen.getByRole('button', { name: 'Save lock time' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Enter a whole number from 15 to 1440.'));
  });

  it('the general settings form does not send it (it would undo a change made here)', async () => {
    const i = intents();
    show(i, state({ settings: { ...DEFAULT_SETTINGS, maxUnlockedMin: 90 } }));
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(i.saveSettings).toHaveBeenCalledTimes(1));
    expect(i.saveSettings).not.toHaveBeenCalledWith(expect.objectContaining({ maxUnlockedMin: expect.anything() }));
  });
});
