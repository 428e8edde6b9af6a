// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { useEnglishStrings, useLocaleStrings } from '../support/english';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { Popup, FIRST_PAINT_ROWS, PAGE_ROWS, MORE_ROWS, type LoadState, type PopupIntents } from '../../../components/popup/Popup';
import type { StateView, TaskView } from '../../../lib/messaging/messages';
import { taskOrder } from '../../../lib/providers/types';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';

beforeAll(useEnglishStrings);
afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const task = (id: string, over: Partial<TaskView> = {}): TaskView => ({
  key: `a1:dns-batch:${id}`, provider: 'huawei', accountId: 'a1', kind: 'dns-batch', providerTaskId: id, label: 'Add record sets', status: 'succeeded', createdAt: NOW - 3 * 60_000, ...over,
});
const state = (over: Partial<StateView> = {}): StateView => ({
  providers: [{ id: 'huawei', name: { en: 'Huawei Cloud', zh: '华为云' } }, { id: 'dnspod', name: { en: 'DNSPod', zh: 'DNSPod' }, track: { idLabel: { en: 'Job ID', zh: '任务 ID' } } }],
  tasks: [],
  accounts: [{ id: 'a1', provider: 'huawei', name: 'Production', settings: { region: 'cn-north-4' }, storedSecrets: ['accessKeyId', 'secretAccessKey'] }],
  settings: DEFAULT_SETTINGS,
  refreshing: false,
  ...over,
});
const intents = (over: Partial<PopupIntents> = {}): PopupIntents => ({
  page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(async () => ({ ok: true as const })), failedItems: vi.fn(async () => ({ ok: true as const, taskKey: 'k', items: [], total: 0, complete: true })), setMuted: vi.fn(async () => ({ ok: true as const })), copy: vi.fn(async () => true), ...over,
});
/** Filters and search fold away until asked for. */
const openFilters = (): void => {
  const toggle = screen.queryByRole('button', { name: 'Filter and search' });
  if (toggle) fireEvent.click(toggle);
};
const searchBox = (): HTMLElement => {
  openFilters();
  return screen.getByLabelText('Search');
};
const show = (load: LoadState, i = intents()) => render(<Popup load={signal(load)} intents={i} now={NOW} />);

describe('popup', () => {
  it('shows a loading state', () => {
    show({ kind: 'loading' });
    expect(screen.getByRole('status').textContent).toBe('Loading…');
  });

  it('says what to do when there is no account, and opens the options', () => {
    const i = intents();
    show({ kind: 'ready', state: state({ accounts: [] }) }, i);
    screen.getByText('No batch tasks yet — add an account');
    fireEvent.click(screen.getByRole('button', { name: 'Add an account' }));
    expect(i.openOptions).toHaveBeenCalled();
  });

  it('shows an error in words with a retry', () => {
    const i = intents();
    show({ kind: 'error', message: 'Could not establish connection.' }, i);
    screen.getByText('Could not establish connection.');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(i.retry).toHaveBeenCalled();
  });

  it('lists pending tasks first, then the newest, with id, status word, progress, failures and age', () => {
    const tasks = [task('old', { createdAt: NOW - 7200_000 }), task('running', { status: 'running', createdAt: NOW - 9000_000 }), task('new', { status: 'partial', total: 2000, done: 1880, failed: 120, createdAt: NOW - 60_000 })];
    expect([...tasks].sort(taskOrder).map((t) => t.providerTaskId)).toEqual(['running', 'new', 'old']);
    show({ kind: 'ready', state: state({ tasks }) });
    screen.getByText('running');
    screen.getByText(/Finished with failures/, { selector: 'span.status' });
    screen.getByText('120 failed');
    screen.getByText('2,000 of 2,000 done');
    screen.getByText('1 min. ago');
  });

  it('puts account problems on top, in words, with the fix', () => {
    show({ kind: 'ready', state: state({ accounts: [{ ...state().accounts[0]!, problem: { errorClass: 'auth', message: 'Huawei Cloud rejected the access key.', since: NOW, stopped: true } }] }) });
    expect(screen.getAllByRole('alert')[0]!.textContent).toContain('Huawei Cloud rejected the access key.');
    screen.getByRole('button', { name: 'Edit account' });
  });

  it('shows rows a list could not read, counted, with their shapes as text (issue 19)', () => {
    const note = { message: '2 DCS tasks from Production could not be read: Batchwatch skipped them (the answer had no task ID).', shapes: ['{"id":"null","name":"<b>string</b>"}'] };
    const { container } = show({ kind: 'ready', state: state({ accounts: [{ ...state().accounts[0]!, unreadable: [note] }] }) });
    screen.getByText(note.message);
    screen.getByText('What they looked like (for a bug report; no values)');
    expect(container.querySelector('pre')!.textContent).toBe(note.shapes[0]);
    expect(container.querySelector('pre b')).toBeNull();
  });

  it('says which capability of an account is not watched and why, and is silent about the watched ones (issue 28)', () => {
    const capabilities = [
      { id: 'dns', label: 'DNS tasks', state: 'watched' as const },
      { id: 'dcs:cn-east-3', label: 'DCS tasks in cn-east-3', state: 'not-watched' as const, reason: 'Missing permission dcs:task:list: give this IAM user that action.' },
    ];
    const { container } = show({ kind: 'ready', state: state({ accounts: [{ ...state().accounts[0]!, capabilities }] }) });
    screen.getByText(/DCS tasks in cn-east-3 are not watched\./);
    screen.getByText('Missing permission dcs:task:list: give this IAM user that action.');
    expect(container.querySelector('[data-capability="dns"]')).toBeNull();
  });

  it('says when the vault is locked', () => {
    const i = intents();
    show({ kind: 'ready', state: state({ locked: true }) }, i);
    screen.getByText('Locked: polling has stopped. Enter your passphrase to resume.');
    // Unlocking happens right there (test/unit/popup/unlock.test.tsx).
    screen.getByLabelText('Passphrase');
    screen.getByRole('button', { name: 'Unlock' });
  });

  it('renders HTML in API strings as text', () => {
    const { container } = show({ kind: 'ready', state: state({ tasks: [task('x', { label: '<img src=x onerror=alert(1)>' })] }) });
    screen.getByText('<img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
  });

  it('says how many task ids a console showed that were not tracked, naming the console', () => {
    show({ kind: 'ready', state: state({ untracked: [{ console: 'console.dnspod.cn', count: 90, lastAt: NOW }] }) });
    expect(screen.getByText(/90 task ids seen on console\.dnspod\.cn were not tracked/).getAttribute('role')).toBe('status');
  });

  it('filters by status and searches ids and labels', () => {
    show({ kind: 'ready', state: state({ tasks: [task('aaa', { status: 'running' }), task('bbb', { label: 'Delete record sets' })] }) });
    fireEvent.input(searchBox(), { target: { value: 'delete' } });
    expect(screen.queryByText('aaa')).toBeNull();
    screen.getByText('bbb');
    fireEvent.input(searchBox(), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'running' } });
    screen.getByText('aaa');
    expect(screen.queryByText('bbb')).toBeNull();
  });

  it('paints 8 of 500 tasks in the first frame, the rest of the first 50 after it, and 50 more per request', async () => {
    const tasks = Array.from({ length: 500 }, (_, i) => task(`t${i}`, { createdAt: NOW - i * 1000 }));
    const { container } = show({ kind: 'ready', state: state({ tasks }) });
    expect([FIRST_PAINT_ROWS, PAGE_ROWS, MORE_ROWS]).toEqual([8, 50, 50]);
    expect(container.querySelectorAll('.task')).toHaveLength(FIRST_PAINT_ROWS);
    await waitFor(() => expect(container.querySelectorAll('.task')).toHaveLength(PAGE_ROWS));
    fireEvent.click(screen.getByRole('button', { name: /Show 50 more/ }));
    expect(container.querySelectorAll('.task')).toHaveLength(PAGE_ROWS + MORE_ROWS);
  });

  it('asks the worker for a search when it holds only the first page, and says it is searching until the answer', async () => {
    const i = intents();
    show({ kind: 'ready', state: state({ tasks: [task('a'), task('b')], taskCount: 500 }) }, i);
    await screen.findByRole('button', { name: 'Show 50 more (498 not shown)' });
    expect(i.page).not.toHaveBeenCalled();
    fireEvent.input(searchBox(), { target: { value: ' zzz ' } });
    await waitFor(() => expect(i.page).toHaveBeenLastCalledWith({ limit: PAGE_ROWS, query: 'zzz' }));
    screen.getByText('Searching…');
    expect(screen.queryByText('No tasks match these filters.')).toBeNull();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    await waitFor(() => expect(i.page).toHaveBeenLastCalledWith({ limit: PAGE_ROWS, filter: { status: 'failed' }, query: 'zzz' }));
  });

  it('shows the worker\'s answer; "show more" asks it for the next rows, counted when the worker could count them', async () => {
    const i = intents();
    const load = signal<LoadState>({ kind: 'ready', state: state({ tasks: [task('first')], taskCount: 10_000 }) });
    const { container } = render(<Popup load={load} intents={i} now={NOW} />);
    fireEvent.input(searchBox(), { target: { value: 'zone' } });
    const asked = { limit: PAGE_ROWS, query: 'zone' };
    await waitFor(() => expect(i.page).toHaveBeenLastCalledWith(asked));
    const zones = (from: number, n: number) => Array.from({ length: n }, (_, k) => task(`z${from + k}`, { label: 'zone example.com', createdAt: NOW - (from + k) * 1000 }));
    load.value = { kind: 'ready', state: state({ tasks: zones(0, 50), taskCount: 10_000, more: true }), answers: asked };
    // The worker stopped looking once it had a page and one more: it does not know how many.
    fireEvent.click(await screen.findByRole('button', { name: 'Show 50 more' }));
    await waitFor(() => expect(i.page).toHaveBeenLastCalledWith({ limit: PAGE_ROWS + MORE_ROWS, query: 'zone' }));
    load.value = { kind: 'ready', state: state({ tasks: zones(0, 100), taskCount: 10_000, matching: 120, more: true }), answers: { limit: PAGE_ROWS + MORE_ROWS, query: 'zone' } };
    await screen.findByRole('button', { name: 'Show 20 more (20 not shown)' });
    expect(container.querySelectorAll('.task')).toHaveLength(100);
    expect(screen.queryByText('Searching…')).toBeNull();
  });

  it('filters a history it holds whole by itself, without asking the worker', async () => {
    const i = intents();
    show({ kind: 'ready', state: state({ tasks: [task('aaa'), task('bbb')], taskCount: 2 }) }, i);
    fireEvent.input(searchBox(), { target: { value: 'zzz' } });
    await screen.findByText('No tasks match these filters.');
    expect(i.page).not.toHaveBeenCalled();
  });

  it('asks the worker for the tasks a notification named when it does not hold them all', async () => {
    const i = intents();
    const focus = signal<string[] | null>(['a1:dns-batch:x9']);
    render(<Popup load={signal({ kind: 'ready', state: state({ tasks: [task('a')], taskCount: 900 }) })} intents={i} now={NOW} focus={focus} />);
    await waitFor(() => expect(i.page).toHaveBeenLastCalledWith({ limit: PAGE_ROWS, filter: { keys: ['a1:dns-batch:x9'] } }));
  });

  it('names every filter for what it does, so it is not mistaken for the Track form\'s "Account"', () => {
    show({ kind: 'ready', state: state({ accounts: [{ id: 'd1', provider: 'dnspod', name: 'ops', settings: {}, storedSecrets: [] }] }) });
    openFilters();
    for (const name of ['Filter by provider', 'Filter by account', 'Filter by status']) screen.getByRole('combobox', { name });
    screen.getByRole('searchbox', { name: 'Search tasks by ID or label' });
    expect(screen.getAllByRole('combobox', { name: 'Account' })).toHaveLength(1);
    screen.getByRole('textbox', { name: 'Task ID' });
  });

  it('mutes an unfinished task with a button named "Mute"; a muted row says so and offers "Unmute"; finished rows have neither', async () => {
    const setMuted = vi.fn(async () => ({ ok: true as const }));
    const tasks = [task('run', { status: 'running' }), task('quiet', { status: 'pending', muted: true }), task('done')];
    show({ kind: 'ready', state: state({ tasks }) }, intents({ setMuted }));
    expect(screen.getAllByRole('button', { name: 'Mute' })).toHaveLength(1);
    const unmute = screen.getByRole('button', { name: 'Unmute' });
    expect(unmute.getAttribute('aria-pressed')).toBe('true');
    screen.getByText('Muted: not counted on the badge, no notification. Ends when the task finishes.');
    fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    await waitFor(() => expect(setMuted).toHaveBeenCalledWith('a1:dns-batch:run', true));
    fireEvent.click(unmute);
    await waitFor(() => expect(setMuted).toHaveBeenCalledWith('a1:dns-batch:quiet', false));
  });

  it('says in words when a mute could not be changed', async () => {
    const setMuted = vi.fn(async () => ({ ok: false as const, error: 'That task has finished: there is nothing left to mute.' }));
    show({ kind: 'ready', state: state({ tasks: [task('run', { status: 'running' })] }) }, intents({ setMuted }));
    fireEvent.click(screen.getByRole('button', { name: 'Mute' }));
    await screen.findByText('Could not change the mute: That task has finished: there is nothing left to mute.');
  });

  it('copies a task id and says "Copied" where the button is, or how to copy by hand', async () => {
    const copy = vi.fn(async () => true);
    show({ kind: 'ready', state: state({ tasks: [task('409752')] }) }, intents({ copy }));
    const button = screen.getByRole('button', { name: 'Copy task ID' });
    expect(document.getElementById(button.getAttribute('aria-describedby')!)?.textContent).toBe('409752');
    fireEvent.click(button);
    await screen.findByText('Copied');
    expect(copy).toHaveBeenCalledWith('409752');
    cleanup();
    show({ kind: 'ready', state: state({ tasks: [task('409752')] }) }, intents({ copy: vi.fn(async () => false) }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy task ID' }));
    await screen.findByText('Could not copy: select the ID and copy it by hand.');
  });

  it('marks each row with its account\'s colour, from a fixed set of colours only', () => {
    const { container } = show({ kind: 'ready', state: state({ tasks: [task('x')], accounts: [{ ...state().accounts[0]!, color: 'teal' }] }) });
    const chip = container.querySelector('.task .chip');
    expect(chip?.className).toBe('chip chip-teal');
    expect(chip?.getAttribute('aria-hidden')).toBe('true');
  });

  it('shows only the tasks a notification named, until "Show all tasks"', () => {
    const focus = signal<string[] | null>(['a1:dns-batch:b', 'a1:dns-batch:c']);
    const i = intents();
    render(<Popup load={signal({ kind: 'ready', state: state({ tasks: [task('a'), task('b'), task('c')] }) })} intents={i} now={NOW} focus={focus} />);
    screen.getByText('Showing 2 tasks from a notification.');
    expect(screen.queryByText('a', { selector: 'code' })).toBeNull();
    screen.getByText('b', { selector: 'code' });
    fireEvent.click(screen.getByRole('button', { name: 'Show all tasks' }));
    screen.getByText('a', { selector: 'code' });
    expect(focus.value).toBeNull();
  });

  it('asks for the keys of an account imported without them', () => {
    const i = intents();
    show({ kind: 'ready', state: state({ accounts: [{ ...state().accounts[0]!, needsSecrets: true }] }) }, i);
    screen.getByText('Enter this account\'s keys to start polling.', { exact: false });
    fireEvent.click(screen.getByRole('button', { name: 'Edit account' }));
    expect(i.openOptions).toHaveBeenCalled();
  });

  it('tracks a task by id and shows the provider\'s refusal next to the field', async () => {
    const track = vi.fn(async () => ({ ok: false as const, error: 'DNSPod has no batch job with this ID.', fieldErrors: { taskId: 'DNSPod has no batch job with this ID.' } }));
    show({ kind: 'ready', state: state({ accounts: [{ id: 'd1', provider: 'dnspod', name: 'ops', settings: {}, storedSecrets: [] }] }) }, intents({ track }));
    fireEvent.click(screen.getByRole('button', { name: 'Track' }));
    await screen.findByText('This field is required.');
    fireEvent.input(screen.getByLabelText('Task ID'), { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Track' }));
    await screen.findByText('DNSPod has no batch job with this ID.');
    expect(track).toHaveBeenCalledWith('d1', '1');
    expect(screen.getByLabelText('Task ID').getAttribute('aria-invalid')).toBe('true');
  });

  describe('failed items the API could not page to (issue 19)', () => {
    const capped = (complete: boolean, total: number) => intents({
      failedItems: vi.fn(async () => ({ ok: true as const, taskKey: 'k', items: Array.from({ length: 7 }, (_, i) => ({ item: `h${i}.example.com. A`, message: 'Duplicate record set exists.' })), total, complete })),
    });
    const finished = state({ tasks: [task('9a18', { status: 'partial', failed: 4500, total: 4501, consoleUrl: 'https://console.huaweicloud.com/dns/' })] });

    it('say "First N of M failed items; the console has the rest", in English and in Chinese', async () => {
      show({ kind: 'ready', state: finished }, capped(false, 4500));
      fireEvent.click(screen.getByRole('button', { name: 'Show failed items' }));
      expect((await screen.findByRole('note')).textContent).toBe('First 7 of 4,500 failed items; the console has the rest.');
      cleanup();
      useLocaleStrings('zh_CN');
      try {
        show({ kind: 'ready', state: finished }, capped(false, 4500));
        fireEvent.click(screen.getByRole('button', { name: '查看失败条目' }));
        expect((await screen.findByRole('note')).textContent).toBe('仅显示前 7 条（共 4,500 条失败）；其余请在控制台查看。');
      } finally {
        useEnglishStrings();
      }
    });

    it('say nothing of the kind when every failed item was fetched', async () => {
      show({ kind: 'ready', state: finished }, capped(true, 7));
      fireEvent.click(screen.getByRole('button', { name: 'Show failed items' }));
      await screen.findByText('h0.example.com. A');
      expect(screen.queryByRole('note')).toBeNull();
    });
  });
});
