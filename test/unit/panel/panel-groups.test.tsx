// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { FailedItemsPanel, type PanelClient } from '../../../components/panel/FailedItemsPanel';
import { detectConsolePage } from '../../../lib/console/pages';
import { tasksForPage } from '../../../lib/console/panel-tasks';
import type { PanelTaskView } from '../../../lib/messaging/messages';
import type { FailedItemView } from '../../../lib/providers/types';
import { panelWords } from '../../../lib/engine/service/panel-words';

afterEach(cleanup);

const HOST = 'https://console.huaweicloud.com';
const DNS_PAGE = `${HOST}/dns/?region=cn-north-4#/dns/publiczones`;
const DCS_PAGE = `${HOST}/dcs/?region=cn-north-4#/dcs/manager/cacheList`;

/** 200 failures whose messages differ only in the address, and 20 that already exist. */
const invalid = Array.from({ length: 200 }, (_, i): FailedItemView => ({ item: `h${i}.example.com. A`, message: `Invalid record value: ${300 + i}.300.1.1 is not an IPv4 address.`, fields: { name: `h${i}.example.com.`, type: 'A', records: `${300 + i}.300.1.1` } }));
const existing = Array.from({ length: 20 }, (_, i): FailedItemView => ({ item: `e${i}.example.com. A`, code: 'DNS.0312', message: `Duplicate record set exists. (name: e${i}.example.com., type: A, records: 192.0.2.${i}).`, fields: { name: `e${i}.example.com.`, type: 'A', records: `192.0.2.${i}` } }));

const DNS_TASK: PanelTaskView = { key: 'a:dns-batch:9a18', providerTaskId: '9a18', label: 'Add record sets', status: 'partial', failed: 220, total: 2000, consoleUrl: DNS_PAGE };
const DCS_TASK: PanelTaskView = { key: 'a:dcs-task:d7', providerTaskId: 'd7', label: 'DCS RESTART', status: 'failed', failed: 1, total: 1, consoleUrl: DCS_PAGE };
const DCS_ITEMS: FailedItemView[] = [{ item: 'DCS RESTART', code: 'DCS.4039', message: 'The DCS task failed with error code DCS.4039.' }];

/** The background's side: the tasks ordered for the page the console is on now (`at.url`). */
function client(tasks: PanelTaskView[], itemsOf: Record<string, FailedItemView[]>, at: { url?: string } = {}): PanelClient & { asked: string[]; at: { url?: string } } {
  const asked: string[] = [];
  return {
    asked,
    at,
    tasks: async () => {
      const page = at.url ? detectConsolePage(at.url) : undefined;
      if (!page) return { ok: true, tasks };
      const { here, others } = tasksForPage(tasks, page);
      return { ok: true, tasks: [...here, ...others], here: here.length };
    },
    failedItems: async (taskKey) => {
      asked.push(taskKey);
      const items = itemsOf[taskKey] ?? [];
      return { ok: true, taskKey, items, total: items.length, complete: true };
    },
    track: async () => ({ ok: true }),
  };
}

function renderPanel(c: PanelClient, over: { lang?: 'en' | 'zh'; download?: Download } = {}) {
  const navigations = signal(0);
  const download: Download = over.download ?? vi.fn<(filename: string, content: string, mime: string) => void>();
  const view = render(<FailedItemsPanel family="huawei" words={panelWords(over.lang ?? 'en')} client={c} collapsed={signal(false)} onCollapsedChange={vi.fn()} foundTaskIds={signal<string[]>([])} navigations={navigations} download={download} />);
  return { ...view, navigations, download };
}

type Download = Mock<(filename: string, content: string, mime: string) => void>;
const contentOf = (download: Download, n: number): string => String(download.mock.calls[n]![1]);
const csvRows = (csv: string): string[] => csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

describe('failures grouped by reason', () => {
  it('200 failures that differ only in the value are one group of 200, showing one example', async () => {
    renderPanel(client([DNS_TASK], { [DNS_TASK.key]: [...invalid, ...existing] }));
    const group = await screen.findByRole('button', { name: /^200 × / });
    expect(group.textContent).toBe('200 × e.g. Invalid record value: 300.300.1.1 is not an IPv4 address.');
    expect(screen.getByRole('button', { name: /^20 × DNS\.0312/ })).toBeTruthy();
    expect(screen.getAllByRole('button', { pressed: false }).length).toBe(2);
  });

  it('choosing a group filters the list and the exports take it; choosing it again (or "Show all") gives everything back', async () => {
    const { download, container } = renderPanel(client([DNS_TASK], { [DNS_TASK.key]: [...invalid, ...existing] }));
    const group = await screen.findByRole('button', { name: /^20 × DNS\.0312/ });
    fireEvent.click(group);
    expect(group.getAttribute('aria-pressed')).toBe('true');
    await screen.findByText('Showing 20 of 220 failed items: the reasons chosen above. Exports take these.');
    expect(container.querySelector('.rows')?.getAttribute('style')).toContain(`height: ${20 * 28}px`);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(download.mock.calls.map((c) => c[0])).toEqual(['batchwatch-huawei-9a18-selected-20.csv', 'batchwatch-huawei-9a18-selected-20.json']);
    expect(csvRows(contentOf(download, 0))).toHaveLength(21);
    expect(JSON.parse(contentOf(download, 1)).items).toHaveLength(20);

    fireEvent.click(screen.getByRole('button', { name: 'Show all 220 failed items' }));
    await waitFor(() => expect(group.getAttribute('aria-pressed')).toBe('false'));
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(csvRows(contentOf(download, 2))).toHaveLength(221);
  });

  it('shows every group: the largest first, the rest behind "+N more"', async () => {
    const many = Array.from({ length: 11 }, (_, g) => Array.from({ length: 11 - g }, (): FailedItemView => ({ item: 'x', message: `Problem ${String.fromCharCode(65 + g)}` }))).flat();
    renderPanel(client([DNS_TASK], { [DNS_TASK.key]: many }));
    const more = await screen.findByRole('button', { name: '+3 more' });
    const list = screen.getByRole('list', { name: 'Failures by reason' });
    expect(within(list).getAllByRole('button').map((b) => b.textContent)).toEqual(Array.from({ length: 8 }, (_, g) => `${11 - g} × e.g. Problem ${String.fromCharCode(65 + g)}`));
    fireEvent.click(more);
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(11));
    expect(screen.queryByRole('button', { name: /more$/ })).toBeNull();
  });
});

describe('reasons readable whole', () => {
  it('each reason carries its whole text as a tooltip and can take the focus (where it expands)', async () => {
    const long = `Invalid record value: ${'very long explanation '.repeat(10)}end.`;
    const { container } = renderPanel(client([DNS_TASK], { [DNS_TASK.key]: [{ item: 'www.example.com. A', message: long }] }));
    await screen.findByText('Failed items');
    const message = container.querySelector('.row .message')!;
    expect(message.getAttribute('title')).toBe(long);
    expect(message.getAttribute('tabindex')).toBe('0');
    expect(container.querySelector('.row .item')!.getAttribute('title')).toBe('www.example.com. A');
    expect(screen.getByRole('button', { name: /^1 × / }).getAttribute('title')).toBe(long);
  });
});

describe('the resubmit file', () => {
  it('leaves out the items that already exist, by default, and says how many and why', async () => {
    const { download } = renderPanel(client([DNS_TASK], { [DNS_TASK.key]: [...invalid, ...existing] }));
    fireEvent.click(await screen.findByRole('button', { name: 'Resubmit file' }));
    expect(csvRows(contentOf(download, 0))).toHaveLength(201);
    expect(contentOf(download, 0)).not.toContain('e0.example.com.');
    await screen.findByText('The resubmit file leaves out 20 items that already exist: resubmitted, they would fail again.');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Include the 20 items that already exist' }));
    fireEvent.click(screen.getByRole('button', { name: 'Resubmit file' }));
    expect(csvRows(contentOf(download, 1))).toHaveLength(221);
    await screen.findByText('The resubmit file holds every failed item shown.');
  });

  it('takes the selection too', async () => {
    const { download } = renderPanel(client([DNS_TASK], { [DNS_TASK.key]: [...invalid, ...existing] }));
    fireEvent.click(await screen.findByRole('button', { name: /^20 × DNS\.0312/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Resubmit file' }));
    expect(download.mock.calls[0]![0]).toBe('batchwatch-huawei-9a18-selected-20-resubmit.csv');
    expect(csvRows(contentOf(download, 0))).toEqual(['name,type,line,ttl,records,weight,description']);
    await screen.findByText('The resubmit file leaves out 20 items that already exist: resubmitted, they would fail again.');
  });
});

describe('the task menu', () => {
  it.each([
    ['en', '220 failed of 2000 · Add record sets · 9a18'],
    ['zh', '失败 220 / 共 2000 · Add record sets · 9a18'],
  ] as const)('starts each option with the failed count, so a narrow menu never cuts it (%s)', async (lang, name) => {
    renderPanel(client([DNS_TASK], { [DNS_TASK.key]: invalid }), { lang });
    expect(await screen.findByRole('option', { name })).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('combobox').getAttribute('title')).toBe(name));
  });
});

describe('the tasks of the page it is on', () => {
  // Newest first from the background: the DCS task is the newer one.
  const tasks = [DCS_TASK, DNS_TASK];
  const itemsOf = { [DNS_TASK.key]: [...invalid, ...existing], [DCS_TASK.key]: DCS_ITEMS };

  it('on a DNS page it opens on the DNS task; the DCS task stays reachable under "Other tasks"', async () => {
    const c = client(tasks, itemsOf, { url: DNS_PAGE });
    renderPanel(c);
    await screen.findByRole('button', { name: /^200 × / });
    expect(c.asked).toEqual([DNS_TASK.key]);
    expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe(DNS_TASK.key);
    expect(screen.getByRole('group', { name: 'Tasks of this page' }).textContent).toContain('Add record sets');
    expect(screen.getByRole('group', { name: 'Other tasks' }).textContent).toContain('DCS RESTART');
  });

  it('on a DCS page it opens on the DCS task, with no record advice and no resubmit file', async () => {
    const { container } = renderPanel(client(tasks, itemsOf, { url: DCS_PAGE }));
    await screen.findByRole('button', { name: /^1 × DCS\.4039/ });
    expect([...container.querySelectorAll('.hint')].map((h) => h.textContent)).toEqual(['See the message; check the instance in the DCS console, then run the task again.']);
    expect(screen.queryByRole('button', { name: 'Resubmit file' })).toBeNull();
    expect(screen.getByText('DCS tasks have no records to resubmit: run the task again from the DCS console.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeTruthy();
  });

  it('follows the console to another page until the user picks a task', async () => {
    const c = client(tasks, itemsOf, { url: DNS_PAGE });
    const { navigations } = renderPanel(c);
    await screen.findByRole('button', { name: /^200 × / });
    c.at.url = DCS_PAGE;
    navigations.value++;
    await screen.findByRole('button', { name: /^1 × DCS\.4039/ });
    fireEvent.change(screen.getByRole('combobox'), { target: { value: DNS_TASK.key } });
    await screen.findByRole('button', { name: /^200 × / });
    c.at.url = `${HOST}/dcs/?region=cn-north-4#/dcs/manager/other`;
    navigations.value++;
    await new Promise((r) => setTimeout(r, 20));
    expect((screen.getByRole('combobox') as HTMLSelectElement).value).toBe(DNS_TASK.key);
  });

  it('says so when no task of this page has failures, and shows the others', async () => {
    renderPanel(client([DNS_TASK], itemsOf, { url: DCS_PAGE }));
    await screen.findByText('No task of this page has failures; showing the others.');
    await screen.findByRole('button', { name: /^200 × / });
  });
});

describe('exports in the language the user chose', () => {
  /** The API pages no further than 2 of 4500: the file must say so itself. */
  const truncatedClient = (): PanelClient => ({
    ...client([{ ...DNS_TASK, failed: 4500 }], {}),
    failedItems: async (taskKey) => ({ ok: true, taskKey, items: invalid.slice(0, 2), total: 4500, complete: false }),
  });

  it.each([
    ['en', 'Export CSV', '"# First 2 of 4500 failed items; the console has the rest."'],
    ['zh', '导出 CSV', '# 仅显示前 2 条（共 4500 条失败）；其余请在控制台查看。'],
  ] as const)('writes the truncation note of a CSV in %s, and keeps the column keys as data', async (lang, button, note) => {
    const { download } = renderPanel(truncatedClient(), { lang });
    fireEvent.click(await screen.findByRole('button', { name: button }));
    const rows = csvRows(contentOf(download, 0));
    expect(rows[0]).toBe(note);
    expect(rows[1]!.split(',').slice(0, 3)).toEqual(['item', 'code', 'message']);
  });

  it('writes the JSON note in the chosen language too', async () => {
    const { download } = renderPanel(truncatedClient(), { lang: 'zh' });
    fireEvent.click(await screen.findByRole('button', { name: '导出 JSON' }));
    expect(JSON.parse(contentOf(download, 0)).truncated.note).toBe('仅显示前 2 条（共 4500 条失败）；其余请在控制台查看。');
  });
});
