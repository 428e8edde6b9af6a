/**
 * Rows a provider's list could not read are counted and shown ("2 DCS tasks from Prod could
 * not be read"), never silently dropped; the next discovery says afresh (issue 19).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount, stateView } from '../../../lib/engine/service';
import { runtimeItem } from '../../../lib/store/index';
import { engineDeps } from '../support/fakes';
import { scriptedProvider } from './scripted';

beforeEach(() => fakeBrowser.reset());

describe('unreadable rows', () => {
  it('are kept per account by the cycle, shown in the popup state in the UI language, and cleared by a clean discovery', async () => {
    const lister = scriptedProvider('huawei', { listable: true });
    let bad = 2;
    const discover = lister.provider.discover.bind(lister.provider);
    lister.provider.discover = async (cred, ctx) => {
      if (bad) ctx.unreadable?.({ kind: 'dcs-task', count: bad, message: { en: `${bad} DCS tasks from ${cred.account.name} could not be read`, zh: `${cred.account.name} 有 ${bad} 个DCS 任务无法读取` }, shapes: ['{"id":"null"}'] });
      return discover(cred, ctx);
    };
    const env = engineDeps([lister.provider]);
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'huawei', name: 'Prod', settings: { region: 'r1' }, secrets: { secretKey: 'secret-secret' } });
    if (!saved.ok) throw new Error(saved.error);
    await runCycle(env.deps, { force: true });
    expect((await runtimeItem.getValue())[saved.accountId]?.unreadable).toHaveLength(1);
    const view = await stateView(env.deps);
    expect(view.accounts[0]!.unreadable).toEqual([{ message: '2 DCS tasks from Prod could not be read', shapes: ['{"id":"null"}'] }]);

    bad = 0;
    await runCycle(env.deps, { force: true });
    expect((await stateView(env.deps)).accounts[0]!.unreadable).toBeUndefined();
  });

  it('ignores a stored note of the wrong shape instead of failing the popup', async () => {
    const env = engineDeps([scriptedProvider('huawei', { listable: true }).provider]);
    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'huawei', name: 'Prod', settings: { region: 'r1' }, secrets: { secretKey: 'secret-secret' } });
    if (!saved.ok) throw new Error(saved.error);
    await runtimeItem.setValue({ [saved.accountId]: { failures: 0, clockOffsetMs: 0, memo: {}, unreadable: [null, { kind: 'x', count: 1, message: { en: 5 }, shapes: 'no' }] as never } });
    expect((await stateView(env.deps)).accounts[0]!.unreadable).toBeUndefined();
  });
});
