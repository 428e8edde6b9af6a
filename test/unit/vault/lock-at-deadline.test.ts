/**
 * Issue 29, finding 8: the passphrase vault drops its unlocked key at the deadline (an alarm),
 * not at the next read; and (issue 32) a lock that stops the watching of pending tasks says
 * so once, with how many, in the user's language.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fakeBrowser } from 'wxt/testing';
import { IDBFactory } from 'fake-indexeddb';
import { lockAlarmAt, lockAtDeadline, VAULT_LOCK_ALARM, VAULT_LOCKED_NOTICE, watchedTaskCount } from '../../../lib/engine/vault-lock';
import type { Notice } from '../../../lib/engine/deps';
import { accountsItem, runtimeItem, writeTasks, type StoredTask } from '../../../lib/store/index';
import { createVault, memorySession } from '../../../lib/vault/index';

beforeEach(() => fakeBrowser.reset());

const MIN = 60_000;
const IDLE = 30 * MIN;
const MAX = 120 * MIN;
const PASSPHRASE = 'correct horse battery';
const SESSION_KEY = 'vault:unlocked';

function setup() {
  let clock = 1_000_000;
  const deadlines: (number | undefined)[] = [];
  const session = memorySession();
  const vault = createVault({
    indexedDB: new IDBFactory(),
    session,
    iterations: 1_000,
    now: () => clock,
    idleLockMs: IDLE,
    maxUnlockedMs: MAX,
    onDeadline: (at) => void deadlines.push(at),
  });
  const held = async () => (await session.get(SESSION_KEY))[SESSION_KEY] !== undefined;
  return { vault, deadlines, held, session, now: () => clock, advance: (ms: number) => void (clock += ms) };
}

describe('the vault says when its key must go (onDeadline)', () => {
  it('at unlock: the idle deadline; each activity moves it; never past the maximum', async () => {
    const { vault, deadlines, now, advance } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    const unlockedAt = now();
    expect(deadlines.at(-1)).toBe(unlockedAt + IDLE);
    advance(20 * MIN);
    await vault.noteUserActivity();
    expect(deadlines.at(-1)).toBe(now() + IDLE);
    for (let i = 0; i < 5; i++) {
      advance(20 * MIN);
      await vault.noteUserActivity();
    }
    expect(deadlines.at(-1)).toBe(unlockedAt + MAX);
  });

  it('a lock, a disable, or a deadline that has passed clear it (undefined)', async () => {
    const { vault, deadlines, advance } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    await vault.lock();
    expect(deadlines.at(-1)).toBeUndefined();
    await vault.unlock(PASSPHRASE);
    expect(deadlines.at(-1)).toBeTypeOf('number');
    await vault.disablePassphrase(PASSPHRASE);
    expect(deadlines.at(-1)).toBeUndefined();
    await vault.enablePassphrase(PASSPHRASE);
    advance(IDLE + 1);
    await vault.expire();
    expect(deadlines.at(-1)).toBeUndefined();
  });

  it('a failing onDeadline fails no vault operation (the next read still locks)', async () => {
    const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000, onDeadline: () => Promise.reject(new Error('no alarms')) });
    await vault.enablePassphrase(PASSPHRASE);
    await vault.set('acc1', { secretKey: 's' });
    await vault.noteUserActivity();
    expect(await vault.get('acc1')).toEqual({ secretKey: 's' });
    await vault.lock();
  });
});

describe('expire(), what the alarm runs', () => {
  it('before the deadline it keeps the key and says the deadline again; at the deadline it drops the key, with no read', async () => {
    const { vault, deadlines, held, advance, now } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    advance(IDLE - 1);
    expect(await vault.expire()).toBe(false);
    expect(await held()).toBe(true);
    expect(deadlines.at(-1)).toBe(now() + 1);
    advance(2);
    expect(await vault.expire()).toBe(true);
    // The key is gone from session storage itself, not just refused when next read.
    expect(await held()).toBe(false);
    expect(await vault.isLocked()).toBe(true);
    // Already locked: nothing more to do, and it says so.
    expect(await vault.expire()).toBe(false);
  });

  it('an activity after the alarm was set postpones the lock: the alarm finds the key still valid', async () => {
    const { vault, deadlines, held, advance, now } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    advance(IDLE - MIN);
    await vault.noteUserActivity();
    advance(MIN + 1); // the first alarm's time
    expect(await vault.expire()).toBe(false);
    expect(await held()).toBe(true);
    expect(deadlines.at(-1)).toBe(now() - MIN - 1 + IDLE);
  });

  it('in device mode there is nothing to lock, even with a key left in session storage', async () => {
    const { vault, deadlines, session } = setup();
    expect(await vault.expire()).toBe(false);
    expect(deadlines).toEqual([undefined]);
    await session.set({ [SESSION_KEY]: { key: 'AAAA', salt: 'x', unlockedAt: 0, lastActive: 0 } });
    expect(await vault.expire()).toBe(false);
  });

  it('an unlock that races the alarm keeps its fresh key', async () => {
    const { vault, held, advance } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    advance(IDLE + 1);
    const [expired] = await Promise.all([vault.expire(), vault.unlock(PASSPHRASE)]);
    expect(expired).toBe(true);
    expect(await held()).toBe(true);
    expect(await vault.isLocked()).toBe(false);
  });
});

describe('the background’s side: the alarm and the notice', () => {
  it('lockAlarmAt sets one alarm at the deadline and clears it when nothing is unlocked', async () => {
    const alarms = { create: vi.fn(), clear: vi.fn() };
    await lockAlarmAt(alarms)(5_000);
    expect(alarms.create).toHaveBeenCalledWith(VAULT_LOCK_ALARM, { when: 5_000 });
    await lockAlarmAt(alarms)(undefined);
    expect(alarms.clear).toHaveBeenCalledWith(VAULT_LOCK_ALARM);
    expect(alarms.create).toHaveBeenCalledOnce();
  });

  const strings = (locale: 'en' | 'zh_CN') => {
    const messages: Record<string, string> = {};
    for (const line of readFileSync(`lib/i18n/locales/${locale}.yml`, 'utf8').split('\n')) {
      const m = /^(\w+): (".*")$/.exec(line);
      if (m) messages[m[1]!] = JSON.parse(m[2]!) as string;
    }
    return (key: string, subs: string[] = []) => subs.reduce((s, v, i) => s.replace(`$${i + 1}`, v), messages[key] ?? `missing:${key}`);
  };

  const task = (accountId: string, n: number, status: StoredTask['status']): StoredTask => ({
    key: `${accountId}:job:${n}`, provider: 'huawei', accountId, kind: 'job', providerTaskId: String(n), label: `Job ${n}`, status, firstSeenAt: 0,
  });

  async function plant() {
    await accountsItem.setValue([
      { id: 'a1', provider: 'huawei', name: 'one', settings: { region: 'cn-north-4' } },
      { id: 'a2', provider: 'huawei', name: 'two', settings: { region: 'cn-north-4' } },
      // Never polled yet: no runtime entry at all.
      { id: 'a3', provider: 'huawei', name: 'three', settings: { region: 'cn-north-4' } },
    ]);
    // A stopped account's task was not being watched before the lock either.
    await runtimeItem.setValue({ a1: { failures: 0, clockOffsetMs: 0, memo: {} }, a2: { failures: 0, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth', message: { en: '', zh: '' }, since: 0, stopped: true } } });
    await writeTasks([task('a1', 1, 'running'), task('a1', 2, 'pending'), task('a1', 3, 'succeeded'), task('a1', 4, 'running'), task('a2', 5, 'running'), task('a3', 6, 'pending')]);
  }

  for (const locale of ['en', 'zh_CN'] as const) {
    it(`a lock with tasks pending sends one notice saying how many are no longer watched (${locale})`, async () => {
      await plant();
      expect(await watchedTaskCount()).toBe(4);
      const { vault, advance } = setup();
      await vault.enablePassphrase(PASSPHRASE);
      const notices: Notice[] = [];
      const afterLock = vi.fn(async () => undefined);
      const deps = { vault, notify: async (n: Notice) => void notices.push(n), text: strings(locale), afterLock };
      expect(await lockAtDeadline(deps)).toBe(false);
      expect(notices).toEqual([]);
      advance(IDLE + 1);
      expect(await lockAtDeadline(deps)).toBe(true);
      expect(afterLock).toHaveBeenCalledOnce();
      expect(notices).toHaveLength(1);
      expect(notices[0]!.id).toBe(VAULT_LOCKED_NOTICE);
      expect(notices[0]!.title).toBe(locale === 'en' ? 'Batchwatch is locked: polling has stopped' : 'Batchwatch 已锁定：轮询已停止');
      expect(notices[0]!.message).toContain('4');
      expect(notices[0]!.message).not.toContain('$1');
      // The alarm again (or the next worker's start): no second notice.
      expect(await lockAtDeadline(deps)).toBe(false);
      expect(notices).toHaveLength(1);
    });
  }

  it('a lock with nothing pending locks in silence', async () => {
    const { vault, advance } = setup();
    await vault.enablePassphrase(PASSPHRASE);
    advance(IDLE + 1);
    const notify = vi.fn();
    expect(await lockAtDeadline({ vault, notify, text: strings('en'), afterLock: async () => undefined })).toBe(true);
    expect(notify).not.toHaveBeenCalled();
  });
});
