// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, fireEvent, waitFor } from '@testing-library/preact';

afterEach(cleanup);
import { signal } from '@preact/signals';
import { FailedItemsPanel, type PanelClient } from '../../../components/panel/FailedItemsPanel';
import { groupFailures } from '../../../lib/console/failure-groups';
import { visibleRange } from '../../../components/panel/VirtualList';
import { hintKey } from '../../../components/panel/strings';
import type { FailedItemView } from '../../../lib/providers/types';
import { panelWords } from '../../../lib/engine/service/panel-words';

const items = (n: number): FailedItemView[] =>
  Array.from({ length: n }, (_, i) => ({ item: `host${i}.example.com A 192.0.2.${i % 250}`, code: i % 3 ? 'DNS.0312' : undefined, message: i % 3 ? 'The record set already exists.' : 'Quota exceeded.' }));

function client(list: FailedItemView[]): PanelClient {
  return {
    tasks: async () => ({ ok: true, tasks: [{ key: 'a:dns-batch:1', providerTaskId: '9a18', label: 'Add record sets', status: 'partial', failed: list.length, total: list.length * 2 }] }),
    failedItems: async (taskKey) => ({ ok: true, taskKey, items: list, total: list.length, complete: true }),
    track: async () => ({ ok: true }),
  };
}

const props = (c: PanelClient, over: Partial<Parameters<typeof FailedItemsPanel>[0]> = {}) => ({
  family: 'huawei' as const, words: panelWords('en'), client: c, collapsed: signal(false), onCollapsedChange: vi.fn(), foundTaskIds: signal<string[]>([]), download: vi.fn(), ...over,
});

describe('FailedItemsPanel', () => {
  it('groups failures by code (or message) with counts and a fix hint', async () => {
    render(<FailedItemsPanel {...props(client(items(9)))} />);
    await screen.findByText('Failures by reason');
    expect(groupFailures(items(9)).map((g) => [g.code, g.count])).toEqual([['DNS.0312', 6], [undefined, 3]]);
    expect(screen.getAllByText('The record already exists: delete or skip it, then resubmit the rest.').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Quota exceeded: raise the quota or split the batch.').length).toBeGreaterThan(0);
  });

  it('renders 10,000 failed items with at most 100 rows in the DOM', async () => {
    const { container } = render(<FailedItemsPanel {...props(client(items(10_000)))} />);
    await screen.findByText('Failed items');
    const rows = container.querySelectorAll('.row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(100);
    expect(visibleRange(280 * 100, 280, 28, 10_000, 8)).toEqual([992, 1018]);
  });

  it('tells two accounts of one provider apart by their colour, named in words', async () => {
    const c: PanelClient = {
      ...client(items(2)),
      tasks: async () => ({ ok: true, tasks: [
        { key: 'a:dns-batch:1', providerTaskId: '9a18', label: 'Add record sets', status: 'partial', failed: 2, color: 'teal' },
        { key: 'b:dns-batch:2', providerTaskId: '9a19', label: 'Add record sets', status: 'partial', failed: 1 },
      ] }),
    };
    const { container } = render(<FailedItemsPanel {...props(c)} />);
    await screen.findByText('Account colour: Teal');
    expect(container.querySelector('.account-color .chip')?.className).toBe('chip chip-teal');
    expect(screen.getByRole('option', { name: '2 failed · [Teal] Add record sets · 9a18' })).toBeTruthy();
    cleanup();
    render(<FailedItemsPanel {...props(c, { words: panelWords('zh') })} />);
    await screen.findByText('账号颜色：青色');
  });

  it('shows HTML from the API as text', async () => {
    const hostile = [{ item: '<b>bold</b>', message: '<img src=x onerror=alert(1)>' }];
    const { container } = render(<FailedItemsPanel {...props(client(hostile))} />);
    await screen.findAllByText('<img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('collapses with Escape and reports it to be remembered', async () => {
    const onCollapsedChange = vi.fn();
    const p = props(client(items(3)), { onCollapsedChange });
    render(<FailedItemsPanel {...p} />);
    const toggle = await screen.findByRole('button', { name: /Hide failed items/ });
    fireEvent.keyDown(toggle, { key: 'Escape' });
    await waitFor(() => expect(onCollapsedChange).toHaveBeenCalledWith(true));
    expect(screen.getByRole('button', { name: /Show failed items/ }).getAttribute('aria-expanded')).toBe('false');
  });

  it('exports CSV, JSON and a resubmit file of the selected task', async () => {
    const download = vi.fn();
    render(<FailedItemsPanel {...props(client(items(3)), { download })} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    fireEvent.click(screen.getByRole('button', { name: 'Resubmit file' }));
    expect(download.mock.calls.map((c) => c[0])).toEqual(['batchwatch-huawei-9a18.csv', 'batchwatch-huawei-9a18.json', 'batchwatch-huawei-9a18-resubmit.csv']);
    expect(String(download.mock.calls[0]![1]).startsWith('\uFEFFitem,code,message')).toBe(true);
  });

  it('says "first N of M" in the panel and the file names when the API cannot page to the rest (issue 19)', async () => {
    const download = vi.fn();
    const shown = items(4);
    const capped: PanelClient = { ...client(shown), failedItems: async (taskKey) => ({ ok: true, taskKey, items: shown, total: 4500, complete: false }) };
    render(<FailedItemsPanel {...props(capped, { download })} />);
    await screen.findByText('First 4 of 4500 failed items; the console has the rest.');
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    fireEvent.click(screen.getByRole('button', { name: 'Resubmit file' }));
    expect(download.mock.calls.map((c) => c[0])).toEqual(['batchwatch-huawei-9a18-first-4-of-4500.csv', 'batchwatch-huawei-9a18-first-4-of-4500.json', 'batchwatch-huawei-9a18-first-4-of-4500-resubmit.csv']);
    // The contents say it too; the resubmit file stays in the console's import format (its name says it).
    const note = 'First 4 of 4500 failed items; the console has the rest.';
    expect(String(download.mock.calls[0]![1]).split('\r\n')[0]).toBe(`\uFEFF"# ${note}"`);
    expect(JSON.parse(String(download.mock.calls[1]![1]))).toMatchObject({ truncated: { shown: 4, total: 4500, note } });
    expect(String(download.mock.calls[2]![1])).not.toContain(note);
    expect(String(download.mock.calls[2]![1]).startsWith('\uFEFFitem,code,message\r\n')).toBe(true);
  });

  it('says so when the console has no task with failures, and when loading fails', async () => {
    const empty: PanelClient = { ...client([]), tasks: async () => ({ ok: true, tasks: [] }) };
    render(<FailedItemsPanel {...props(empty)} />);
    await screen.findByText('No recent tasks with failures for this console.');
  });
});

describe('fix hints', () => {
  it.each([
    ['DNS.0312', 'The record set already exists.', 'hintExists'],
    [undefined, '记录已经存在', 'hintExists'],
    ['QuotaExceeded.Record', 'quota', 'hintQuota'],
    [undefined, 'Invalid record value: 300.1.1.1', 'hintInvalid'],
    [undefined, 'Something else', 'hintUnknown'],
  ])('%s %s → %s', (code, message, key) => expect(hintKey(code, message)).toBe(key));
});
