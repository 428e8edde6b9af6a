import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';

beforeEach(() => fakeBrowser.reset());

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const popup: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const tab = (url: string): MessageSender => ({ id: 'ext-id', url, tab: { id: 7, url } });

describe('the panel\'s tasks, as the background answers them', () => {
  it('says how many are the asking page\'s own: a DNS page owns the DNS batch, a DCS page of the same console does not', async () => {
    const huawei = scriptedProvider('huawei', { listable: true, remote: [{ id: '1111', finishAt: CLOCK_START - 1, final: 'partial', failed: 3, createdAt: CLOCK_START - 60_000 }] });
    const env = engineDeps([huawei.provider]);
    const saved = await routeMessage(env.deps, { type: 'saveAccount', provider: 'huawei', name: 'huawei account', settings: { region: 'r1' }, secrets: { secretKey: 'SECRET-for-this-test-only-1b9f0e-huawei' } }, popup, SELF);
    if (!saved.ok) throw new Error(saved.error);
    await runCycle(env.deps);
    const dns = await routeMessage(env.deps, { type: 'panelTasks' }, tab('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones'), SELF);
    const dcs = await routeMessage(env.deps, { type: 'panelTasks' }, tab('https://console.huaweicloud.com/dcs/?region=cn-north-4#/dcs/manager/cacheList'), SELF);
    expect(dns).toMatchObject({ ok: true, here: 1, tasks: [{ providerTaskId: '1111' }] });
    expect(dcs).toMatchObject({ ok: true, here: 0, tasks: [{ providerTaskId: '1111' }] });
    // Moved by the history API: the sender's URL is still the loaded page, the request says where it is now.
    const moved = await routeMessage(env.deps, { type: 'panelTasks', url: 'https://console.huaweicloud.com/dcs/?region=cn-north-4#/dcs/manager/cacheList' }, tab('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones'), SELF);
    expect(moved).toMatchObject({ ok: true, here: 0 });
    // A URL of another console family is not this page: the sender's own page decides.
    const foreign = await routeMessage(env.deps, { type: 'panelTasks', url: 'https://dns.console.aliyun.com/#/dns/domainList' }, tab('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones'), SELF);
    expect(foreign).toMatchObject({ ok: true, here: 1 });
  });
});
