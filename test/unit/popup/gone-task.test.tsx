// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { Popup, type PopupIntents } from '../../../components/popup/Popup';
import type { StateView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { useLocaleStrings } from '../support/english';

afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const state: StateView = {
  providers: [{ id: 'dnspod', name: { en: 'DNSPod', zh: 'DNSPod' }, track: { idLabel: { en: 'Job ID', zh: '任务 ID' } } }],
  tasks: [
    { key: 'd1:dnspod-batch:409760', provider: 'dnspod', accountId: 'd1', kind: 'dnspod-batch', providerTaskId: '409760', label: 'Modify records', status: 'unknown', gone: true, createdAt: NOW - 60_000 },
    { key: 'd1:dnspod-batch:409753', provider: 'dnspod', accountId: 'd1', kind: 'dnspod-batch', providerTaskId: '409753', label: 'Add records', status: 'running', createdAt: NOW - 120_000 },
  ],
  accounts: [{ id: 'd1', provider: 'dnspod', name: 'DP', settings: {}, storedSecrets: ['secretId', 'secretKey'] }],
  settings: DEFAULT_SETTINGS,
  refreshing: false,
};
const intents = (): PopupIntents => ({
  page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(async () => ({ ok: true as const })), failedItems: vi.fn(async () => ({ ok: true as const, taskKey: 'k', items: [], total: 0, complete: true })), setMuted: vi.fn(async () => ({ ok: true as const })), copy: vi.fn(async () => true),
});

describe('popup: a task the provider no longer knows', () => {
  for (const [locale, words] of [['en', 'No longer known to DNSPod: Batchwatch has stopped asking about it.'], ['zh_CN', 'DNSPod 已查不到该任务：Batchwatch 已停止查询它。']] as const) {
    it(`says so on that task only (${locale})`, () => {
      useLocaleStrings(locale);
      render(<Popup load={signal({ kind: 'ready', state })} intents={intents()} now={NOW} />);
      const notes = screen.getAllByText(words);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.closest('li')?.textContent).toContain('409760');
    });
  }
});
