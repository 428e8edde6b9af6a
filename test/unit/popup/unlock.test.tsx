// @vitest-environment happy-dom
/**
 * Unlocking from the popup (issue 32): while the vault is locked the popup's first line says
 * polling has stopped and how many tasks are no longer watched, and offers a labelled
 * passphrase field with an Unlock button, keyboard first. A wrong passphrase says so clearly;
 * the passphrase goes to the background and nowhere else (no attribute, no log, no state).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { useEnglishStrings } from '../support/english';
import { Popup, type LoadState, type PopupIntents } from '../../../components/popup/Popup';
import { recordFirstFrame } from '../../../components/popup/first-frame';
import type { Reply, StateView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';

beforeAll(useEnglishStrings);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const PASSPHRASE = 'correct horse battery staple';
const locked = (over: Partial<StateView> = {}): StateView => ({
  providers: [{ id: 'huawei', name: { en: 'Huawei Cloud', zh: '华为云' } }],
  tasks: [],
  accounts: [{ id: 'a1', provider: 'huawei', name: 'Production', settings: {}, storedSecrets: [] }],
  settings: DEFAULT_SETTINGS,
  refreshing: false,
  locked: true,
  vaultMode: 'passphrase',
  ...over,
});
const intents = (unlock: PopupIntents['unlock']): PopupIntents => ({
  page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(async () => ({ ok: true as const })),
  failedItems: vi.fn(async () => ({ ok: true as const, taskKey: 'k', items: [], total: 0, complete: true })),
  setMuted: vi.fn(async () => ({ ok: true as const })), dismiss: vi.fn(async () => ({ ok: true as const })), copy: vi.fn(async () => true),
  ...(unlock ? { unlock } : {}),
});
const show = (state: StateView, unlock: PopupIntents['unlock']) => render(<Popup load={signal<LoadState>({ kind: 'ready', state })} intents={intents(unlock)} now={NOW} />);

describe('a locked popup', () => {
  it('says first that polling stopped and how many tasks are no longer watched', () => {
    show(locked({ lockedTasks: 3 }), vi.fn());
    const first = screen.getByRole('main').querySelector('header')!.nextElementSibling!;
    expect(first.textContent).toContain('Locked: polling has stopped.');
    expect(first.textContent).toContain('3 tasks are no longer being watched.');
    expect(first.contains(screen.getByLabelText('Passphrase'))).toBe(true);
  });

  it('with nothing pending, it says only that it is locked', () => {
    show(locked(), vi.fn());
    expect(screen.getByRole('form', { name: /Locked/ }).textContent).not.toContain('no longer being watched');
  });

  it('unlocks with the passphrase typed and Enter, which goes to the background alone', async () => {
    const unlock = vi.fn(async (): Promise<Reply<object>> => ({ ok: true }));
    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    const { container } = show(locked({ lockedTasks: 1 }), unlock);
    const field = screen.getByLabelText('Passphrase');
    expect(field.getAttribute('type')).toBe('password');
    field.focus();
    fireEvent.input(field, { target: { value: PASSPHRASE } });
    fireEvent.submit(field.closest('form')!);
    await screen.findByText('Unlocked. Polling resumes.');
    expect(unlock).toHaveBeenCalledWith(PASSPHRASE);
    // Nothing on the page keeps it: not the field, not an attribute, not the next open's first frame.
    expect((field as HTMLInputElement).value).toBe('');
    const attributes = [...container.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((a) => a.value));
    expect([...attributes, container.textContent].join('\n')).not.toContain(PASSPHRASE);
    expect(JSON.stringify(recordFirstFrame(container.querySelector('main')!, 'en', 600))).not.toContain(PASSPHRASE);
    for (const spy of [log, warn, error]) expect(JSON.stringify(spy.mock.calls)).not.toContain(PASSPHRASE);
  });

  it('a wrong passphrase gets a clear error tied to the field, which keeps the focus', async () => {
    const unlock = vi.fn(async (): Promise<Reply<object>> => ({ ok: false, error: 'That passphrase is not the right one. Nothing was changed.', fieldErrors: { passphrase: 'Wrong passphrase.' } }));
    show(locked(), unlock);
    const field = screen.getByLabelText('Passphrase');
    fireEvent.input(field, { target: { value: 'not it at all' } });
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('That passphrase is not the right one. Nothing was changed.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(alert.id);
    await waitFor(() => expect(document.activeElement).toBe(field));
  });

  it('an empty field asks for the passphrase without asking the background', async () => {
    const unlock = vi.fn(async (): Promise<Reply<object>> => ({ ok: true }));
    show(locked(), unlock);
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Enter your passphrase.');
    expect(unlock).not.toHaveBeenCalled();
  });

  it('an unlocked popup has no passphrase field', () => {
    show(locked({ locked: false }), vi.fn());
    expect(screen.queryByLabelText('Passphrase')).toBeNull();
  });
});
