/**
 * Temporary keys in the engine: they are sent with their token until they expire; from the
 * known expiry (or the provider's "token expired" code) the account stops without a single
 * signed call more, is not taken for a refused key, and says once what to do.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount, stateView, trackTask } from '../../../lib/engine/service';
import { accountsItem, runtimeItem } from '../../../lib/store/index';
import { pageRefusal } from '../../../lib/engine/service/calls';
import { alibaba } from '../../../lib/providers/alibaba/index';
import { say } from '../../../lib/i18n/words';
import { CLOCK_START, engineDeps } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

const HOUR = 3_600_000;
const hhmm = (ms: number): string => `${String(new Date(ms).getHours()).padStart(2, '0')}:${String(new Date(ms).getMinutes()).padStart(2, '0')}`;

/** Alibaba's answers, recorded with the headers each call was sent with. */
function alibabaCloud(answer: (headers: Headers) => { status: number; body: unknown }) {
  const calls: Headers[] = [];
  const fetch: typeof globalThis.fetch = async (_input, init) => {
    const headers = new Headers(init?.headers);
    calls.push(headers);
    const { status, body } = answer(headers);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch };
}

async function saveProd(env: ReturnType<typeof engineDeps>, settings: Record<string, string>) {
  const reply = await saveAccount(env.deps, {
    type: 'saveAccount', provider: 'alibaba', name: 'Prod', settings,
    secrets: { accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2', secretAccessKey: 'tempSecretAAAAAAAAAAAAAAAA', securityToken: 'CAIS-temporary-token-0123456789' },
  });
  if (!reply.ok) throw new Error(reply.error);
  return reply.accountId;
}

describe('temporary keys at expiry', () => {
  it('polls with the token until the known expiry, then stops without calling, as "expired", not as refused keys', async () => {
    const cloud = alibabaCloud(() => ({ status: 200, body: { Status: -1, RequestId: 'r' } }));
    const env = engineDeps([alibaba], undefined, { fetch: cloud.fetch });
    const expires = CLOCK_START + HOUR;
    const id = await saveProd(env, { endpoint: 'alidns.aliyuncs.com', tokenExpiresAt: new Date(expires).toISOString() });

    await runCycle(env.deps, { force: true });
    expect(cloud.calls.length).toBeGreaterThan(0);
    for (const headers of cloud.calls) expect(headers.get('x-acs-security-token')).toBe('CAIS-temporary-token-0123456789');
    const before = cloud.calls.length;

    env.advance(HOUR);
    await runCycle(env.deps, { force: true });
    expect(cloud.calls.length).toBe(before);
    const rt = (await runtimeItem.getValue())[id]!;
    expect(rt.problem).toMatchObject({ errorClass: 'expired', stopped: true });
    expect(rt.failures).toBe(0);
    expect(say(rt.problem!.message, 'en')).toBe(`Temporary keys of ‘Prod’ expired at ${hhmm(expires)} — paste new ones`);
    expect(say(rt.problem!.message, 'zh')).toBe(`“Prod”的临时密钥已于 ${hhmm(expires)} 过期——请粘贴新的密钥`);
    const view = await stateView(env.deps);
    expect(view.accounts[0]).toMatchObject({ temporaryKeys: true, problem: { errorClass: 'expired', stopped: true } });

    // Told once: the next cycles neither call nor write the problem again.
    const since = rt.problem!.since;
    env.advance(10 * 60_000);
    await runCycle(env.deps, { force: true });
    expect(cloud.calls.length).toBe(before);
    expect((await runtimeItem.getValue())[id]!.problem!.since).toBe(since);

    // A console page asking for a task of that account signs nothing either.
    await trackTask(env.deps, id, '123456', true);
    expect(cloud.calls.length).toBe(before);
    // And what a console page is told is that sentence, not "the keys were refused".
    const account = (await accountsItem.getValue())[0]!;
    expect(await pageRefusal(env.deps, account)).toBe(`Temporary keys of ‘Prod’ expired at ${hhmm(expires)} — paste new ones`);
  });

  it('stops the same way when Alibaba answers InvalidSecurityToken.Expired (no expiry known), and calls no more', async () => {
    const cloud = alibabaCloud(() => ({ status: 400, body: { Code: 'InvalidSecurityToken.Expired', Message: 'Specified SecurityToken is expired.', RequestId: 'r' } }));
    const env = engineDeps([alibaba], undefined, { fetch: cloud.fetch });
    const id = await saveProd(env, { endpoint: 'alidns.aliyuncs.com' });
    await runCycle(env.deps, { force: true });
    expect(cloud.calls.length).toBe(1);
    const problem = (await runtimeItem.getValue())[id]!.problem!;
    expect(problem).toMatchObject({ errorClass: 'expired', stopped: true });
    expect(say(problem.message, 'en')).toBe(`Temporary keys of ‘Prod’ expired at ${hhmm(CLOCK_START)} — paste new ones`);
    env.advance(HOUR);
    await runCycle(env.deps, { force: true });
    expect(cloud.calls.length).toBe(1);
  });

  it('new keys pasted over expired ones resume polling; long-lived keys saved over them drop the old token', async () => {
    const cloud = alibabaCloud(() => ({ status: 200, body: { Status: -1, RequestId: 'r' } }));
    const env = engineDeps([alibaba], undefined, { fetch: cloud.fetch });
    const id = await saveProd(env, { endpoint: 'alidns.aliyuncs.com', tokenExpiresAt: new Date(CLOCK_START - 1).toISOString() });
    await runCycle(env.deps, { force: true });
    expect(cloud.calls.length).toBe(0);
    expect((await runtimeItem.getValue())[id]!.problem?.errorClass).toBe('expired');

    const reply = await saveAccount(env.deps, { type: 'saveAccount', accountId: id, provider: 'alibaba', name: 'Prod', settings: { endpoint: 'alidns.aliyuncs.com' }, secrets: { accessKeyId: 'LTAI5tLongLivedKey0001', secretAccessKey: 'longLivedSecretBBBBBBBBBBBB' } });
    expect(reply.ok).toBe(true);
    expect((await runtimeItem.getValue())[id]!.problem).toBeUndefined();
    expect(await env.secrets.get(id)).not.toHaveProperty('securityToken');
    expect((await stateView(env.deps)).accounts[0]?.temporaryKeys).toBeUndefined();
    await runCycle(env.deps, { force: true });
    expect(cloud.calls.length).toBeGreaterThan(0);
    for (const headers of cloud.calls) expect(headers.get('x-acs-security-token')).toBeNull();
  });
});
