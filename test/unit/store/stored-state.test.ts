/**
 * Stored state is untrusted input (issue 18, finding 3): a compromised console renderer can
 * write storage.local where the browser cannot restrict it. Each item is planted here with
 * what such a renderer would write, and read back through the store as the worker reads it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { routeMessage } from '../../../lib/engine/router';
import { providers, getProvider } from '../../../lib/providers/index';
import { migratedAccount, type Account } from '../../../lib/providers/types';
import { storedAccountValid } from '../../../lib/providers/field-check';
import { DEFAULT_SETTINGS } from '../../../lib/settings/defaults';
import { accountsItem, getSettings, leaseItem, panelCollapsedItem, runtimeItem, untrackedItem, visitsItem } from '../../../lib/store/index';
import { CLOCK_START, engineDeps, MemorySecrets } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';
import { isPrivateKey } from '../../../lib/store/private-area';
import { plantPrivate } from '../support/private-area';

beforeEach(() => fakeBrowser.reset());

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const options = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };
/** Each value where the store keeps it: storage.local, or the private area (issue 29, finding 7). */
const plant = async (items: Record<string, unknown>) => {
  const entries = Object.entries(items);
  await plantPrivate(Object.fromEntries(entries.filter(([key]) => isPrivateKey(key) && !key.endsWith('$'))));
  await fakeBrowser.storage.local.set(Object.fromEntries(entries.filter(([key]) => !isPrivateKey(key))));
};
/** An account saved before the DNS site and the DCS regions were split, read as the store reads it. */
const huaweiAccount = (region: string): Account => migratedAccount(getProvider('huawei'), { id: 'acc-h', provider: 'huawei', name: 'Huawei', settings: { region } });

describe('stored accounts: read only as their provider could have saved them', () => {
  it('a region must have the region\'s shape, an endpoint must be one of the options, every setting a field of the provider', () => {
    const huawei = getProvider('huawei');
    expect(storedAccountValid(huawei, huaweiAccount('cn-north-4'))).toBe(true);
    for (const planted of ['evil.example/x?', 'cn-north-4.evil.example', 'cn-north-4/../x', 'cn-north-4 ', '']) {
      expect(storedAccountValid(huawei, huaweiAccount(planted)), planted).toBe(planted === '');
    }
    const alibaba = getProvider('alibaba');
    expect(storedAccountValid(alibaba, { id: 'a', provider: 'alibaba', name: 'A', settings: { endpoint: 'alidns.aliyuncs.com' } })).toBe(true);
    expect(storedAccountValid(alibaba, { id: 'a', provider: 'alibaba', name: 'A', settings: { endpoint: 'evil.example' } })).toBe(false);
    expect(storedAccountValid(huawei, { ...huaweiAccount('cn-north-4'), settings: { site: 'cn', host: 'evil.example' } })).toBe(false);
    expect(storedAccountValid(huawei, { ...huaweiAccount('cn-north-4'), settings: { site: 'evil.example' } })).toBe(false);
    expect(storedAccountValid(huawei, { ...huaweiAccount('cn-north-4'), settings: { site: 'cn', dcsRegions: 'cn-east-3, evil.example/x?' } })).toBe(false);
    expect(storedAccountValid(huawei, { ...huaweiAccount('cn-north-4'), provider: 'alibaba' })).toBe(false);
    expect(storedAccountValid(undefined, huaweiAccount('cn-north-4'))).toBe(false);
  });

  it('a Huawei account whose stored region was rewritten to another host is never polled: no fetch leaves, with or without a signature', async () => {
    const sent: string[] = [];
    const env = engineDeps([...providers], new MemorySecrets(), {
      fetch: async (input) => {
        sent.push(String(input));
        return new Response('{}', { status: 500 });
      },
    });
    env.secrets.data.set('acc-h', { accessKeyId: 'HPUAEXAMPLEKEY000000', secretAccessKey: 'secret-access-key-0000' });
    await plant({ accounts: [huaweiAccount('evil.example/x?')], accounts$: { v: 1 } });
    expect(await accountsItem.getValue()).toEqual([]);
    await runCycle(env.deps, { force: true });
    expect(sent).toEqual([]);
    // The same account with a real region is polled (the check is what stopped it).
    await plant({ accounts: [huaweiAccount('cn-north-4')] });
    await runCycle(env.deps, { force: true });
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((url) => new URL(url).hostname.endsWith('.myhuaweicloud.com'))).toBe(true);
  });

  it('whatever is stored under "accounts", what is read is well-formed accounts, each id once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (raw) => {
        await plant({ accounts: raw });
        const read = await accountsItem.getValue();
        expect(Array.isArray(read)).toBe(true);
        expect(new Set(read.map((a) => a.id)).size).toBe(read.length);
        for (const a of read) expect(typeof a.id === 'string' && typeof a.name === 'string' && typeof a.settings === 'object').toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('stored polling state: what cannot be read stops the account, never frees it', () => {
  it('a runtime entry rewritten to garbage reads as stopped, and the account makes no call until the user acts', async () => {
    const scripted = scriptedProvider('dnspod', { listable: true, remote: [{ id: '1', finishAt: CLOCK_START + 3600_000, final: 'succeeded', createdAt: CLOCK_START }] });
    const env = engineDeps([scripted.provider]);
    const saved = await routeMessage(env.deps, { type: 'saveAccount', provider: 'dnspod', name: 'D', settings: { region: 'r1' }, secrets: { secretKey: 'secret-key-1' } }, options, SELF);
    const accountId = (saved as unknown as { accountId: string }).accountId;
    await plant({ runtime: { [accountId]: { problem: { stopped: 'no' }, failures: -1 } } });
    expect((await runtimeItem.getValue())[accountId]?.problem?.stopped).toBe(true);
    const before = scripted.total();
    await runCycle(env.deps, { force: true });
    expect(scripted.total()).toBe(before);
    // Test connection (the user, in Options) lifts it.
    expect(await routeMessage(env.deps, { type: 'testConnection', accountId }, options, SELF)).toEqual({ ok: true });
    await runCycle(env.deps, { force: true });
    expect(scripted.total()).toBeGreaterThan(before);
  });

  it('a well-formed entry is read as stored', async () => {
    const rt = { failures: 2, clockOffsetMs: -1500, memo: { projectId: 'p' }, backoffUntil: 5, problem: { errorClass: 'throttled', message: { en: 'e', zh: 'z' }, since: 1, stopped: false } };
    await plant({ runtime: { a: rt } });
    expect(await runtimeItem.getValue()).toEqual({ a: rt });
  });
});

describe('other stored items read within the bounds their messages allow', () => {
  it('settings outside saveSettings\' bounds read as their defaults, one by one', async () => {
    await plant({ settings: { pendingIntervalSec: 1, idleIntervalSec: 600, historyMaxTasks: 'all', historyMaxAgeDays: 1e9, notifyOnFailure: 'yes', notifyOnSuccess: true, extra: '<img>' } });
    expect(await getSettings()).toEqual({ ...DEFAULT_SETTINGS, idleIntervalSec: 600, notifyOnSuccess: true });
    await plant({ settings: 'garbage' });
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('visits, the lease, the untracked counts and the panel state: malformed values read as absent', async () => {
    await plant({
      visits: { a: 5, b: 'soon', c: null },
      lease: { owner: 7, expiresAt: 'never' },
      untracked: { 'console.dnspod.cn': { count: 3, lastAt: 9 }, evil: { count: -1, lastAt: 0 }, worse: '<a href>' },
      panelCollapsed: 'yes',
    });
    expect(await visitsItem.getValue()).toEqual({ a: 5 });
    expect(await leaseItem.getValue()).toBeNull();
    expect(await untrackedItem.getValue()).toEqual({ 'console.dnspod.cn': { count: 3, lastAt: 9 } });
    expect(await panelCollapsedItem.getValue()).toBe(false);
  });
});
