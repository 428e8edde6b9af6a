/**
 * A Huawei account watches DNS tasks and DCS tasks per region, each on its own (issue 28,
 * finding 5): a DCS failure of its own (a permission, a project) says what is not watched and
 * why; throttling or a dead network keeps the known tasks and is retried; DNS goes on either way.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createHuaweiFake, DEMO_HUAWEI_KEYS, huaweiTimeAgo, type HuaweiFakeOptions } from '../../../fake-cloud/huawei';
import { huawei } from '../../../../lib/providers/huawei/index';
import { runCycle } from '../../../../lib/engine/cycle';
import { saveAccount, stateView, testConnection } from '../../../../lib/engine/service';
import { readTaskIndex } from '../../../../lib/store/index';
import { ProviderError, type CapabilityReport, type Credentials } from '../../../../lib/providers/types';
import { capabilityFailure, UnknownProjectError } from '../../../../lib/providers/huawei/capabilities';
import { engineDeps } from '../../support/fakes';
import { testContext } from '../../support/context';
import { say } from '../../../../lib/i18n/words';

const PROJECT = '0123456789abcdef0123456789abcdef';
const hex = (n: number): string => n.toString(16).padStart(32, '0');
const cred = (): Credentials => ({ account: { id: 'acc1', provider: 'huawei', name: 'Prod', settings: { region: 'cn-north-4' } }, secrets: { ...DEMO_HUAWEI_KEYS } });
const scenario = (over: Partial<HuaweiFakeOptions> = {}): HuaweiFakeOptions => ({
  ...DEMO_HUAWEI_KEYS,
  projectId: PROJECT,
  dnsTasks: [{ id: hex(1), type: 'create', status: 'DONE', created_at: huaweiTimeAgo(5), success_count: 3, error_count: 0 }],
  dcsTasks: [{ id: hex(2), name: 'ChangeInstanceSpec', status: 'EXECUTING', created_at: new Date(Date.now() - 600_000).toISOString(), updated_at: new Date().toISOString() }],
  ...over,
});

function discover(options: HuaweiFakeOptions) {
  const cloud = createFakeCloud([createHuaweiFake(options)]);
  const reports: CapabilityReport[] = [];
  const ctx = testContext(cloud.fetch, { capability: (r) => void reports.push(r) });
  return { reports, run: () => huawei.discover(cred(), ctx) };
}

beforeEach(() => fakeBrowser.reset());

describe('Huawei capabilities', () => {
  it('with DCS refused for permission: DNS tasks are listed, DCS is not watched and the missing action is named', async () => {
    const { run, reports } = discover(scenario({ deny: ['ListDcsTasks'] }));
    const tasks = await run();
    expect(tasks.map((t) => t.kind)).toEqual(['dns-batch']);
    expect(reports.map((r) => [r.id, r.state])).toEqual([['dns', 'watched'], ['dcs:cn-north-4', 'not-watched']]);
    expect(say(reports[1]!.label, 'en')).toBe('DCS tasks in cn-north-4');
    expect(say(reports[1]!.reason!, 'en')).toMatch(/^Missing permission dcs:task:list/);
    expect(say(reports[1]!.reason!, 'zh')).toContain('dcs:task:list');
  });

  it('with DCS throttled: DNS tasks are listed and DCS is retried, not reported as empty or refused', async () => {
    const { run, reports } = discover(scenario({ throttle: ['ListDcsTasks'] }));
    const tasks = await run();
    expect(tasks.map((t) => t.kind)).toEqual(['dns-batch']);
    expect(reports.map((r) => [r.id, r.state])).toEqual([['dns', 'watched'], ['dcs:cn-north-4', 'retrying']]);
    expect(say(reports[1]!.reason!, 'en')).toMatch(/tasks already known stay/);
  });

  it('a refused key is still the whole account\'s problem, not a capability', async () => {
    const cloud = createFakeCloud([createHuaweiFake(scenario())]);
    const wrong = { ...cred(), secrets: { ...DEMO_HUAWEI_KEYS, secretAccessKey: 'WrongSecretKeyWrongSecretKey00' } };
    await expect(huawei.discover(wrong, testContext(cloud.fetch))).rejects.toMatchObject({ cls: 'auth' });
  });

  it('"Test connection" reports each capability', async () => {
    const cloud = createFakeCloud([createHuaweiFake(scenario({ deny: ['ListDcsTasks'] }))]);
    const reports = (await huawei.testConnection(cred(), testContext(cloud.fetch))) ?? [];
    expect(reports.map((r) => [say(r.label, 'en'), r.state])).toEqual([['DNS tasks', 'watched'], ['DCS tasks in cn-north-4', 'not-watched']]);
  });
});

describe('capability states through the engine', () => {
  async function account(options: HuaweiFakeOptions) {
    const fake = createHuaweiFake(options);
    const cloud = createFakeCloud([fake]);
    const env = engineDeps([huawei], undefined, { fetch: cloud.fetch, now: () => Date.now() });
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'huawei', name: 'Prod', settings: { region: 'cn-north-4', projectId: PROJECT }, secrets: { ...DEMO_HUAWEI_KEYS } });
    if (!saved.ok) throw new Error(saved.error);
    return { fake, env, accountId: saved.accountId };
  }

  it('shows DNS tasks and says on the account which permission DCS lacks; the account itself has no problem', async () => {
    const { env, accountId } = await account(scenario({ deny: ['ListDcsTasks'] }));
    await runCycle(env.deps, { force: true });
    const view = await stateView(env.deps);
    expect(view.tasks.map((t) => t.kind)).toEqual(['dns-batch']);
    const acc = view.accounts.find((a) => a.id === accountId)!;
    expect(acc.problem).toBeUndefined();
    expect(acc.capabilities).toEqual([
      // Read now; DCS never was (issue 32: last checked per capability).
      { id: 'dns', label: 'DNS tasks', state: 'watched', checkedAt: expect.any(Number) },
      { id: 'dcs:cn-north-4', label: 'DCS tasks in cn-north-4', state: 'not-watched', reason: expect.stringMatching(/^Missing permission dcs:task:list/) },
    ]);
    const tested = await testConnection(env.deps, accountId);
    expect(tested).toMatchObject({ ok: true, capabilities: [{ label: 'DNS tasks', state: 'watched' }, { label: 'DCS tasks in cn-north-4', state: 'not-watched' }] });
  });

  it('a throttled DCS keeps the DCS tasks it knew and retries; the next discovery watches it again', async () => {
    const { fake, env, accountId } = await account(scenario());
    await runCycle(env.deps, { force: true });
    const dcsKeys = async () => [...(await readTaskIndex()).keys()].filter((k) => k.includes(':dcs-task:'));
    expect(await dcsKeys()).toHaveLength(1);
    fake.throttle.push('ListDcsTasks');
    await runCycle(env.deps, { force: true });
    let acc = (await stateView(env.deps)).accounts.find((a) => a.id === accountId)!;
    expect(acc.capabilities?.find((c) => c.id === 'dcs:cn-north-4')?.state).toBe('retrying');
    // The gateway throttles per user: the running DCS task's own refresh backs the account off, never stops it.
    expect(acc.problem?.stopped ?? false).toBe(false);
    expect(await dcsKeys()).toHaveLength(1);
    expect((await stateView(env.deps)).tasks.map((t) => t.kind).sort()).toEqual(['dcs-task', 'dns-batch']);
    fake.throttle.length = 0;
    // Test connection lifts the backoff (as the user would); the next discovery asks DCS again.
    expect(await testConnection(env.deps, accountId)).toMatchObject({ ok: true, capabilities: [{ state: 'watched' }, { state: 'watched' }] });
    await runCycle(env.deps, { force: true });
    acc = (await stateView(env.deps)).accounts.find((a) => a.id === accountId)!;
    expect(acc.capabilities?.find((c) => c.id === 'dcs:cn-north-4')?.state).toBe('watched');
  });
});

describe('what a DCS failure means', () => {
  it('an unreachable DCS is retried; a region that refuses the call, or an unknown project, is not watched', () => {
    const label = { en: 'DCS tasks in cn-east-3', zh: 'cn-east-3 的 DCS 任务' };
    expect(capabilityFailure('dcs:cn-east-3', label, new ProviderError('network', 'x'), 'cn-east-3')?.state).toBe('retrying');
    expect(capabilityFailure('dcs:cn-east-3', label, new ProviderError('server', 'x'), 'cn-east-3')?.state).toBe('retrying');
    const refused = capabilityFailure('dcs:cn-east-3', label, new ProviderError('not-found', 'x', { code: 'APIGW.0101' }), 'cn-east-3');
    expect(refused).toMatchObject({ state: 'not-watched' });
    expect(say(refused!.reason!, 'en')).toContain('region is enabled');
    const noProject = capabilityFailure('dcs:cn-east-3', label, new UnknownProjectError('cn-east-3'), 'cn-east-3');
    expect(noProject).toMatchObject({ state: 'not-watched' });
    expect(say(noProject!.reason!, 'en')).toContain('No project was found for cn-east-3');
    expect(say(noProject!.reason!, 'zh')).toContain('未找到 cn-east-3 的项目');
    // The account's own problems, and bugs, are not a capability's state.
    expect(capabilityFailure('dcs:cn-east-3', label, new ProviderError('auth', 'x'), 'cn-east-3')).toBeUndefined();
    expect(capabilityFailure('dcs:cn-east-3', label, new TypeError('bug'), 'cn-east-3')).toBeUndefined();
  });
});
