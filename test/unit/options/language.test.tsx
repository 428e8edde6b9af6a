// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { Options, type OptionsIntents } from '../../../components/options/Options';
import { setLang } from '../../../components/common/i18n';
import { LOCALES, render as say } from '../../../lib/i18n/catalogue';
import type { Lang } from '../../../lib/i18n/lang';
import type { StateView } from '../../../lib/messaging/messages';
import { settingsSchema } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { ageWords } from '../../../lib/popup/age';

beforeEach(() => setLang('en'));
afterEach(cleanup);

const state: StateView = { providers: [], tasks: [], accounts: [], settings: DEFAULT_SETTINGS, refreshing: false, vaultMode: 'device', locked: false };
const intents = (over: Partial<OptionsIntents> = {}): OptionsIntents => ({
  ensureHostAccess: vi.fn(async () => true), save: vi.fn(), remove: vi.fn(), test: vi.fn(),
  saveSettings: vi.fn(async () => ({ ok: true as const })), vault: vi.fn(async () => ({ ok: true as const })),
  shortcut: vi.fn(async () => ''), download: vi.fn(), importAccounts: vi.fn(), openShortcutSettings: vi.fn(),
  chooseLanguage: vi.fn((choice) => setLang(choice === 'zh' ? 'zh' : 'en')),
  ...over,
} as OptionsIntents);

describe('options: the language', () => {
  it('offers the browser’s language and one per locale file (English, 简体中文), each named in itself, the browser’s chosen by default', () => {
    render(<Options providers={[]} load={signal({ kind: 'ready', state })} intents={intents()} />);
    const select = screen.getByLabelText<HTMLSelectElement>('Language of Batchwatch');
    const options = [...select.options].map((o) => [o.value, o.textContent, o.lang]);
    expect(options).toEqual([['auto', 'Browser default', ''], ...Object.entries(LOCALES).map(([lang, { tag }]) => [lang, say({ id: 'languageName' }, lang as Lang), tag])]);
    expect(options).toEqual(expect.arrayContaining([['en', 'English', 'en'], ['zh', '简体中文', 'zh-CN']]));
    expect(select.value).toBe('auto');
  });

  it('is followed by every word on the page at once, and saved alone', () => {
    const i = intents();
    render(<Options providers={[]} load={signal({ kind: 'ready', state })} intents={i} />);
    fireEvent.change(screen.getByLabelText('Language of Batchwatch'), { target: { value: 'zh' } });
    expect(i.chooseLanguage).toHaveBeenCalledWith('zh');
    expect(i.saveSettings).toHaveBeenCalledWith({ language: 'zh' });
    // The same components, not a reload: they read the language as they render.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Batchwatch 设置');
    expect(screen.getByRole('heading', { name: '语言' })).toBeTruthy();
    act(() => setLang('en'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Batchwatch options');
  });

  it('is not sent again by the settings form, which would undo a choice made since the page read it', () => {
    const i = intents();
    render(<Options providers={[]} load={signal({ kind: 'ready', state })} intents={i} />);
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(i.saveSettings).toHaveBeenCalledWith(expect.not.objectContaining({ language: expect.anything() }));
  });

  it('is stored as one of its three choices; anything else reads as the browser’s', () => {
    expect(settingsSchema.parse({}).language).toBe('auto');
    expect(settingsSchema.parse({ language: 'zh' }).language).toBe('zh');
    expect(settingsSchema.parse({ language: 'fr' }).language).toBe('auto');
    expect(settingsSchema.parse({ language: { en: 1 } }).language).toBe('auto');
  });
});

describe('ages in the user’s language', () => {
  const now = Date.UTC(2026, 0, 10, 12);
  it('are words of Intl, per locale', () => {
    expect(ageWords(now - 30_000, now, 'en')).toBeUndefined();
    expect(ageWords(now - 3 * 60_000, now, 'en')).toBe('3 min. ago');
    expect(ageWords(now - 3 * 60_000, now, 'zh-CN')).toBe('3分钟前');
    expect(ageWords(now - 5 * 3_600_000, now, 'zh-CN')).toBe('5小时前');
    expect(ageWords(now - 3 * 86_400_000, now, 'en')).toBe('3 days ago');
  });
});
