/**
 * Issue 33's CDN rows, on the real engine in Node: Alibaba accounts with CDN tasks turned on,
 * each with a URL refresh that finishes (with failed URLs) after a few queries, against the
 * fake CDN API, storage faked in memory. The minimum per account: each discovery's Alidns
 * calls (one per batch type) and one DescribeRefreshTasks, a discovery per cycle until the
 * task has finished, then one page of its failed URLs.
 */
import { freshStores } from './fake-storage';
import { createFakeCloud, type FakeCloud } from '../fake-cloud/index';
import { createAlibabaFake, DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';
import { createAlibabaCdnFake, defaultAlibabaCdnScenario } from '../fake-cloud/alibaba-cdn';
import { MemorySecrets } from '../unit/support/fakes';
import type { ServiceDeps } from '../../lib/engine/service';

const { runCycle } = await import('../../lib/engine/cycle');
const { saveAccount } = await import('../../lib/engine/service');
const { providers, getProvider } = await import('../../lib/providers/index');
const { BATCH_TYPES } = await import('../../lib/providers/alibaba/index');
const { cadenceMs } = await import('../../lib/engine/schedule');
const { DEFAULT_SETTINGS } = await import('../../lib/settings/defaults');
const { readAllTasks } = await import('../../lib/store/index');

/** Queries of the task before the fake finishes it (its status moves when asked, as the doc says). */
const POLLS = 3;

export interface CdnRun {
  accounts: number;
  requests: number;
  minimum: number;
  cycles: number;
}

export async function measureCdn(accounts: number): Promise<CdnRun> {
  freshStores();
  let clock = Date.now();
  const fakeClock = { now: () => clock };
  const clouds = new Map<string, FakeCloud>();
  const deps: ServiceDeps = {
    providers: { all: providers, get: getProvider },
    secrets: new MemorySecrets(),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const key = /Credential=([^,]+)/.exec(request.headers.get('authorization') ?? '')?.[1] ?? '';
      const cloud = clouds.get(key);
      if (!cloud) throw new TypeError(`no fake account for key ${key}`);
      return cloud.fetch(request);
    },
    now: () => clock,
    random: () => 0.5,
    lang: () => 'en',
    notify: async () => undefined,
    setBadge: async () => undefined,
    ownerId: 'bench-cdn',
    pollSoon: () => undefined,
    newId: (() => {
      let n = 0;
      return () => `cdn-account-${++n}`;
    })(),
  };
  for (let i = 0; i < accounts; i++) {
    const keys = { accessKeyId: `${DEMO_ALIBABA_KEYS.accessKeyId.slice(0, -3)}${String(i).padStart(3, '0')}`, secretAccessKey: DEMO_ALIBABA_KEYS.secretAccessKey };
    const scenario = defaultAlibabaCdnScenario(clock);
    // The URL refresh alone (three of its five URLs fail), finishing after POLLS queries.
    const tasks = scenario.tasks!.filter((t) => t.ObjectType === 'file').map((t) => ({ ...t, finishAfterPolls: POLLS - 1 }));
    clouds.set(keys.accessKeyId, createFakeCloud([createAlibabaFake({ accessKeyId: keys.accessKeyId, accessKeySecret: keys.secretAccessKey, tasks: [] }), createAlibabaCdnFake({ ...scenario, ...keys, accessKeySecret: keys.secretAccessKey, tasks })], fakeClock));
    const reply = await saveAccount(deps, { type: 'saveAccount', provider: 'alibaba', name: `CDN ${i}`, settings: { endpoint: 'alidns.aliyuncs.com', 'watch-alibaba-cdn': 'on' }, secrets: keys });
    if (!reply.ok) throw new Error(`account not saved: ${reply.error}`);
  }
  let cycles = 0;
  const unfinished = async () => Object.values(await readAllTasks()).filter((t) => t.status === 'running' || t.status === 'pending' || !t.failedItemsFetched).length;
  do {
    await runCycle(deps);
    cycles++;
    clock += cadenceMs(DEFAULT_SETTINGS, true);
  } while ((await unfinished()) > 0 && cycles < 20);
  const found = Object.values(await readAllTasks());
  if (found.length !== accounts || found.some((t) => t.status !== 'partial' || t.failed !== 3)) throw new Error('the CDN bench scenario did not end as planned');
  const perDiscovery = BATCH_TYPES.length + 1;
  return { accounts, requests: [...clouds.values()].reduce((n, c) => n + c.records.length, 0), minimum: accounts * (POLLS * perDiscovery + 1), cycles };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify([await measureCdn(1), await measureCdn(100)], null, 2));
