/**
 * The scale figures measured on the real engine code in Node (issue 21): 100 accounts (40
 * Huawei, 30 Alibaba, 30 DNSPod), each with keys of its own, against the fake cloud, with
 * the stores faked in memory (node-engine.ts). Every figure here is a count (requests, calls in flight)
 * except the cycle's wall time, which the fake cloud's fixed 150 ms answers dominate.
 */
// First: it fakes the stores before lib/ loads.
import { nodeEngine, numberedKey, type NodeEngine } from './node-engine';
import { createHuaweiFake, DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';
import { createAlibabaFake, DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';
import { createDnspodFake, DEMO_DNSPOD_KEYS } from '../fake-cloud/dnspod';

const { runCycle } = await import('../../lib/engine/cycle');
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

interface Fleet extends NodeEngine {
  /** Most signed calls in flight at once for one access key (one account), and in all. */
  mostInFlightPerAccount(): number;
  mostInFlight(): number;
}

/** 100 accounts, nothing pending at any provider, answers after `delayMs`. */
async function fleet(delayMs: number): Promise<Fleet> {
  const inFlight = new Map<string, number>();
  let mostPerAccount = 0;
  let total = 0;
  let mostTotal = 0;
  const engine = nodeEngine('bench-worker', async (key, call) => {
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    mostPerAccount = Math.max(mostPerAccount, inFlight.get(key)!);
    mostTotal = Math.max(mostTotal, ++total);
    try {
      if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
      return await call();
    } finally {
      inFlight.set(key, inFlight.get(key)! - 1);
      total--;
    }
  });
  for (let i = 0; i < MIX.huawei; i++) {
    const keys = { accessKeyId: numberedKey(DEMO_HUAWEI_KEYS.accessKeyId, i), secretAccessKey: DEMO_HUAWEI_KEYS.secretAccessKey };
    await engine.addAccount({ provider: 'huawei', name: `Huawei ${i}`, settings: { region: 'cn-north-4', projectId: '0123456789abcdef0123456789abcdef' }, secrets: keys, accessKey: keys.accessKeyId, fakes: [createHuaweiFake({ ...keys, dnsTasks: [], dcsTasks: [], zoneTasks: [] })] });
  }
  for (let i = 0; i < MIX.alibaba; i++) {
    const keys = { accessKeyId: numberedKey(DEMO_ALIBABA_KEYS.accessKeyId, i), secretAccessKey: DEMO_ALIBABA_KEYS.secretAccessKey };
    await engine.addAccount({ provider: 'alibaba', name: `Alibaba ${i}`, settings: { endpoint: 'alidns.aliyuncs.com' }, secrets: keys, accessKey: keys.accessKeyId, fakes: [createAlibabaFake({ accessKeyId: keys.accessKeyId, accessKeySecret: keys.secretAccessKey, tasks: [] })] });
  }
  for (let i = 0; i < MIX.dnspod; i++) {
    const keys = { secretId: numberedKey(DEMO_DNSPOD_KEYS.secretId, i), secretKey: DEMO_DNSPOD_KEYS.secretKey };
    await engine.addAccount({ provider: 'dnspod', name: `DNSPod ${i}`, settings: { site: 'dnspod.tencentcloudapi.com' }, secrets: keys, accessKey: keys.secretId, fakes: [createDnspodFake({ ...DEMO_DNSPOD_KEYS, ...keys, jobs: [] })] });
  }
  return { ...engine, mostInFlightPerAccount: () => mostPerAccount, mostInFlight: () => mostTotal };
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

// `npx tsx --import ./test/bench/raw.ts test/bench/scale.ts` prints the figures alone.
if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await measureEngineScale(), null, 2));
