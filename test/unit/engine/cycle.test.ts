import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { acquireLease, LEASE_CLOCK_MARGIN_MS, LEASE_MS } from '../../../lib/engine/lease';
import { saveAccount, removeAccount, stateView } from '../../../lib/engine/service';
import { ProviderError } from '../../../lib/providers/types';
import { accountsItem, leaseItem, readFailedItems, runtimeItem, readAllTasks } from '../../../lib/store/index';
import { engineDeps, fakeProvider } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

async function addAccount(env: ReturnType<typeof engineDeps>, provider = 'fake'): Promise<string> {
  const reply = await saveAccount(env.deps, { type: 'saveAccount', provider, name: 'Prod', settings: {}, secrets: { key: 'CANARY-SECRET-abc123' } });
  if (!reply.ok) throw new Error(reply.error);
  return reply.accountId;
}

describe('runCycle', () => {
  it('discovers, refreshes each pending task once per cycle, and never asks again for a finished one', async () => {
    const fake = fakeProvider('fake', [
      { id: '1', status: 'running', finishAfter: 2, finalStatus: 'succeeded' },
      { id: '2', status: 'succeeded' },
    ]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    await runCycle(env.deps); // discovery lists both; the listed task needs no extra refresh
    expect(fake.calls).toEqual({ discover: 1, refresh: 0, failedItems: 0 });
    expect(env.badges.at(-1)).toEqual({ text: '1', color: '#1d4ed8' });
    env.advance(30_000);
    await runCycle(env.deps);
    expect(fake.calls.discover).toBe(2);
    expect(fake.calls.refresh).toBe(0);
    // A provider that cannot list (like DNSPod) relies on refresh alone.
  });

  it('refreshes tracked tasks of a provider without a list, and takes them off the pending count when they finish', async () => {
    const fake = fakeProvider('fake', [{ id: '7', status: 'running', finishAfter: 2, finalStatus: 'partial', failed: 3, failedItems: 3 }], { listable: false });
    const env = engineDeps([fake.provider]);
    const accountId = await addAccount(env);
    const { trackTask } = await import('../../../lib/engine/service');
    expect((await trackTask(env.deps, accountId, '7')).ok).toBe(true);
    expect(env.badges.at(-1)?.text).toBe('1');
    await runCycle(env.deps);
    expect(fake.calls.refresh).toBe(0); // tracking just told us its state
    env.advance(30_000);
    await runCycle(env.deps);
    env.advance(30_000);
    await runCycle(env.deps);
    expect(fake.calls.refresh).toBe(2);
    // No longer pending; it failed, so until it is opened the badge shows that, in red (issue 32).
    expect(env.badges.at(-1)).toEqual({ text: '1', color: '#b91c1c' });
    // Finished with failures: failed items fetched once, all pages (2 per page here).
    expect(fake.calls.failedItems).toBe(2);
    expect(await readFailedItems(`${accountId}:k:7`)).toHaveLength(3);
    expect(env.notices).toHaveLength(1);
    expect(env.notices[0]).toMatchObject({ id: `${accountId}:k:7`, title: 'Fake fake: batch task finished with failures' });
    env.advance(300_000);
    await runCycle(env.deps);
    expect(fake.calls.refresh).toBe(2);
    expect(fake.calls.failedItems).toBe(2);
    expect(env.notices).toHaveLength(1);
  });

  it('stops an account after an auth error and resumes only when its keys are edited', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }]);
    const env = engineDeps([fake.provider]);
    const accountId = await addAccount(env);
    fake.failOnce(new ProviderError('auth', 'bad key', { code: 'APIGW.0301' }));
    await runCycle(env.deps);
    // Nothing was listed before the keys were refused: nothing to count, so "!" says polling stopped.
    expect(env.badges.at(-1)).toEqual({ text: '!', color: '#b45309' });
    for (let i = 0; i < 5; i++) {
      env.advance(300_000);
      await runCycle(env.deps, { force: true });
    }
    expect(fake.calls.discover).toBe(1);
    const state = await stateView(env.deps);
    expect(state.accounts[0]?.problem).toMatchObject({ errorClass: 'auth', stopped: true, message: 'Fake says auth: do something' });
    await saveAccount(env.deps, { type: 'saveAccount', accountId, provider: 'fake', name: 'Prod', settings: {}, secrets: { key: 'NEW-KEY' } });
    await runCycle(env.deps);
    expect(fake.calls.discover).toBe(2);
    expect((await stateView(env.deps)).accounts[0]?.problem).toBeUndefined();
  });

  it('backs off after throttling, honouring Retry-After, and keeps the stored tasks', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    await runCycle(env.deps);
    fake.failOnce(new ProviderError('throttled', 'slow down', { retryAfterMs: 120_000 }));
    env.advance(30_000);
    await runCycle(env.deps);
    const runtime = Object.values(await runtimeItem.getValue())[0]!;
    expect(runtime.backoffUntil).toBeGreaterThanOrEqual(env.deps.now() + 120_000);
    env.advance(60_000);
    await runCycle(env.deps);
    expect(fake.calls.discover).toBe(2);
    expect(Object.keys(await readAllTasks())).toHaveLength(1);
    env.advance(61_000);
    await runCycle(env.deps);
    expect(fake.calls.discover).toBe(3);
  });

  it('keeps the previous data when an answer is malformed, and reports it', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'partial', failed: 0 }]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    await runCycle(env.deps);
    const before = await readAllTasks();
    fake.failOnce(new ProviderError('malformed', 'not JSON'));
    env.advance(300_000);
    await runCycle(env.deps);
    expect(fake.calls.discover).toBe(2);
    expect(await readAllTasks()).toEqual(before);
    expect((await stateView(env.deps)).accounts[0]?.problem?.errorClass).toBe('malformed');
  });

  it('survives a bug in a provider (a plain exception) without losing tasks', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    await runCycle(env.deps);
    fake.failOnce(new TypeError('undefined is not a function'));
    env.advance(30_000);
    await expect(runCycle(env.deps)).resolves.toMatchObject({ ran: true });
    expect(Object.keys(await readAllTasks())).toHaveLength(1);
  });

  it('runs one cycle at a time: a second worker finds the lease taken, and takes over an expired one', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    await leaseItem.setValue({ owner: 'worker-0', expiresAt: env.deps.now() + 60_000 });
    expect(await runCycle(env.deps)).toEqual({ ran: false, steps: 0 });
    expect(fake.calls.discover).toBe(0);
    env.advance(61_000);
    expect(await acquireLease(env.deps)).toBe(true);
  });

  it('a lease no cycle could have written (planted far in the future) does not block polling', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    // Storage is untrusted: a content script of an older build or a crash could leave this.
    await leaseItem.setValue({ owner: 'planted', expiresAt: env.deps.now() + 365 * 86_400_000 });
    expect((await stateView(env.deps)).refreshing).toBe(false);
    expect(await runCycle(env.deps)).toMatchObject({ ran: true });
    expect(fake.calls.discover).toBe(1);
  });

  it('a lease just as long as a cycle sets (with a few seconds of clock leeway) still blocks', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    await leaseItem.setValue({ owner: 'worker-0', expiresAt: env.deps.now() + LEASE_MS + LEASE_CLOCK_MARGIN_MS });
    expect((await stateView(env.deps)).refreshing).toBe(true);
    expect(await runCycle(env.deps)).toEqual({ ran: false, steps: 0 });
    await leaseItem.setValue({ owner: 'worker-0', expiresAt: env.deps.now() + LEASE_MS + LEASE_CLOCK_MARGIN_MS + 1 });
    expect(await runCycle(env.deps)).toMatchObject({ ran: true });
  });

  it('a worker killed mid-cycle loses no task and double-counts nothing when the next one runs', async () => {
    const fake = fakeProvider('fake', [
      { id: '1', status: 'running', finishAfter: 1, finalStatus: 'partial', failed: 1, failedItems: 1 },
      { id: '2', status: 'running' },
    ], { listable: false });
    const env = engineDeps([fake.provider]);
    const accountId = await addAccount(env);
    const { trackTask } = await import('../../../lib/engine/service');
    await trackTask(env.deps, accountId, '1');
    await trackTask(env.deps, accountId, '2');
    env.advance(30_000);
    // The worker dies after the first refresh was persisted, before the second step starts.
    env.secrets.killOnNthRead(3); // 1: discovery, 2: refresh of task 1, 3: refresh of task 2
    await expect(runCycle(env.deps)).rejects.toThrow('worker killed');
    expect((await readAllTasks())[`${accountId}:k:1`]?.status).toBe('partial');
    expect(env.notices).toHaveLength(1);
    await leaseItem.setValue(null); // the dead worker's lease would expire; a new worker takes over
    env.advance(30_000);
    await runCycle(env.deps);
    const tasks = await readAllTasks();
    expect(Object.keys(tasks).sort()).toEqual([`${accountId}:k:1`, `${accountId}:k:2`]);
    expect(tasks[`${accountId}:k:1`]?.status).toBe('partial');
    expect(env.notices).toHaveLength(1); // not repeated by the new worker
    expect(env.badges.at(-1)?.text).toBe('1');
  });

  it('a task tracked while a cycle runs is kept, and a removed account\'s tasks do not come back', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }, { id: '9', status: 'running' }], { listable: false });
    const env = engineDeps([fake.provider]);
    const accountId = await addAccount(env);
    const other = await addAccount(env);
    const { trackTask: track } = await import('../../../lib/engine/service');
    await track(env.deps, other, '1');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const discover = fake.provider.discover;
    fake.provider.discover = async (cred, ctx) => {
      await gate;
      return discover(cred, ctx);
    };
    const cycle = runCycle(env.deps, { force: true });
    const { trackTask } = await import('../../../lib/engine/service');
    await new Promise((r) => setTimeout(r, 10));
    await trackTask(env.deps, accountId, '9');
    await removeAccount(env.deps, other);
    release();
    await cycle;
    const keys = Object.keys(await readAllTasks());
    expect(keys).toContain(`${accountId}:k:9`);
    expect(keys.some((k) => k.startsWith(`${other}:`))).toBe(false);
  });

  it('removing an account removes its tasks, failed items, runtime and secrets', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'partial', failed: 1, failedItems: 1 }]);
    const env = engineDeps([fake.provider]);
    const accountId = await addAccount(env);
    await runCycle(env.deps);
    expect(env.secrets.data.has(accountId)).toBe(true);
    await removeAccount(env.deps, accountId);
    expect(await accountsItem.getValue()).toEqual([]);
    expect(await readAllTasks()).toEqual({});
    expect(await runtimeItem.getValue()).toEqual({});
    expect(env.secrets.data.has(accountId)).toBe(false);
    expect(await readFailedItems(`${accountId}:k:1`)).toBeNull();
  });

  it('stops everything while the vault is locked, and says so', async () => {
    const fake = fakeProvider('fake', [{ id: '1', status: 'running' }]);
    const env = engineDeps([fake.provider]);
    await addAccount(env);
    env.secrets.locked = true;
    expect(await runCycle(env.deps)).toMatchObject({ locked: true });
    expect(fake.calls.discover).toBe(0);
    expect((await stateView(env.deps)).locked).toBe(true);
  });
});
