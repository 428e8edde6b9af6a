// @vitest-environment happy-dom
/**
 * The popup opens with "Needs attention" (issue 32): unseen failures, stopped accounts and
 * capabilities not watched, each with its action, before anything else; filters and search
 * fold away until asked for, so the first failure is on the first screen. The header says
 * when each account was last checked and opens the settings.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { useEnglishStrings } from '../support/english';
import { Popup, type LoadState, type PopupIntents } from '../../../components/popup/Popup';
import type { AccountView, StateView, TaskView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';

beforeAll(useEnglishStrings);
afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const task = (id: string, over: Partial<TaskView> = {}): TaskView => ({
  key: `a1:dns-batch:${id}`, provider: 'huawei', accountId: 'a1', kind: 'dns-batch', providerTaskId: id, label: `Batch ${id}`, status: 'succeeded', createdAt: NOW - 3 * 60_000, ...over,
});
const prod: AccountView = { id: 'a1', provider: 'huawei', name: 'Production', settings: {}, storedSecrets: [], lastPolledAt: NOW - 3 * 60_000 };
const state = (over: Partial<StateView> = {}): StateView => ({
  providers: [{ id: 'huawei', name: { en: 'Huawei Cloud', zh: '华为云' } }],
  tasks: [],
  accounts: [prod],
  settings: DEFAULT_SETTINGS,
  refreshing: false,
  ...over,
});
const intents = (over: Partial<PopupIntents> = {}): PopupIntents => ({
  page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(async () => ({ ok: true as const })),
  failedItems: vi.fn(async () => ({ ok: true as const, taskKey: 'k', items: [{ item: 'www A 1.1.1.1', message: 'exists' }], total: 1, complete: true })),
  setMuted: vi.fn(async () => ({ ok: true as const })), dismiss: vi.fn(async () => ({ ok: true as const })), copy: vi.fn(async () => true), ...over,
});
const show = (s: StateView, i = intents()) => {
  const load = signal<LoadState>({ kind: 'ready', state: s });
  render(<Popup load={load} intents={i} now={NOW} />);
  return load;
};

const failed = task('f1', { status: 'partial', failed: 3, total: 10, done: 7 });
const pending = Array.from({ length: 8 }, (_, i) => task(`p${i}`, { status: 'running' }));

describe('"Needs attention"', () => {
  it('comes first: unseen failures, stopped accounts and unwatched capabilities before filters and tasks', () => {
    show(state({
      tasks: [...pending, failed],
      unseen: [failed],
      accounts: [
        { ...prod, capabilities: [{ id: 'dcs', label: 'DCS tasks in cn-north-4', state: 'not-watched', reason: 'dcs:task:list is missing.' }] },
        { id: 'a2', provider: 'huawei', name: 'Staging', settings: {}, storedSecrets: [], problem: { errorClass: 'auth', message: 'Keys refused.', since: NOW, stopped: true } },
      ],
    }));
    const main = screen.getByRole('main');
    const attention = screen.getByRole('region', { name: 'Needs attention' });
    const tasks = screen.getByRole('region', { name: 'Batch tasks' });
    const filters = screen.getByRole('button', { name: 'Filter and search' });
    // Nothing but the header comes before it.
    expect(main.querySelector('header')!.nextElementSibling).toBe(attention);
    expect(attention.compareDocumentPosition(filters) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(filters.compareDocumentPosition(tasks) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const inside = within(attention);
    inside.getByText('Batch f1');
    inside.getByRole('button', { name: 'Show failed items' });
    inside.getByRole('button', { name: 'Dismiss' });
    inside.getByText('Keys refused.');
    inside.getByText(/DCS tasks in cn-north-4/);
    expect(inside.getAllByRole('button', { name: 'Edit account' })).toHaveLength(2);
    // Filters and search are folded until asked for.
    expect(screen.queryByRole('searchbox')).toBeNull();
    fireEvent.click(filters);
    screen.getByRole('searchbox', { name: 'Search tasks by ID or label' });
  });

  it('is absent when nothing needs the user', () => {
    show(state({ tasks: pending }));
    expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull();
  });

  it('dismisses a failure without opening it', async () => {
    const i = intents();
    show(state({ tasks: [failed], unseen: [failed] }), i);
    fireEvent.click(within(screen.getByRole('region', { name: 'Needs attention' })).getByRole('button', { name: 'Dismiss' }));
    expect(i.dismiss).toHaveBeenCalledWith([failed.key]);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Needs attention' })).toBeNull());
  });

  it('keeps a failure it opened on screen after the worker says it is seen', async () => {
    const i = intents();
    const load = show(state({ tasks: [failed], unseen: [failed] }), i);
    fireEvent.click(within(screen.getByRole('region', { name: 'Needs attention' })).getByRole('button', { name: 'Show failed items' }));
    expect(i.failedItems).toHaveBeenCalledWith(failed.key);
    // Opening is seeing: the worker's next state no longer lists it as unseen.
    load.value = { kind: 'ready', state: state({ tasks: [failed] }) };
    const attention = await screen.findByRole('region', { name: 'Needs attention' });
    await within(attention).findByText('www A 1.1.1.1');
  });
});

describe('the popup header', () => {
  it('says when each account was last checked, and "checking now…" while a cycle runs', () => {
    show(state({ accounts: [prod, { id: 'a2', provider: 'huawei', name: 'Staging', settings: {}, storedSecrets: [] }] }));
    expect(screen.getByRole('banner').title).toBe('Production: Last checked 3 min. ago\nStaging: Not checked yet');
    cleanup();
    show(state({ refreshing: true }));
    expect(screen.getByRole('banner').title).toBe('Production: checking now…');
  });

  it('opens the settings', () => {
    const i = intents();
    show(state(), i);
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    expect(i.openOptions).toHaveBeenCalled();
  });
});
