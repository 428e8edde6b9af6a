// @vitest-environment happy-dom
/**
 * Issue 31: with accounts but no task yet, the popup says where the first task will come from
 * (polling every so often, or a console page that shows a job id), not "add an account".
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { useEnglishStrings } from '../support/english';
import { setLang } from '../../../components/common/i18n';
import { Popup, type PopupIntents } from '../../../components/popup/Popup';
import type { AccountView, StateView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { stateView } from '../../../lib/engine/service';
import { providers } from '../../../lib/providers/index';
import { engineDeps } from '../support/fakes';

beforeAll(useEnglishStrings);
afterEach(() => {
  cleanup();
  setLang('en');
});

const account = (id: string, provider: string, name: string): AccountView => ({ id, provider, name, settings: {}, storedSecrets: [] });
const state = (accounts: AccountView[], over: Partial<StateView> = {}): StateView => ({
  providers: [
    { id: 'huawei', name: { id: 'providerHuawei' } },
    { id: 'alibaba', name: { id: 'providerAlibaba' }, track: { idLabel: { en: 'Task ID', zh: '任务 ID' } } },
    { id: 'dnspod', name: { id: 'providerDnspodApi' }, track: { idLabel: { en: 'Job ID', zh: '任务 ID' } }, tasksFromConsolePages: true },
  ],
  tasks: [],
  taskCount: 0,
  accounts,
  settings: DEFAULT_SETTINGS,
  refreshing: false,
  ...over,
});
const intents: PopupIntents = {
  page: vi.fn(), refresh: vi.fn(), retry: vi.fn(), openOptions: vi.fn(), track: vi.fn(async () => ({ ok: true as const })),
  failedItems: vi.fn(async () => ({ ok: true as const, taskKey: 'k', items: [], total: 0, complete: true })), setMuted: vi.fn(async () => ({ ok: true as const })), copy: vi.fn(async () => true),
};
const show = (s: StateView) => render(<Popup load={signal({ kind: 'ready', state: s })} intents={intents} now={Date.now()} />);

describe('the popup with accounts but no task yet', () => {
  it('says when polled providers\' tasks appear and how often they are looked for; no "add an account"', () => {
    show(state([account('a1', 'huawei', 'Production'), account('a2', 'huawei', 'Staging'), account('a3', 'alibaba', 'Shop')]));
    screen.getByText('Huawei Cloud (Production, Staging): tasks appear here once they are submitted. Batchwatch checks for new ones every 5 minutes, and at once when you open one of its console pages.');
    screen.getByText(/^Alibaba Cloud \(Shop\): tasks appear here once they are submitted/);
    expect(screen.queryByText(/add an account/i)).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add an account' })).toBeNull();
  });

  it('for DNSPod, says where a job id is found and that its console page tracks it by itself', () => {
    show(state([account('a1', 'dnspod', 'Tencent')]));
    const said = screen.getByText(/^DNSPod \(Tencent Cloud API\) \(Tencent\) has no list of batch jobs/).textContent ?? '';
    expect(said).toContain('the job ID its console page shows');
    expect(said).toContain('that page tracks the job by itself');
    expect(said).toContain('“Track a task”');
    screen.getByRole('heading', { name: 'Track a task' });
  });

  it('follows the interval the user set (minutes, or seconds when it is not whole minutes), in both languages', () => {
    show(state([account('a1', 'huawei', 'Production')], { settings: { ...DEFAULT_SETTINGS, idleIntervalSec: 90 } }));
    screen.getByText(/every 90 seconds,/);
    cleanup();
    setLang('zh');
    show(state([account('a1', 'huawei', 'Production')], { settings: { ...DEFAULT_SETTINGS, idleIntervalSec: 600 } }));
    screen.getByText(/^华为云（Production）：任务提交后会显示在这里。Batchwatch 每 10 分钟检查一次新任务/);
  });

  it('without accounts, still asks for one', () => {
    show(state([]));
    screen.getByText('No batch tasks yet — add an account');
    screen.getByRole('button', { name: 'Add an account' });
  });
});

describe('what the background tells the popup', () => {
  it('names the providers whose tasks are found only on their console pages: both DNSPod APIs, not Huawei or Alibaba', async () => {
    const view = await stateView(engineDeps([...providers]).deps);
    expect(view.providers.filter((p) => p.tasksFromConsolePages).map((p) => p.id).sort()).toEqual(['dnspod', 'dnspod-token']);
  });
});
