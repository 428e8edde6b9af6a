/**
 * The "one folder" claim: a provider written here, with its own tiny fake cloud, is added to
 * the registry the background hands the engine, and its tasks reach the popup's view and the
 * badge. Nothing in lib/engine, lib/store or components knows it exists.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount, stateView } from '../../../lib/engine/service';
import { parseJson, send } from '../../../lib/providers/http';
import { providers as shippedProviders } from '../../../lib/providers/index';
import { object, rowList, text, count } from '../../../lib/providers/shape';
import { ProviderError, taskKey, type Credentials, type Provider, type ProviderContext, type Task, type TaskStatus } from '../../../lib/providers/types';
import { engineDeps } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

const API = 'https://api.tiny-cloud.example';

/** The tiny cloud's whole API: one list of jobs, bearer-token auth. */
function tinyCloud(jobs: { id: string; state: string; done: number; total: number }[]) {
  const requests: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    if (new Headers(init?.headers).get('authorization') !== 'Bearer right-token') {
      return new Response(JSON.stringify({ error: 'bad token' }), { status: 401, headers: { date: new Date().toUTCString() } });
    }
    if (url.pathname !== '/v1/jobs') return new Response('{}', { status: 404 });
    return new Response(JSON.stringify({ jobs, unknownField: true }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

const jobSchema = object({ id: text, state: text, done: count, total: count });
const STATES: Record<string, TaskStatus> = { queued: 'pending', running: 'running', ok: 'succeeded', failed: 'failed' };

/** What a fourth provider's folder would hold, in a few lines. */
const tiny: Provider = {
  id: 'tiny',
  name: { en: 'Tiny Cloud', zh: '小云' },
  fields: [{ key: 'token', label: { en: 'API token', zh: 'API 令牌' }, secret: true, required: true }],
  apiHostPatterns: [`${API}/*`],
  async discover(cred: Credentials, ctx: ProviderContext): Promise<Task[]> {
    const answer = await send(ctx, {
      url: `${API}/v1/jobs`,
      method: 'GET',
      headers: { authorization: `Bearer ${cred.secrets.token}` },
      hosts: tiny.apiHostPatterns,
    });
    if (answer.status === 401) throw new ProviderError('auth', 'token refused', { httpStatus: 401 });
    const rows = rowList.parse((parseJson(answer.text, 'Tiny Cloud jobs') as { jobs?: unknown }).jobs) ?? [];
    return rows.flatMap((row) => {
      const job = jobSchema.safeParse(row);
      if (!job.success || !job.data?.id) return [];
      const { id, state, done, total } = job.data;
      return [{
        key: taskKey(cred.account.id, 'tiny-job', id),
        provider: 'tiny',
        accountId: cred.account.id,
        kind: 'tiny-job',
        providerTaskId: id,
        label: `Job ${id}`,
        status: STATES[state ?? ''] ?? 'unknown',
        ...(state ? { statusText: state } : {}),
        ...(done !== undefined ? { done } : {}),
        ...(total !== undefined ? { total } : {}),
      }];
    });
  },
  async refresh(cred, task, ctx) {
    const found = (await tiny.discover(cred, ctx)).find((t) => t.key === task.key);
    if (!found) throw new ProviderError('not-found', 'job gone');
    return found;
  },
  async failedItems() {
    return { items: [], total: 0 };
  },
  async testConnection(cred, ctx) {
    await tiny.discover(cred, ctx);
  },
  consoleUrl: (task) => `https://console.tiny-cloud.example/jobs/${encodeURIComponent(task.providerTaskId)}`,
  describeError: (err) => ({ zh: `小云拒绝了请求（${err.cls}）。`, en: `Tiny Cloud refused the request (${err.cls}).` }),
};

describe('a fourth provider is one folder and one registry line', () => {
  it('its tasks flow to the popup view and the badge through the unchanged engine, store and views', async () => {
    const cloud = tinyCloud([
      { id: 'j-1', state: 'running', done: 3, total: 10 },
      { id: 'j-2', state: 'queued', done: 0, total: 5 },
      { id: 'j-3', state: 'ok', done: 7, total: 7 },
    ]);
    // The one line a new provider adds: the registry the background hands the engine.
    const registry = [...shippedProviders, tiny];
    const env = engineDeps(registry, undefined, { fetch: cloud.fetch });

    const saved = await saveAccount(env.deps, { type: 'saveAccount', provider: 'tiny', name: 'Tiny — staging', settings: {}, secrets: { token: 'right-token' } });
    expect(saved.ok).toBe(true);
    await runCycle(env.deps, { force: true });

    expect(cloud.requests).toContain('GET /v1/jobs');
    expect(env.badges.at(-1)?.text).toBe('2');
    const view = await stateView(env.deps);
    expect(view.providers.map((p) => p.id)).toContain('tiny');
    const tinyTasks = view.tasks.filter((t) => t.provider === 'tiny');
    expect(tinyTasks.map((t) => t.providerTaskId).sort()).toEqual(['j-1', 'j-2', 'j-3']);
    expect(tinyTasks.find((t) => t.providerTaskId === 'j-1')).toMatchObject({ status: 'running', done: 3, total: 10, label: 'Job j-1' });
    expect(JSON.stringify(view)).not.toContain('right-token');
  });

  it('a refused token stops its account like any other provider\'s, in its own words', async () => {
    const cloud = tinyCloud([{ id: 'j-1', state: 'running', done: 0, total: 1 }]);
    const env = engineDeps([...shippedProviders, tiny], undefined, { fetch: cloud.fetch });
    await saveAccount(env.deps, { type: 'saveAccount', provider: 'tiny', name: 'Tiny — prod', settings: {}, secrets: { token: 'wrong-token' } });
    await runCycle(env.deps, { force: true });
    const calls = cloud.requests.length;
    const view = await stateView(env.deps);
    expect(JSON.stringify(view)).toContain('Tiny Cloud refused the request (auth).');
    env.advance(10 * 60_000);
    await runCycle(env.deps, { force: true });
    expect(cloud.requests.length).toBe(calls);
  });
});
