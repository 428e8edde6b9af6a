/**
 * Nothing stops in silence (issue 32): an account that stops polling (keys refused) or a
 * capability that stops being watched (a DCS region refused) gets one notification saying
 * what stopped and what to do. Once per stop: not again at the next cycle, nor the twentieth;
 * again only when it stops anew after it was over.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount } from '../../../lib/engine/service';
import { currentStops, sendStopNotices, STOP_NOTICE_PREFIX, untoldStops } from '../../../lib/engine/stop-notices';
import { ProviderError, type Account } from '../../../lib/providers/types';
import { accountsItem, runtimeItem, type AccountRuntime } from '../../../lib/store/index';
import { engineDeps } from '../support/fakes';
import { scriptedProvider } from './scripted';

beforeEach(() => fakeBrowser.reset());

const HOUR = 3600_000;
const stopNotices = (env: ReturnType<typeof engineDeps>) => env.notices.filter((n) => n.id.startsWith(STOP_NOTICE_PREFIX));

describe('an account whose keys are refused', () => {
  it('is told once, however many cycles follow; edited keys end the stop, and a new refusal is told again', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const env = engineDeps([lister.provider]);
    const reply = await saveAccount(env.deps, { type: 'saveAccount', provider: 'lister', name: 'Production', settings: { region: 'r1' }, secrets: { secretKey: 'key-one-123' } });
    if (!reply.ok) throw new Error(reply.error);
    lister.failNext(new ProviderError('auth', 'SignatureDoesNotMatch'));
    await runCycle(env.deps);
    expect(stopNotices(env)).toHaveLength(1);
    const [notice] = stopNotices(env);
    expect(notice!.title).toMatch(/Production: polling stopped$/);
    // What to do: the provider's sentence, then where to do it.
    expect(notice!.message.split('\n').at(-1)).toBe('Click to open the settings and edit the account.');
    for (let i = 0; i < 20; i++) {
      env.advance(HOUR);
      await runCycle(env.deps, { force: true });
    }
    expect(stopNotices(env)).toHaveLength(1);

    // New keys: polling resumes, the stop is over.
    await saveAccount(env.deps, { type: 'saveAccount', accountId: reply.accountId, provider: 'lister', name: 'Production', settings: { region: 'r1' }, secrets: { secretKey: 'key-two-456' } });
    await runCycle(env.deps);
    expect(stopNotices(env)).toHaveLength(1);
    // Refused again: a new stop, told again.
    env.advance(HOUR);
    lister.failNext(new ProviderError('auth', 'SignatureDoesNotMatch'));
    await runCycle(env.deps, { force: true });
    expect(stopNotices(env)).toHaveLength(2);
  });

  it('a stop that clears and comes back before any cycle saw it clear is still a new stop (its own moment)', () => {
    const account: Account = { id: 'a1', provider: 'lister', name: 'Production', settings: {} };
    const stopped = (since: number): Record<string, AccountRuntime> => ({ a1: { failures: 0, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth', message: { id: 'problemKeysUnreadable' }, since, stopped: true } } });
    const first = untoldStops(currentStops([account], stopped(1), 'en'), {});
    expect(first.due).toHaveLength(1);
    expect(untoldStops(currentStops([account], stopped(1), 'en'), first.next).due).toEqual([]);
    expect(untoldStops(currentStops([account], stopped(2), 'en'), first.next).due).toHaveLength(1);
  });
});

describe('a capability no longer watched', () => {
  const account: Account = { id: 'a1', provider: 'lister', name: 'Production', settings: {} };
  const withCapabilities = (states: Record<string, 'watched' | 'not-watched' | 'retrying'>): Record<string, AccountRuntime> => ({
    a1: {
      failures: 0, clockOffsetMs: 0, memo: {},
      capabilities: Object.entries(states).map(([region, state]) => ({
        id: `dcs:${region}`, label: { id: 'capabilityDcsTasks', region }, state,
        ...(state === 'watched' ? {} : { reason: { id: 'capabilityRefusedInRegion', region, code: 'DCS.4036' } }),
      })),
    },
  });

  it('is told once with what stopped and why; a retried one (throttled, unreachable) is not a stop', async () => {
    const env = engineDeps([scriptedProvider('lister', { listable: true }).provider]);
    await accountsItem.setValue([account]);
    await runtimeItem.setValue(withCapabilities({ 'cn-north-4': 'watched', 'cn-east-3': 'not-watched', 'ap-southeast-1': 'retrying' }));
    await sendStopNotices(env.deps);
    await sendStopNotices(env.deps);
    expect(env.notices).toHaveLength(1);
    expect(env.notices[0]!.title).toMatch(/Production: DCS tasks in cn-east-3 no longer watched$/);
    expect(env.notices[0]!.message).toContain('(DCS.4036)');
    expect(env.notices[0]!.message).toContain('Click to open the settings and edit the account.');
  });

  it('two stops found together share one notification; once watched again, a later stop is told again', async () => {
    const env = engineDeps([scriptedProvider('lister', { listable: true }).provider]);
    await accountsItem.setValue([account]);
    await runtimeItem.setValue(withCapabilities({ 'cn-north-4': 'not-watched', 'cn-east-3': 'not-watched' }));
    await sendStopNotices(env.deps);
    expect(env.notices).toHaveLength(1);
    expect(env.notices[0]!.title).toBe('Batchwatch: 2 accounts or task types are no longer watched');
    expect(env.notices[0]!.message.split('\n')).toHaveLength(3);
    await runtimeItem.setValue(withCapabilities({ 'cn-north-4': 'watched', 'cn-east-3': 'not-watched' }));
    await sendStopNotices(env.deps);
    expect(env.notices).toHaveLength(1);
    await runtimeItem.setValue(withCapabilities({ 'cn-north-4': 'not-watched', 'cn-east-3': 'not-watched' }));
    await sendStopNotices(env.deps);
    expect(env.notices).toHaveLength(2);
    expect(env.notices[1]!.title).toMatch(/DCS tasks in cn-north-4 no longer watched$/);
  });

  it('a stopped account is one stop: its capabilities are not told one by one', () => {
    const runtime = withCapabilities({ 'cn-east-3': 'not-watched' });
    runtime.a1!.problem = { errorClass: 'auth', message: { id: 'problemKeysUnreadable' }, since: 5, stopped: true };
    expect(currentStops([account], runtime, 'en').map((s) => s.key)).toEqual(['account:a1']);
  });
});
