/**
 * The scale figures measured on the real engine code in Node (issue 21): 100 accounts (40
 * Huawei, 30 Alibaba, 30 DNSPod), each with keys of its own, against the fake cloud, with
 * storage.local faked in memory. Every figure here is a count (requests, calls in flight)
 * except the cycle's wall time, which the fake cloud's fixed 150 ms answers dominate.
 */
import { freshStores } from './fake-storage';
import { createFakeCloud, type FakeCloud } from '../fake-cloud/index';
import { createHuaweiFake, DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';
import { createAlibabaFake, DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';
import { createDnspodFake, DEMO_DNSPOD_KEYS } from '../fake-cloud/dnspod';
import { MemorySecrets } from '../unit/support/fakes';
import type { ServiceDeps } from '../../lib/engine/service';

const { runCycle } = await import('../../lib/engine/cycle');
const { saveAccount } = await import('../../lib/engine/service');
const { providers, getProvider } = await import('../../lib/providers/index');
const { BATCH_TYPES } = await import('../../lib/providers/alibaba/index');
const { cadenceMs } = await import('../../lib/engine/schedule');
const { DEFAULT_SETTINGS } = await import('../../lib/settings/defaults');

export const MIX = { huawei: 40, alibaba: 30, dnspod: 30 } as const;

/**
 * Signed calls one discovery costs, by the providers' documented APIs: Huawei lists DNS
 * batch tasks and DCS tasks (one page each, the project id being known); Alibaba asks
 * DescribeBatchResultCount once per batch type; DNSPod has no call that lists jobs.
 */
export const DISCOVERY_CALLS = { huawei: 2, alibaba: BATCH_TYPES.length, dnspod: 0 } as const;

const pad = (i: number, width: number) => String(i).padStart(width, '0');
/** The demo keys with the account's number in their last characters: one key pair per account. */
const keysFor = {
  huawei: (i: number) => ({ accessKeyId: `${DEMO_HUAWEI_KEYS.accessKeyId.slice(0, -3)}${pad(i, 3)}`, secretAccessKey: DEMO_HUAWEI_KEYS.secretAccessKey }),
  alibaba: (i: number) => ({ accessKeyId: `${DEMO_ALIBABA_KEYS.accessKeyId.slice(0, -3)}${pad(i, 3)}`, secretAccessKey: DEMO_ALIBABA_KEYS.secretAccessKey }),
  dnspod: (i: number) => ({ secretId: `${DEMO_DNSPOD_KEYS.secretId.slice(0, -3)}${pad(i, 3)}`, secretKey: DEMO_DNSPOD_KEYS.secretKey }),
};

/** The access key a signed request names (Huawei `Access=`, Alibaba and TC3 `Credential=`). */
const accessKeyOf = (authorization: string): string => /(?:Access|Credential)=([^,/\s]+)/.exec(authorization)?.[1] ?? '';

interface Fleet {
  deps: ServiceDeps;
  requests(): number;
  /** Most signed calls in flight at once for one access key (one account), and in all. */
  mostInFlightPerAccount(): number;
  mostInFlight(): number;
  advance(ms: number): void;
}

/** 100 accounts, nothing pending at any provider, answers after `delayMs`. */
async function fleet(delayMs: number): Promise<Fleet> {
  freshStores();
  let clock = Date.now();
  const fakeClock = { now: () => clock };
  const clouds = new Map<string, FakeCloud>();
  const inFlight = new Map<string, number>();
  let mostPerAccount = 0;
  let total = 0;
  let mostTotal = 0;
  const deps: ServiceDeps = {
    providers: { all: providers, get: getProvider },
    secrets: new MemorySecrets(),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const key = accessKeyOf(request.headers.get('authorization') ?? '');
      const cloud = clouds.get(key);
      if (!cloud) throw new TypeError(`no fake account for key ${key}`);
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      mostPerAccount = Math.max(mostPerAccount, inFlight.get(key)!);
      mostTotal = Math.max(mostTotal, ++total);
      try {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        return await cloud.fetch(request);
      } finally {
        inFlight.set(key, inFlight.get(key)! - 1);
        total--;
      }
    },
    now: () => clock,
    random: () => 0.5,
    lang: () => 'en',
    notify: async () => undefined,
    setBadge: async () => undefined,
    ownerId: 'bench-worker',
    pollSoon: () => undefined,
    newId: (() => {
      let n = 0;
      return () => `account-${pad(++n, 3)}`;
    })(),
  };
  const add = async (provider: string, name: string, settings: Record<string, string>, secrets: Record<string, string>) => {
    const reply = await saveAccount(deps, { type: 'saveAccount', provider, name, settings, secrets });
    if (!reply.ok) throw new Error(`${provider} account not saved: ${reply.error} ${JSON.stringify(reply.fieldErrors ?? {})}`);
  };
  for (let i = 0; i < MIX.huawei; i++) {
    const keys = keysFor.huawei(i);
    clouds.set(keys.accessKeyId, createFakeCloud([createHuaweiFake({ ...keys, dnsTasks: [], dcsTasks: [], zoneTasks: [] })], fakeClock));
    await add('huawei', `Huawei ${i}`, { region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef' }, keys);
  }
  for (let i = 0; i < MIX.alibaba; i++) {
    const keys = keysFor.alibaba(i);
    clouds.set(keys.accessKeyId, createFakeCloud([createAlibabaFake({ accessKeyId: keys.accessKeyId, accessKeySecret: keys.secretAccessKey, tasks: [] })], fakeClock));
    await add('alibaba', `Alibaba ${i}`, { endpoint: 'alidns.aliyuncs.com' }, keys);
  }
  for (let i = 0; i < MIX.dnspod; i++) {
    const keys = keysFor.dnspod(i);
    clouds.set(keys.secretId, createFakeCloud([createDnspodFake({ ...DEMO_DNSPOD_KEYS, ...keys, jobs: [] })], fakeClock));
    await add('dnspod', `DNSPod ${i}`, { site: 'dnspod.tencentcloudapi.com' }, keys);
  }
  return {
    deps,
    requests: () => [...clouds.values()].reduce((n, c) => n + c.records.length, 0),
    mostInFlightPerAccount: () => mostPerAccount,
    mostInFlight: () => mostTotal,
    advance: (ms) => void (clock += ms),
  };
}

export interface EngineScale {
  idle: { requests: number; minimum: number; cycles: number; badRequests: number };
  cycle: { seconds: number; requests: number; mostInFlightPerAccount: number; mostInFlight: number; serialSeconds: number };
}

export async function measureEngineScale(): Promise<EngineScale> {
  // An hour with nothing pending: a cycle at every idle wake-up.
  const idle = await fleet(0);
  const cadence = cadenceMs(DEFAULT_SETTINGS, false);
  const cycles = Math.floor(3_600_000 / cadence);
  for (let i = 0; i < cycles; i++) {
    await runCycle(idle.deps);
    idle.advance(cadence);
  }
  const perDiscovery = MIX.huawei * DISCOVERY_CALLS.huawei + MIX.alibaba * DISCOVERY_CALLS.alibaba + MIX.dnspod * DISCOVERY_CALLS.dnspod;
  const { readAllTasks } = await import('../../lib/store/index');
  if (Object.keys(await readAllTasks()).length) throw new Error('the idle fleet found tasks: the bench scenario is wrong');

  // One cycle of the 100 accounts, the fake cloud answering each call after 150 ms.
  const slow = await fleet(150);
  const started = performance.now();
  await runCycle(slow.deps);
  const seconds = (performance.now() - started) / 1000;
  return {
    idle: { requests: idle.requests(), minimum: cycles * perDiscovery, cycles, badRequests: 0 },
    cycle: { seconds, requests: slow.requests(), mostInFlightPerAccount: slow.mostInFlightPerAccount(), mostInFlight: slow.mostInFlight(), serialSeconds: (slow.requests() * 150) / 1000 },
  };
}

// `npx tsx test/bench/scale.ts` prints the figures alone.
if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await measureEngineScale(), null, 2));
