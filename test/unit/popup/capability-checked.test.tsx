// @vitest-environment happy-dom
/**
 * "Last checked" per capability when it differs from its account's (issue 32): a DCS region
 * that is refused was last read when it last worked, not at the account's latest poll. The
 * cycle keeps that moment; the popup header's tooltip and the options card say it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { fakeBrowser } from 'wxt/testing';
import { Popup, type PopupIntents } from '../../../components/popup/Popup';
import { Options, type OptionsIntents } from '../../../components/options/Options';
import { setLang } from '../../../components/common/i18n';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount } from '../../../lib/engine/service';
import type { CapabilityReport, Provider } from '../../../lib/providers/types';
import { runtimeItem } from '../../../lib/store/index';
import type { AccountView, StateView } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { engineDeps } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';

beforeEach(() => {
  fakeBrowser.reset();
  setLang('en');
});
afterEach(cleanup);

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const MIN = 60_000;
const accountAt = (now: number): AccountView => ({
  id: 'a1', provider: 'huawei', name: 'Production', settings: {}, storedSecrets: [], lastPolledAt: now - 3 * MIN,
  capabilities: [
    { id: 'dns', label: 'DNS tasks', state: 'watched', checkedAt: now - 3 * MIN },
    { id: 'dcs:cn-east-3', label: 'DCS tasks in cn-east-3', state: 'not-watched', reason: 'Refused.', checkedAt: now - 2 * 60 * MIN },
    { id: 'dcs:ap-southeast-1', label: 'DCS tasks in ap-southeast-1', state: 'retrying' },
  ],
});
const state = (over: Partial<StateView> = {}, now = NOW): StateView => ({ providers: [], tasks: [], accounts: [accountAt(now)], settings: DEFAULT_SETTINGS, refreshing: false, vaultMode: 'device', locked: false, ...over });
/** The options page reads the clock itself. */
const optionsIntents = {
  ensureHostAccess: vi.fn(async () => true), save: vi.fn(), remove: vi.fn(), test: vi.fn(),
  saveSettings: vi.fn(async () => ({ ok: true as const })), vault: vi.fn(async () => ({ ok: true as const })),
  shortcut: vi.fn(async () => ''), download: vi.fn(), importAccounts: vi.fn(), openShortcutSettings: vi.fn(), chooseLanguage: vi.fn(),
} as unknown as OptionsIntents;

describe('last checked, per capability', () => {
  it('the popup header\'s tooltip lists, under the account, the capabilities checked at another time', () => {
    const { container } = render(<Popup load={signal({ kind: 'ready', state: state() })} intents={{} as PopupIntents} now={NOW} />);
    expect(container.querySelector('header')!.getAttribute('title')!.split('\n')).toEqual([
      'Production: Last checked 3 min. ago',
      '  DCS tasks in cn-east-3: Last checked 2 hr. ago',
      '  DCS tasks in ap-southeast-1: Not checked yet',
    ]);
  });

  it('the options card says it under the account\'s own line; "checking now…" while a cycle runs', () => {
    render(<Options providers={[]} load={signal({ kind: 'ready', state: state({}, Date.now()) })} intents={optionsIntents} />);
    screen.getByText('DCS tasks in cn-east-3: Last checked 2 hr. ago');
    screen.getByText('DCS tasks in ap-southeast-1: Not checked yet');
    expect(screen.queryByText(/^DNS tasks: /)).toBeNull();
    cleanup();
    render(<Options providers={[]} load={signal({ kind: 'ready', state: state({ refreshing: true }, Date.now()) })} intents={optionsIntents} />);
    screen.getByText('DCS tasks in cn-east-3: checking now…');
  });

  it('the cycle keeps when each capability was last read without trouble', async () => {
    const base = scriptedProvider('lister', { listable: true }).provider;
    let dcs: CapabilityReport['state'] = 'watched';
    const provider: Provider = {
      ...base,
      async discover(cred, ctx) {
        ctx.capability?.({ id: 'dns', label: { id: 'capabilityDnsTasks' }, state: 'watched' });
        ctx.capability?.({ id: 'dcs:r1', label: { id: 'capabilityDcsTasks', region: 'r1' }, state: dcs });
        return base.discover(cred, ctx);
      },
    };
    const env = engineDeps([provider]);
    const reply = await saveAccount(env.deps, { type: 'saveAccount', provider: 'lister', name: 'Production', settings: { region: 'r1' }, secrets: { secretKey: 'key-123456' } });
    if (!reply.ok) throw new Error(reply.error);
    const checked = async () => Object.fromEntries(((await runtimeItem.getValue())[reply.accountId]!.capabilities ?? []).map((c) => [c.id, c.checkedAt]));
    const first = env.deps.now();
    await runCycle(env.deps, { force: true });
    expect(await checked()).toEqual({ dns: first, 'dcs:r1': first });
    dcs = 'not-watched';
    env.advance(60 * MIN);
    await runCycle(env.deps, { force: true });
    expect(await checked()).toEqual({ dns: first + 60 * MIN, 'dcs:r1': first });
  });
});
