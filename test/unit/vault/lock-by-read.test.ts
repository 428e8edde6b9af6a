/**
 * Issue 32, "nothing stops in silence": a worker that slept through the lock's alarm finds the
 * key past its deadline at its next read (a poll, the badge). That read drops the key, as
 * before, and now says so: the vault tells `onExpired`, and the background sends the lock's
 * notice as the alarm would have. The alarm's own lock and the user's "Lock now" do not.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { IDBFactory } from 'fake-indexeddb';
import { lockedByRead, VAULT_LOCKED_NOTICE } from '../../../lib/engine/vault-lock';
import type { Notice } from '../../../lib/engine/deps';
import { accountsItem, writeTasks } from '../../../lib/store/index';
import { createVault, memorySession } from '../../../lib/vault/index';
import { VaultLockedError } from '../../../lib/vault/types';

beforeEach(() => fakeBrowser.reset());

const IDLE = 30 * 60_000;
const PASSPHRASE = 'correct horse battery';

function setup() {
  let clock = 1_000_000;
  const onExpired = vi.fn();
  const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000, now: () => clock, idleLockMs: IDLE, maxUnlockedMs: 4 * IDLE, onExpired });
  return { vault, onExpired, advance: (ms: number) => void (clock += ms) };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('a read past the deadline', () => {
  it('drops the key and tells onExpired once', async () => {
    const { vault, onExpired, advance } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    await vault.set('a1', { secretKey: 's' });
    expect(await vault.get('a1')).toEqual({ secretKey: 's' });
    advance(IDLE + 1);
    await expect(vault.get('a1')).rejects.toBeInstanceOf(VaultLockedError);
    expect(await vault.isLocked()).toBe(true);
    await settle();
    expect(onExpired).toHaveBeenCalledOnce();
  });

  it('the alarm\'s expire() and the user\'s lock say nothing through it (they say it themselves, or need not)', async () => {
    const { vault, onExpired, advance } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    advance(IDLE + 1);
    expect(await vault.expire()).toBe(true);
    await vault.unlock(PASSPHRASE);
    await vault.lock();
    expect(await vault.isLocked()).toBe(true);
    await settle();
    expect(onExpired).not.toHaveBeenCalled();
  });

  it('lockedByRead sends the lock\'s notice with the tasks no longer watched, after the badge says so', async () => {
    await accountsItem.setValue([{ id: 'a1', provider: 'huawei', name: 'one', settings: {} }]);
    await writeTasks([1, 2, 3].map((n) => ({ key: `a1:job:${n}`, provider: 'huawei', accountId: 'a1', kind: 'job', providerTaskId: String(n), label: `Job ${n}`, status: n === 3 ? 'succeeded' : 'running', firstSeenAt: 0 })));
    const order: string[] = [];
    const notices: Notice[] = [];
    await lockedByRead({
      notify: async (n) => void (order.push('notify'), notices.push(n)),
      text: (key, subs = []) => `${key}(${subs.join()})`,
      afterLock: async () => void order.push('badge'),
    });
    expect(order).toEqual(['badge', 'notify']);
    expect(notices).toEqual([{ id: VAULT_LOCKED_NOTICE, title: 'vaultLockedNoticeTitle()', message: 'vaultLockedNoticeMessage(2)' }]);
  });
});
