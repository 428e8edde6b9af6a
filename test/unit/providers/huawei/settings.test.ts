/**
 * Issue 28, finding 4: DNS public zones are global (one endpoint per site), DCS is regional.
 * A Huawei account has a DNS site and any number of DCS regions, each with its project found
 * through IAM or given; accounts saved with the one Region are read in the new settings.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createHuaweiFake, DEMO_HUAWEI_KEYS, type HuaweiFakeOptions } from '../../../fake-cloud/huawei';
import { huawei } from '../../../../lib/providers/huawei/index';
import { migrateHuaweiSettings } from '../../../../lib/providers/huawei/settings';
import { accountsItem } from '../../../../lib/store/index';
import type { CapabilityReport, Credentials } from '../../../../lib/providers/types';
import { storedAccountValid } from '../../../../lib/providers/field-check';
import { engineDeps } from '../../support/fakes';
import { testContext } from '../../support/context';

const P_NORTH = '0123456789abcdef0123456789abcdef';
const P_EAST = '11111111111111111111111111111111';
const P_SG = '22222222222222222222222222222222';
const hex = (n: number): string => n.toString(16).padStart(32, '0');
const cred = (settings: Record<string, string>): Credentials => ({ account: { id: 'acc1', provider: 'huawei', name: 'Prod', settings }, secrets: { ...DEMO_HUAWEI_KEYS } });
const recent = () => ({ created_at: new Date(Date.now() - 600_000).toISOString(), updated_at: new Date().toISOString() });

function cloud(over: Partial<HuaweiFakeOptions> = {}) {
  const fake = createHuaweiFake({
    ...DEMO_HUAWEI_KEYS,
    projectId: P_NORTH,
    otherProjects: { 'cn-east-3': P_EAST, 'ap-southeast-1': P_SG },
    dcsTasks: [
      { id: hex(1), name: 'EXTEND', status: 'SUCCESS', ...recent() },
      { id: hex(2), name: 'BindEip', status: 'SUCCESS', region: 'cn-east-3', ...recent() },
      { id: hex(3), name: 'modify', status: 'EXECUTING', region: 'ap-southeast-1', ...recent() },
    ],
    ...over,
  });
  const c = createFakeCloud([fake]);
  const reports: CapabilityReport[] = [];
  return { fake, cloud: c, reports, ctx: testContext(c.fetch, { capability: (r) => void reports.push(r) }) };
}

const hosts = (records: { url: string; operation: string }[], operation: string) => records.filter((r) => r.operation === operation).map((r) => new URL(r.url).host);

beforeEach(() => fakeBrowser.reset());

describe('the DNS site', () => {
  it('sends DNS calls to the site\'s one endpoint, whatever DCS regions are watched', async () => {
    for (const [site, host] of [['cn', 'dns.cn-north-4.myhuaweicloud.com'], ['intl', 'dns.ap-southeast-3.myhuaweicloud.com']] as const) {
      const { cloud: c, ctx } = cloud();
      await huawei.discover(cred({ site, dcsRegions: 'cn-east-3, ap-southeast-1' }), ctx);
      expect(new Set(hosts(c.records, 'ListBatchOperationTasks'))).toEqual(new Set([host]));
    }
  });
});

describe('DCS regions', () => {
  it('lists each region\'s task center with its own project (found through IAM, or given), each a capability', async () => {
    const { cloud: c, ctx, reports } = cloud();
    const tasks = await huawei.discover(cred({ site: 'cn', dcsRegions: `cn-east-3, ap-southeast-1:${P_SG}` }), ctx);
    expect(hosts(c.records, 'ListDcsTasks')).toEqual(['dcs.cn-east-3.myhuaweicloud.com', 'dcs.ap-southeast-1.myhuaweicloud.com']);
    expect(c.records.filter((r) => r.operation === 'ListDcsTasks').map((r) => new URL(r.url).pathname)).toEqual([`/v2/${P_EAST}/tasks`, `/v2/${P_SG}/tasks`]);
    // The given project needs no IAM call; cn-east-3's was listed once.
    expect(c.records.filter((r) => r.operation.startsWith('Keystone')).map((r) => new URL(r.url).searchParams.get('name'))).toEqual(['cn-east-3']);
    expect(tasks.filter((t) => t.kind === 'dcs-task').map((t) => [t.providerTaskId, t.locator?.region])).toEqual([[hex(2), 'cn-east-3'], [hex(3), 'ap-southeast-1']]);
    expect(reports.map((r) => [r.id, r.state])).toEqual([['dns', 'watched'], ['dcs:cn-east-3', 'watched'], ['dcs:ap-southeast-1', 'watched']]);
  });

  it('none means DCS is off: no DCS or IAM call, DNS only', async () => {
    const { cloud: c, ctx, reports } = cloud();
    await huawei.discover(cred({ site: 'cn', dcsRegions: '' }), ctx);
    expect(c.records.map((r) => r.operation)).toEqual(['ListBatchOperationTasks']);
    expect(reports.map((r) => r.id)).toEqual(['dns']);
  });

  it('refreshes a DCS task in its own region, and links it to that region\'s console', async () => {
    const { cloud: c, ctx } = cloud();
    const settings = { site: 'cn', dcsRegions: 'cn-north-4, ap-southeast-1' };
    const task = (await huawei.discover(cred(settings), ctx)).find((t) => t.providerTaskId === hex(3))!;
    c.records.length = 0;
    await huawei.refresh(cred(settings), task, ctx);
    expect(hosts(c.records, 'ListDcsTasks')).toEqual(['dcs.ap-southeast-1.myhuaweicloud.com']);
    expect(huawei.consoleUrl(task, cred(settings).account)).toBe('https://console-intl.huaweicloud.com/dcs/?region=ap-southeast-1#/dcs/manager/cacheList');
    const dnsTask = { ...task, kind: 'dns-batch', locator: {} };
    expect(huawei.consoleUrl(dnsTask, cred({ site: 'intl' }).account)).toBe('https://console-intl.huaweicloud.com/dns/?region=ap-southeast-3#/dns/publiczones');
  });

  it('refuses a list that is not regions (or region:project ID)', () => {
    const field = huawei.fields.find((f) => f.key === 'dcsRegions')!;
    expect(field.validate!(`cn-east-3, ap-southeast-1:${P_SG}`)).toBeUndefined();
    for (const bad of ['evil.example/x?', 'cn-east-3:nothex', 'cn-east-3, cn-east-3', 'cn-east-3:a:b']) expect(field.validate!(bad), bad).toBeDefined();
  });
});

describe('accounts saved with the one Region', () => {
  it('read as that region being the one DCS region (with the given project), the site following from it', () => {
    expect(migrateHuaweiSettings({ region: 'cn-east-3' })).toEqual({ site: 'cn', dcsRegions: 'cn-east-3' });
    expect(migrateHuaweiSettings({ region: 'ap-southeast-1', projectId: P_SG })).toEqual({ site: 'intl', dcsRegions: `ap-southeast-1:${P_SG}`, projectId: P_SG });
    expect(migrateHuaweiSettings({ site: 'intl', dcsRegions: '' })).toEqual({ site: 'intl', dcsRegions: '' });
  });

  it('are read so from storage, and pass the provider\'s own check', async () => {
    engineDeps([huawei]);
    await fakeBrowser.storage.local.set({ accounts: [{ id: 'old', provider: 'huawei', name: 'Old', settings: { region: 'ap-southeast-1', projectId: P_SG } }] });
    const [account] = await accountsItem.getValue();
    expect(account?.settings).toEqual({ site: 'intl', dcsRegions: `ap-southeast-1:${P_SG}`, projectId: P_SG });
    expect(storedAccountValid(huawei, account!)).toBe(true);
  });
});
