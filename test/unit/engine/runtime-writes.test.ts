/**
 * The account runtime record lives in the private area (IndexedDB), which writes, and signals to
 * every listener, each value it is given: storage.local used to drop a write of an unchanged
 * value. A cycle writes the runtime record only when an account's runtime changed.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount } from '../../../lib/engine/service';
import { runtimeItem } from '../../../lib/store/index';
import { engineDeps, fakeProvider } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

describe('the runtime record a cycle writes', () => {
  it('is never written again with the value it already holds', async () => {
    const fake = fakeProvider('fake', [
      { id: '1', status: 'running', finishAfter: 3, finalStatus: 'succeeded' },
      { id: '2', status: 'running', finishAfter: 2, finalStatus: 'partial', failed: 2, failedItems: 2 },
      { id: '3', status: 'succeeded' },
    ]);
    const env = engineDeps([fake.provider]);
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'fake', name: 'Prod', settings: {}, secrets: { key: 'k' } });
    expect(saved.ok).toBe(true);
    const rewrites: string[] = [];
    let writes = 0;
    const setValue = runtimeItem.setValue.bind(runtimeItem);
    const spy = vi.spyOn(runtimeItem, 'setValue').mockImplementation(async (value) => {
      writes++;
      if (JSON.stringify(await runtimeItem.getValue()) === JSON.stringify(value)) rewrites.push(JSON.stringify(value).slice(0, 80));
      return setValue(value);
    });
    for (let i = 0; i < 4; i++) {
      await runCycle(env.deps);
      env.advance(30_000);
    }
    spy.mockRestore();
    expect(writes).toBeGreaterThan(0);
    expect(rewrites).toEqual([]);
  });
});
