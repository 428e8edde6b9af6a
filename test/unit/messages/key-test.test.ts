/**
 * Issue 31: "Test connection" before saving. The keys typed in the options form go to the
 * background in one message that only the options page may send; they are tried with the
 * provider's own signed calls, one per capability, and forgotten: nothing stored, nothing logged.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import { saveAccount } from '../../../lib/engine/service';
import { runtimeItem } from '../../../lib/store/index';
import { huawei } from '../../../lib/providers/huawei/index';
import { alibaba } from '../../../lib/providers/alibaba/index';
import { dnspod, dnspodToken } from '../../../lib/providers/dnspod/index';
import { createFakeCloud } from '../../fake-cloud/index';
import { createHuaweiFake, DEMO_HUAWEI_KEYS, type HuaweiFakeOptions } from '../../fake-cloud/huawei';
import { createAlibabaFake, defaultAlibabaScenario, DEMO_ALIBABA_KEYS } from '../../fake-cloud/alibaba';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS } from '../../fake-cloud/dnspod';
import type { FakeProviderCloud } from '../../fake-cloud/types';
import { engineDeps } from '../support/fakes';

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const options: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', tab: { id: 3, url: 'chrome-extension://ext-id/options.html' } };
const optionsEmbedded: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html#accounts' };
const popup: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const privacyPage: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/privacy.html', tab: { id: 4, url: 'chrome-extension://ext-id/privacy.html' } };
const framed: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', tab: { id: 5, url: 'https://evil.example/' } };
const consoleTab: MessageSender = { id: 'ext-id', url: 'https://console.huaweicloud.com/dns/', tab: { id: 7, url: 'https://console.huaweicloud.com/dns/' } };
const otherExtension: MessageSender = { id: 'other', url: 'chrome-extension://other/options.html' };

const CANARY_SECRET = 'CanarySecretTypedInTheForm0000000';
const huaweiScenario = (over: Partial<HuaweiFakeOptions> = {}): HuaweiFakeOptions => ({ ...DEMO_HUAWEI_KEYS, ...over });
const huaweiKeys = (secretAccessKey: string = DEMO_HUAWEI_KEYS.secretAccessKey) => ({
  type: 'testKeys' as const, provider: 'huawei', settings: { site: 'cn', dcsRegions: 'cn-north-4' }, secrets: { accessKeyId: DEMO_HUAWEI_KEYS.accessKeyId, secretAccessKey },
});

function setup(...fakes: FakeProviderCloud[]) {
  const cloud = createFakeCloud(fakes);
  const env = engineDeps([huawei, alibaba, dnspod, dnspodToken], undefined, { fetch: cloud.fetch, now: () => Date.now() });
  return { cloud, env };
}

/** Everything this extension could have kept: storage, the vault. */
async function everythingKept(env: ReturnType<typeof setup>['env']): Promise<string> {
  return JSON.stringify([await fakeBrowser.storage.local.get(null), await fakeBrowser.storage.session.get(null), [...env.secrets.data.entries()]]);
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.restoreAllMocks());

describe('who may send typed keys', () => {
  it('only the options page of this extension (in a tab or embedded); never the popup, another page of ours, a framed copy, a console or another extension', async () => {
    const { env, cloud } = setup(createHuaweiFake(huaweiScenario()));
    for (const sender of [popup, privacyPage, framed, otherExtension]) {
      expect(await routeMessage(env.deps, huaweiKeys(), sender, SELF)).toEqual({ ok: false, error: 'Sender not allowed' });
    }
    // A console's content script has no such request at all.
    expect(await routeMessage(env.deps, huaweiKeys(), consoleTab, SELF)).toEqual({ ok: false, error: 'Invalid request' });
    expect(cloud.records).toHaveLength(0);
    for (const sender of [options, optionsEmbedded]) expect(await routeMessage(env.deps, huaweiKeys(), sender, SELF)).toMatchObject({ ok: true });
  });

  it('is validated before any handler: no provider, or keys that are not strings, are refused', async () => {
    const { env, cloud } = setup(createHuaweiFake(huaweiScenario()));
    for (const bad of [{ type: 'testKeys', settings: {}, secrets: {} }, { ...huaweiKeys(), secrets: { accessKeyId: 42 } }, { ...huaweiKeys(), secrets: { k: 'x'.repeat(5000) } }]) {
      expect(await routeMessage(env.deps, bad, options, SELF)).toEqual({ ok: false, error: 'Invalid request' });
    }
    expect(cloud.records).toHaveLength(0);
  });
});

describe('testing keys before saving', () => {
  it('Huawei with DCS refused for permission: one line per capability, the missing action named, every call signed as polling signs it', async () => {
    const { env, cloud } = setup(createHuaweiFake(huaweiScenario({ deny: ['ListDcsTasks'] })));
    const reply = await routeMessage(env.deps, huaweiKeys(), options, SELF);
    expect(reply).toEqual({
      ok: true,
      lines: [
        { id: 'dns', label: 'DNS tasks', result: 'works' },
        { id: 'dcs:cn-north-4', label: 'DCS tasks in cn-north-4', result: 'missing-permission', action: 'dcs:task:list', detail: expect.stringMatching(/^Missing permission dcs:task:list/) },
      ],
    });
    expect(cloud.records.map((r) => r.operation)).toContain('ListDcsTasks');
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
  });

  it('Huawei with DNS refused for permission still asks DCS: the test goes on past a capability of its own', async () => {
    const { env } = setup(createHuaweiFake(huaweiScenario({ deny: ['ListBatchOperationTasks'] })));
    const reply = await routeMessage(env.deps, huaweiKeys(), options, SELF);
    expect(reply).toMatchObject({ ok: true, lines: [{ id: 'dns', result: 'missing-permission', action: 'dns:zone:listPublicZoneBatchOperationRecords' }, { id: 'dcs:cn-north-4', result: 'works' }] });
  });

  it('a DCS region with no project for these keys is "region not enabled"', async () => {
    const { env } = setup(createHuaweiFake(huaweiScenario()));
    const reply = await routeMessage(env.deps, { ...huaweiKeys(), settings: { site: 'cn', dcsRegions: 'cn-north-4, ap-southeast-1' } }, options, SELF);
    expect(reply).toMatchObject({ ok: true, lines: [{ id: 'dns', result: 'works' }, { id: 'dcs:cn-north-4', result: 'works' }, { id: 'dcs:ap-southeast-1', result: 'region-not-enabled' }] });
  });

  it('Alibaba: the count and the detail call, each its own line, a refused one naming its RAM action', async () => {
    const { env, cloud } = setup(createAlibabaFake({ ...defaultAlibabaScenario(), forbid: ['DescribeBatchResultDetail'] }));
    const reply = await routeMessage(env.deps, { type: 'testKeys', provider: 'alibaba', settings: {}, secrets: { ...DEMO_ALIBABA_KEYS } }, options, SELF);
    expect(reply).toMatchObject({
      ok: true,
      lines: [
        { id: 'count', label: 'Batch task counts', result: 'works' },
        { id: 'detail', label: 'Failed items of batch tasks', result: 'missing-permission', action: 'alidns:DescribeBatchResultDetail' },
      ],
    });
    expect(cloud.records.map((r) => r.operation)).toEqual(['DescribeBatchResultCount', 'DescribeBatchResultDetail']);
  });

  it('DNSPod: its one call, the job detail, is one line; the legacy token refused for permission is that line, with no action to name', async () => {
    const api = setup(createDnspodFake(defaultDnspodScenario()));
    expect(await routeMessage(api.env.deps, { type: 'testKeys', provider: 'dnspod', settings: {}, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } }, options, SELF)).toEqual({
      ok: true, lines: [{ id: 'calls', label: 'Reading tasks (DescribeBatchTask)', result: 'works' }],
    });
    const legacy = setup(createDnspodFake({ ...defaultDnspodScenario(), legacyCode: '-7' }));
    const reply = await routeMessage(legacy.env.deps, { type: 'testKeys', provider: 'dnspod-token', settings: {}, secrets: { tokenId: DEMO_DNSPOD_KEYS.tokenId, token: DEMO_DNSPOD_KEYS.token } }, options, SELF);
    expect(reply).toMatchObject({ ok: true, lines: [{ id: 'calls', label: 'Reading tasks (Batch.Detail)', result: 'missing-permission' }] });
    expect(reply).not.toHaveProperty('lines.0.action');
  });

  it('refused keys answer errorClass auth with the provider\'s sentence; the typed secret is in no reply, no log, no storage', async () => {
    const logged = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => undefined));
    const { env, cloud } = setup(createHuaweiFake(huaweiScenario()));
    const reply = await routeMessage(env.deps, huaweiKeys(CANARY_SECRET), options, SELF);
    expect(reply).toMatchObject({ ok: false, errorClass: 'auth', error: expect.stringContaining('Huawei Cloud rejected the access key') });
    expect(cloud.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(reply)).not.toContain(CANARY_SECRET);
    expect(JSON.stringify(logged.flatMap((spy) => spy.mock.calls))).not.toContain(CANARY_SECRET);
    expect(await everythingKept(env)).not.toContain(CANARY_SECRET);
  });

  it('keys that work are not stored either, nor an account, nor what the calls learned', async () => {
    const { env } = setup(createHuaweiFake(huaweiScenario()));
    expect(await routeMessage(env.deps, huaweiKeys(), options, SELF)).toMatchObject({ ok: true });
    const kept = await everythingKept(env);
    expect(kept).not.toContain(DEMO_HUAWEI_KEYS.secretAccessKey);
    expect(kept).not.toContain(DEMO_HUAWEI_KEYS.accessKeyId);
    expect(env.secrets.data.size).toBe(0);
    expect(await runtimeItem.getValue()).toEqual({});
  });

  it('a field the provider cannot use is marked before any call', async () => {
    const { env, cloud } = setup(createHuaweiFake(huaweiScenario()));
    const reply = await routeMessage(env.deps, { ...huaweiKeys(), secrets: { accessKeyId: DEMO_HUAWEI_KEYS.accessKeyId, secretAccessKey: '' } }, options, SELF);
    expect(reply).toMatchObject({ ok: false, fieldErrors: { secretAccessKey: 'Enter the Secret access key.' } });
    expect(cloud.records).toHaveLength(0);
  });

  it('editing: an empty secret field is the stored key, and the saved account polls on as it was (its stop is not lifted)', async () => {
    const { env, cloud } = setup(createHuaweiFake(huaweiScenario()));
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'huawei', name: 'Prod', settings: { site: 'cn', dcsRegions: 'cn-north-4' }, secrets: { ...DEMO_HUAWEI_KEYS } });
    if (!saved.ok) throw new Error(saved.error);
    const stopped = { failures: 3, clockOffsetMs: 0, memo: {}, problem: { errorClass: 'auth' as const, message: { id: 'errorAuthHuawei' as const }, since: 1, stopped: true } };
    await runtimeItem.setValue({ [saved.accountId]: stopped });
    const before = await everythingKept(env);
    const reply = await routeMessage(env.deps, { ...huaweiKeys(''), accountId: saved.accountId }, options, SELF);
    expect(reply).toMatchObject({ ok: true, lines: [{ result: 'works' }, { result: 'works' }] });
    expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
    expect(await everythingKept(env)).toBe(before);
    // Stored keys go to their own provider only.
    expect(await routeMessage(env.deps, { type: 'testKeys', provider: 'alibaba', accountId: saved.accountId, settings: {}, secrets: {} }, options, SELF)).toMatchObject({ ok: false });
  });
});
