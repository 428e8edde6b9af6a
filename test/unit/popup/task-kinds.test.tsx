// @vitest-environment happy-dom
/**
 * A task kind with a name in the catalogue (the words are keyed by kind, never by a provider
 * or a source in the popup's code) is shown on its rows and offered by the kind filter; the
 * worker is asked for that kind only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { Popup, type PopupIntents } from '../../../components/popup/Popup';
import type { StateView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { kindWords } from '../../../components/common/kind';
import { useLocaleStrings } from '../support/english';

afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const state: StateView = {
  providers: [{ id: 'alibaba', name: { en: 'Alibaba Cloud', zh: '阿里云' } }],
  tasks: [
    { key: 'a1:cdn-refresh-url:704225667', provider: 'alibaba', accountId: 'a1', kind: 'cdn-refresh-url', providerTaskId: '704225667', label: 'example.com', status: 'running', createdAt: NOW - 60_000 },
    { key: 'a1:cdn-preload:704225668', provider: 'alibaba', accountId: 'a1', kind: 'cdn-preload', providerTaskId: '704225668', label: 'example.com', status: 'running', createdAt: NOW - 90_000 },
    { key: 'a1:alidns-batch:1234567', provider: 'alibaba', accountId: 'a1', kind: 'alidns-batch', providerTaskId: '1234567', label: 'Add records (RR_ADD)', status: 'running', createdAt: NOW - 120_000 },
  ],
  accounts: [{ id: 'a1', provider: 'alibaba', name: 'Shop', settings: {}, storedSecrets: [] }],
  settings: DEFAULT_SETTINGS,
  refreshing: false,
};
const intents = (): PopupIntents => ({
  page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(async () => ({ ok: true as const })), failedItems: vi.fn(async () => ({ ok: true as const, taskKey: 'k', items: [], total: 0, complete: true })), setMuted: vi.fn(async () => ({ ok: true as const })), copy: vi.fn(async () => true),
});

describe('popup: task kinds', () => {
  it('names a kind from the catalogue, and none for a kind it has no words for', () => {
    expect(kindWords('cdn-refresh-url')).toBe('kindCdnRefreshUrl');
    expect(kindWords('cdn-preload')).toBe('kindCdnPreload');
    expect(kindWords('alidns-batch')).toBeUndefined();
    expect(kindWords('')).toBeUndefined();
  });

  for (const [locale, refresh, preload] of [['en', 'Refresh URLs', 'Preload'], ['zh_CN', '刷新 URL', '预热']] as const) {
    it(`shows the kind on its rows and filters by it, asking the worker for that kind (${locale})`, () => {
      useLocaleStrings(locale);
      const popupIntents = intents();
      const { container } = render(<Popup load={signal({ kind: 'ready', state })} intents={popupIntents} now={NOW} />);
      const labels = [...container.querySelectorAll('.task-label')].map((l) => l.textContent);
      expect(labels).toEqual([`${refresh} · example.com`, `${preload} · example.com`, 'Add records (RR_ADD)']);
      fireEvent.click(container.querySelector('.filters-toggle')!);
      const select = screen.getByRole('combobox', { name: locale === 'en' ? 'Kind' : '类型' }) as HTMLSelectElement;
      expect([...select.options].map((o) => o.textContent)).toEqual([locale === 'en' ? 'All kinds' : '全部类型', refresh, preload]);
      fireEvent.change(select, { target: { value: 'cdn-preload' } });
      expect([...container.querySelectorAll('.task-label')].map((l) => l.textContent)).toEqual([`${preload} · example.com`]);
    });
  }

  it('asks the worker for one kind when the popup does not hold every task', async () => {
    useLocaleStrings('en');
    const popupIntents = intents();
    const { container } = render(<Popup load={signal({ kind: 'ready', state: { ...state, taskCount: 500, more: true } })} intents={popupIntents} now={NOW} />);
    fireEvent.click(container.querySelector('.filters-toggle')!);
    fireEvent.change(screen.getByRole('combobox', { name: 'Kind' }), { target: { value: 'cdn-preload' } });
    await waitFor(() => expect(popupIntents.page).toHaveBeenLastCalledWith(expect.objectContaining({ filter: { kind: 'cdn-preload' } })));
  });
});
