import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { IDBFactory } from 'fake-indexeddb';
import { saveSettings } from '../../../lib/engine/service';
import { SETTING_BOUNDS } from '../../../lib/messaging/messages';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { getSettings, settingsItem, vaultMaxUnlockedMs } from '../../../lib/store/index';
import { createVault, DEFAULT_MAX_UNLOCKED_MS, memorySession } from '../../../lib/vault/index';
import { engineDeps } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

describe('the vault\'s maximum unlocked time, set in Options (issue 18, finding 2)', () => {
  it('defaults to 12 hours and is bounded to 15 minutes … 24 hours', async () => {
    expect(DEFAULT_SETTINGS.maxUnlockedMin * 60_000).toBe(DEFAULT_MAX_UNLOCKED_MS);
    expect(SETTING_BOUNDS.maxUnlockedMin).toEqual([15, 1_440]);
    expect(await vaultMaxUnlockedMs()).toBe(12 * 3_600_000);
  });

  it('saveSettings takes a value within the bounds and refuses one outside, saying the range', async () => {
    const { deps } = engineDeps([]);
    for (const bad of [14, 1_441, 0, -5, 30.5, 'soon']) {
      const reply = await saveSettings(deps, { maxUnlockedMin: bad });
      expect(reply).toMatchObject({ ok: false, fieldErrors: { maxUnlockedMin: 'Enter a whole number from 15 to 1440.' } });
    }
    expect((await getSettings()).maxUnlockedMin).toBe(720);
    for (const good of [15, 90, 1_440]) {
      expect(await saveSettings(deps, { maxUnlockedMin: good })).toMatchObject({ ok: true });
      expect(await vaultMaxUnlockedMs()).toBe(good * 60_000);
    }
  });

  it('a value planted in storage outside the bounds reads as the default', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...DEFAULT_SETTINGS, maxUnlockedMin: 10 * 365 * 1_440 } });
    expect(await vaultMaxUnlockedMs()).toBe(DEFAULT_MAX_UNLOCKED_MS);
    await settingsItem.setValue({ ...DEFAULT_SETTINGS, maxUnlockedMin: 1 });
    expect(await vaultMaxUnlockedMs()).toBe(DEFAULT_MAX_UNLOCKED_MS);
  });

  it('a vault wired as the background wires it locks at the time set, however active the user', async () => {
    const { deps } = engineDeps([]);
    let clock = 1_000_000;
    const vault = createVault({ indexedDB: new IDBFactory(), session: memorySession(), iterations: 1_000, now: () => clock, idleLockMs: 3_600_000, maxUnlockedMs: vaultMaxUnlockedMs });
    await vault.enablePassphrase('correct horse battery');
    expect(await saveSettings(deps, { maxUnlockedMin: 15 })).toMatchObject({ ok: true });
    clock += 10 * 60_000;
    await vault.noteUserActivity();
    clock += 5 * 60_000;
    expect(await vault.isLocked()).toBe(false);
    clock += 1;
    expect(await vault.isLocked()).toBe(true);
    // Lengthened while unlocked: the current unlock gets the new time.
    await vault.unlock('correct horse battery');
    await saveSettings(deps, { maxUnlockedMin: 60 });
    clock += 59 * 60_000;
    await vault.noteUserActivity();
    expect(await vault.isLocked()).toBe(false);
    clock += 60_001;
    expect(await vault.isLocked()).toBe(true);
  });
});
