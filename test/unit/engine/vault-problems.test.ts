import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { IDBFactory } from 'fake-indexeddb';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount, stateView } from '../../../lib/engine/service';
import { createVault, memorySession } from '../../../lib/vault/index';
import { runtimeItem } from '../../../lib/store/index';
import { engineDeps, fakeProvider } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

/** Flips a byte of one account's blob in the vault's IndexedDB (a tampered or half-written secret). */
async function corrupt(factory: IDBFactory, accountId: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const open = factory.open('batchwatch-vault');
    open.onsuccess = () => {
      const tx = open.result.transaction('secrets', 'readwrite');
      const store = tx.objectStore('secrets');
      const req = store.get(accountId);
      req.onsuccess = () => {
        const blob = req.result as { data: ArrayBuffer };
        const bytes = new Uint8Array(blob.data.slice(0));
        bytes[3]! ^= 0x01;
        store.put({ ...blob, data: bytes.buffer }, accountId);
      };
      tx.oncomplete = () => resolve();
    };
  });
}

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
    await corrupt(factory, first);

    const result = await runCycle(env.deps, { force: true });
    expect(result.ran).toBe(true);
    expect(a.calls.discover).toBe(0);
    expect(b.calls.discover).toBe(1);
    const problem = (await runtimeItem.getValue())[first]?.problem;
    expect(problem).toMatchObject({ errorClass: 'auth', stopped: true });
    expect(problem?.message.en).toMatch(/^Its keys could not be read: enter them again/);
    expect(problem?.message.zh).toMatch(/重新输入密钥/);
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
