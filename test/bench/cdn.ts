/**
 * Issue 33's CDN rows, on the real engine in Node: Alibaba accounts with CDN tasks turned on,
 * each with a URL refresh that finishes (with failed URLs) after a few queries, against the
 * fake CDN API, the stores faked in memory (node-engine.ts). The minimum per account: each discovery's Alidns
 * calls (one per batch type) and one DescribeRefreshTasks, a discovery per cycle until the
 * task has finished, then one page of its failed URLs.
 */
// First: it fakes the stores before lib/ loads.
import { nodeEngine, numberedKey } from './node-engine';
import { createAlibabaFake, DEMO_ALIBABA_KEYS } from '../fake-cloud/alibaba';
import { createAlibabaCdnFake, defaultAlibabaCdnScenario } from '../fake-cloud/alibaba-cdn';

const { runCycle } = await import('../../lib/engine/cycle');
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
  const engine = nodeEngine('bench-cdn');
  for (let i = 0; i < accounts; i++) {
    const keys = { accessKeyId: numberedKey(DEMO_ALIBABA_KEYS.accessKeyId, i), secretAccessKey: DEMO_ALIBABA_KEYS.secretAccessKey };
    const scenario = defaultAlibabaCdnScenario(engine.now());
    // The URL refresh alone (three of its five URLs fail), finishing after POLLS queries.
    const tasks = scenario.tasks!.filter((t) => t.ObjectType === 'file').map((t) => ({ ...t, finishAfterPolls: POLLS - 1 }));
    const fakes = [createAlibabaFake({ accessKeyId: keys.accessKeyId, accessKeySecret: keys.secretAccessKey, tasks: [] }), createAlibabaCdnFake({ ...scenario, ...keys, accessKeySecret: keys.secretAccessKey, tasks })];
    await engine.addAccount({ provider: 'alibaba', name: `CDN ${i}`, settings: { endpoint: 'alidns.aliyuncs.com', 'watch-alibaba-cdn': 'on' }, secrets: keys, accessKey: keys.accessKeyId, fakes });
  }
  let cycles = 0;
  const unfinished = async () => Object.values(await readAllTasks()).filter((t) => t.status === 'running' || t.status === 'pending' || !t.failedItemsFetched).length;
  do {
    await runCycle(engine.deps);
    cycles++;
    engine.advance(cadenceMs(DEFAULT_SETTINGS, true));
  } while ((await unfinished()) > 0 && cycles < 20);
  const found = Object.values(await readAllTasks());
  if (found.length !== accounts || found.some((t) => t.status !== 'partial' || t.failed !== 3)) throw new Error('the CDN bench scenario did not end as planned');
  const perDiscovery = BATCH_TYPES.length + 1;
  return { accounts, requests: engine.requests(), minimum: accounts * (POLLS * perDiscovery + 1), cycles };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify([await measureCdn(1), await measureCdn(100)], null, 2));
