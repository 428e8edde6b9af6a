import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { IDBFactory } from 'fake-indexeddb';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount, stateView } from '../../../lib/engine/service';
import { createVault, memorySession } from '../../../lib/vault/index';
import { runtimeItem } from '../../../lib/store/index';
import { engineDeps, fakeProvider } from '../support/fakes';
import { corruptSecret } from '../support/vault';
import { say } from '../../../lib/i18n/words';

beforeEach(() => fakeBrowser.reset());


describe('one unreadable secret does not stop the others (issue 18, finding 4)', () => {
  it('stops that account with "enter them again", polls every other one, and resumes once the keys are saved again', async () => {
    const factory = new IDBFactory();
    const a = fakeProvider('fa', [{ id: '1', status: 'running' }]);
    const b = fakeProvider('fb', [{ id: '2', status: 'running' }]);
    const env = engineDeps([a.provider, b.provider], undefined, {});
    env.deps.secrets = createVault({ indexedDB: factory, session: memorySession() });
    const save = async (provider: string, accountId?: string) => {
      const reply = await saveAccount(env.deps, { type: 'saveAccount', provider, name: provider, settings: {}, secrets: { key: 'CANARY-SECRET-abc123' }, ...(accountId ? { accountId } : {}) });
      if (!reply.ok) throw new Error(reply.error);
      return reply.accountId;
    };
    const first = await save('fa');
    await save('fb');
    await corruptSecret(factory, first);

    const result = await runCycle(env.deps, { force: true });
    expect(result.ran).toBe(true);
    expect(a.calls.discover).toBe(0);
    expect(b.calls.discover).toBe(1);
    const problem = (await runtimeItem.getValue())[first]?.problem;
    expect(problem).toMatchObject({ errorClass: 'auth', stopped: true });
    expect(say(problem!.message, 'en')).toMatch(/^Its keys could not be read: enter them again/);
    expect(say(problem!.message, 'zh')).toMatch(/重新输入密钥/);
    const view = await stateView(env.deps);
    expect(view.accounts.find((x) => x.id === first)?.problem?.message).toMatch(/enter them again/);
    expect(env.badges.at(-1)?.color).toBe('#b91c1c');

    // The next cycle leaves the stopped account alone and keeps polling the other.
    env.advance(60_000);
    await runCycle(env.deps, { force: true });
    expect(a.calls.discover).toBe(0);
    expect(b.calls.discover).toBe(2);

    await save('fa', first);
    expect((await runtimeItem.getValue())[first]?.problem).toBeUndefined();
    env.advance(60_000);
    await runCycle(env.deps, { force: true });
    expect(a.calls.discover).toBe(1);
  });
});
