/**
 * Issue 28: a job the provider no longer knows (DNSPod API 3.0 answers, as Tencent documents,
 * InvalidParameter.BatchTaskNotExist) is marked so, is not asked about again, drops off the
 * badge and costs its account nothing: no backoff, no problem, the other jobs go on.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { hasPendingWork } from '../../../lib/engine/schedule';
import { saveAccount, stateView, trackTask } from '../../../lib/engine/service';
import { dnspod } from '../../../lib/providers/dnspod/index';
import { accountsItem, readAllTasks, runtimeItem } from '../../../lib/store/index';
import { createFakeCloud } from '../../fake-cloud/index';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS } from '../../fake-cloud/dnspod';
import { CLOCK_START, engineDeps } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

const SEC = 1000;

describe('a job DNSPod no longer knows', () => {
  it('is marked gone in the cycle that learns it, never asked for again, off the badge; the account keeps polling its other job', async () => {
    const fake = createDnspodFake({
      ...defaultDnspodScenario(CLOCK_START),
      jobs: [
        ...defaultDnspodScenario(CLOCK_START).jobs!,
        { id: 409760, type: 'record_modify', created_at: '2027-01-15 16:00:00', domains: [{ domain: 'dnsapi3.cn', status: 'running', records: [{ sub_domain: 'www', record_type: 'A', value: '192.0.2.1', status: 'running' }] }] },
      ],
    });
    const cloud = createFakeCloud([fake], { now: () => env.deps.now() });
    const env = engineDeps([dnspod], undefined, { fetch: cloud.fetch });
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'dnspod', name: 'DP', settings: {}, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } });
    if (!saved.ok) throw new Error(saved.error);
    const accountId = saved.accountId;
    for (const id of ['409753', '409760']) expect(await trackTask(env.deps, accountId, id)).toMatchObject({ ok: true });

    // An earlier throttle left a problem and a backoff behind; the job then vanishes.
    fake.forceNext('throttled');
    env.advance(30 * SEC);
    await runCycle(env.deps);
    expect((await runtimeItem.getValue())[accountId]?.problem?.errorClass).toBe('throttled');
    fake.jobs.splice(fake.jobs.findIndex((j) => j.id === 409760), 1);
    env.advance(31 * 60 * SEC);
    const callsBefore = cloud.records.length;
    await runCycle(env.deps);

    const tasks = Object.values(await readAllTasks());
    const gone = tasks.find((t) => t.providerTaskId === '409760')!;
    expect(gone).toMatchObject({ gone: true, status: 'unknown' });
    expect(cloud.records.slice(callsBefore).map((r) => r.status)).toEqual([200, 200]);
    let rt = (await runtimeItem.getValue())[accountId]!;
    expect(rt.backoffUntil).toBeUndefined();
    expect(rt.problem).toBeUndefined();

    // The other job is polled on to its end; the gone one is not asked for again.
    const callsAfterGone = cloud.records.length;
    for (let i = 0; i < 6; i++) {
      env.advance(30 * SEC);
      await runCycle(env.deps);
    }
    expect(Object.values(await readAllTasks()).find((t) => t.providerTaskId === '409753')).toMatchObject({ status: 'succeeded' });
    expect(cloud.records.length - callsAfterGone).toBeLessThanOrEqual(2);
    rt = (await runtimeItem.getValue())[accountId]!;
    expect(rt.problem).toBeUndefined();
    expect(env.badges.at(-1)?.text).toBe('');
    expect(hasPendingWork(await readAllTasks(), await accountsItem.getValue(), await runtimeItem.getValue())).toBe(false);

    // Surfaces are told, so the popup can say so in the user's language.
    const view = await stateView(env.deps);
    expect(view.tasks.find((t) => t.providerTaskId === '409760')).toMatchObject({ gone: true });
  });
});
