// @vitest-environment happy-dom
/**
 * Issue 28, finding 6: a DNSPod job id beyond 2^53 (9007199254740993, which Number() rounds
 * to ...992) keeps every digit from tracking through the store, the refreshes, the popup and
 * the export. The fake cloud holds a decoy job under the rounded id: any rounding on the way
 * reads the decoy's domain instead.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { fakeBrowser } from 'wxt/testing';
import { FailedItemsPanel, type PanelClient } from '../../../components/panel/FailedItemsPanel';
import { Popup, type PopupIntents } from '../../../components/popup/Popup';
import { runCycle } from '../../../lib/engine/cycle';
import { failedItemsView, saveAccount, stateView, trackTask } from '../../../lib/engine/service';
import { toPanelView } from '../../../lib/engine/service/views';
import { dnspod } from '../../../lib/providers/dnspod/index';
import { readAllTasks, readFailedItems } from '../../../lib/store/index';
import { createFakeCloud } from '../../fake-cloud/index';
import { createDnspodFake, DEMO_DNSPOD_KEYS } from '../../fake-cloud/dnspod';
import { useEnglishStrings } from '../support/english';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { panelWords } from '../../../lib/engine/service/panel-words';

beforeEach(() => {
  fakeBrowser.reset();
  useEnglishStrings();
});
afterEach(cleanup);

const BIG = '9007199254740993';
const ROUNDED = String(Number(BIG));

describe('a job id beyond 2^53', () => {
  it('keeps every digit through track → store → refresh → failed items → popup → export', async () => {
    expect(ROUNDED).toBe('9007199254740992');
    const fake = createDnspodFake({
      ...DEMO_DNSPOD_KEYS,
      jobs: [
        { id: BIG, type: 'record_add', created_at: '2027-01-15 16:00:00', finishAfterPolls: 1, finalStatuses: ['ok', 'error'], domains: [{ domain: 'big.example', status: 'running', records: [
          { sub_domain: 'www', record_type: 'A', value: '192.0.2.1', status: 'running' },
          { sub_domain: 'api', record_type: 'A', value: '192.0.2.2', status: 'running' },
        ] }] },
        { id: ROUNDED, type: 'record_add', created_at: '2027-01-15 16:00:00', domains: [{ domain: 'decoy.example', status: 'ok', records: [] }] },
      ],
    });
    const cloud = createFakeCloud([fake], { now: () => env.deps.now() });
    const env = engineDeps([dnspod], undefined, { fetch: cloud.fetch });
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'dnspod', name: 'DP', settings: {}, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } });
    if (!saved.ok) throw new Error(saved.error);

    const tracked = await trackTask(env.deps, saved.accountId, BIG);
    expect(tracked).toMatchObject({ ok: true, task: { providerTaskId: BIG, label: { id: 'taskOnDomain', what: { id: 'taskDnspodRecordAdd' }, domain: 'big.example' }, status: 'running' } });

    for (let i = 0; i < 4; i++) {
      env.advance(30_000);
      await runCycle(env.deps);
    }
    const stored = Object.values(await readAllTasks());
    expect(stored.map((t) => t.key)).toEqual([`${saved.accountId}:dnspod-batch:${BIG}`]);
    expect(stored[0]).toMatchObject({ providerTaskId: BIG, status: 'partial', failed: 1, failedItemsFetched: true });
    expect((await readFailedItems(stored[0]!.key))?.map((i) => i.item)).toEqual(['api.big.example A 192.0.2.2']);
    expect(cloud.records.every((r) => r.signatureValid && r.status === 200)).toBe(true);

    // The popup, from the worker's view.
    const view = await stateView(env.deps);
    expect(view.tasks.map((t) => t.providerTaskId)).toEqual([BIG]);
    const intents: PopupIntents = {
      page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(async () => ({ ok: true as const })),
      failedItems: vi.fn(async (key: string) => failedItemsView(env.deps, key)), setMuted: vi.fn(async () => ({ ok: true as const })), copy: vi.fn(async () => true),
    };
    render(<Popup load={signal({ kind: 'ready', state: view })} intents={intents} now={CLOCK_START} />);
    // (It failed, so "Needs attention" shows it too: the list's row is the one read here.)
    const list = within(screen.getByRole('region', { name: 'Batch tasks' }));
    expect(list.getByText(BIG, { selector: 'code' })).toBeTruthy();
    fireEvent.click(list.getByRole('button', { name: 'Copy task ID' }));
    expect(intents.copy).toHaveBeenCalledWith(BIG);
    cleanup();

    // The console panel's export names the file by the id.
    const client: PanelClient = {
      tasks: async () => ({ ok: true, tasks: stored.map((t) => toPanelView(t, dnspod, undefined, 'en')) }),
      failedItems: (key) => failedItemsView(env.deps, key),
      track: async () => ({ ok: true }),
    };
    const download = vi.fn();
    render(<FailedItemsPanel family="dnspod" words={panelWords('en')} client={client} collapsed={signal(false)} onCollapsedChange={vi.fn()} foundTaskIds={signal<string[]>([])} download={download} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(download.mock.calls.map((c) => c[0])).toEqual([`batchwatch-dnspod-${BIG}.csv`, `batchwatch-dnspod-${BIG}.json`]);
    expect(String(download.mock.calls[0]![1])).toContain('api.big.example A 192.0.2.2');
    expect(String(download.mock.calls[1]![1])).not.toContain('decoy');
  });
});
