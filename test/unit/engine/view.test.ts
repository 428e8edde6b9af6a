import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { saveAccount, stateView, writePopupSnapshot } from '../../../lib/engine/service';
import { leaseItem, popupStatusItem, writeTasks } from '../../../lib/store/index';
import { CLOCK_START, engineDeps, fakeProvider } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

describe('what surfaces get of a stored task', () => {
  it('the engine\'s bookkeeping stays in the store; the snapshot never claims a running cycle (it is written once the cycle has ended)', async () => {
    const fake = fakeProvider('fake');
    const env = engineDeps([fake.provider]);
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'fake', name: 'n', settings: {}, secrets: { key: 'k' } });
    if (!saved.ok) throw new Error(saved.error);
    const key = `${saved.accountId}:k:1`;
    await writeTasks([{ key, provider: 'fake', accountId: saved.accountId, kind: 'k', providerTaskId: '1', label: 'one', status: 'running', firstSeenAt: CLOCK_START, polledAt: CLOCK_START, watched: true, notified: true, failedItemsFetched: false, locator: { zoneId: 'z' } }]);
    await leaseItem.setValue({ owner: 'someone', expiresAt: CLOCK_START + 60_000 });
    const view = await stateView(env.deps, 50);
    expect(view.refreshing).toBe(true);
    expect(Object.keys(view.tasks[0]!).sort()).toEqual(['accountId', 'consoleUrl', 'key', 'kind', 'label', 'provider', 'providerTaskId', 'status']);
    await leaseItem.setValue(null);
    await writePopupSnapshot(env.deps);
    expect((await popupStatusItem.getValue())?.view.refreshing).toBe(false);
  });
});
