// @vitest-environment happy-dom
/**
 * Issue 30: items the provider names none of carry one placeholder name (a catalogue message,
 * said by the background). The panel lists, groups, chooses and exports them as the items they
 * are, never as one item because their names read the same.
 */
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { FailedItemsPanel, type PanelClient } from '../../../components/panel/FailedItemsPanel';
import type { PanelTaskView } from '../../../lib/messaging/messages';
import type { FailedItem } from '../../../lib/providers/types';
import { failedItemViews } from '../../../lib/engine/service/views';
import { panelWords } from '../../../lib/engine/service/panel-words';

afterEach(cleanup);

const TASK: PanelTaskView = { key: 'a:dns-batch:9a18', providerTaskId: '9a18', label: 'Add record sets', status: 'partial', failed: 3, total: 10, consoleUrl: 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones' };
const unnamed = (code: string, message: string): FailedItem => ({ item: { id: 'failedItemUnnamed' }, code, message, fields: { item: '' } });
const STORED: FailedItem[] = [unnamed('DNS.0312', 'Duplicate record set exists.'), unnamed('DNS.0335', 'Invalid record.'), unnamed('DNS.0312', 'Duplicate record set exists.')];

type Download = Mock<(filename: string, content: string, mime: string) => void>;

function renderPanel(): { download: Download; container: Element } {
  const items = failedItemViews(STORED, 'en');
  const client: PanelClient = {
    tasks: async () => ({ ok: true, tasks: [TASK] }),
    failedItems: async (taskKey) => ({ ok: true, taskKey, items, total: items.length, complete: true }),
    track: async () => ({ ok: true }),
  };
  const download: Download = vi.fn<(filename: string, content: string, mime: string) => void>();
  const { container } = render(<FailedItemsPanel family="huawei" words={panelWords('en')} client={client} collapsed={signal(false)} onCollapsedChange={vi.fn()} foundTaskIds={signal<string[]>([])} navigations={signal(0)} download={download} />);
  return { download, container };
}

const csvRows = (csv: string): string[] => csv.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

describe('failed items without a name in the panel', () => {
  it('are listed one row each, grouped by reason, and a chosen group exports every one of its items', async () => {
    const { download, container } = renderPanel();
    const group = await screen.findByRole('button', { name: /^2 × DNS\.0312/ });
    await waitFor(() => expect([...container.querySelectorAll('.row .item')].map((e) => e.textContent)).toEqual(['(item without a name)', '(item without a name)', '(item without a name)']));
    fireEvent.click(group);
    await waitFor(() => expect(container.querySelectorAll('.row .item')).toHaveLength(2));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    const exported = JSON.parse(String(download.mock.calls[0]![1])) as { items: { item: string; code: string }[] };
    expect(exported.items.map((i) => [i.item, i.code])).toEqual([['(item without a name)', 'DNS.0312'], ['(item without a name)', 'DNS.0312']]);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(csvRows(String(download.mock.calls[1]![1]))).toHaveLength(3);
  });
});
