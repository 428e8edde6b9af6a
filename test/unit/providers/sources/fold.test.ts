/**
 * The seam: a task source folded into the provider whose keys it uses. The account turns it
 * on; until then it costs nothing (no call, no host, no policy line). Once on, its tasks join
 * the provider's, its failures are a capability of its own, and every per-task call goes to
 * whoever owns the task's kind.
 */
import { describe, expect, it, vi } from 'vitest';
import { declaredActions } from '../../../../lib/providers/access';
import type { TaskSource } from '../../../../lib/providers/source';
import { sourceAsProvider, sourceEnabled, sourceSettingKey, withSources, SOURCE_OFF, SOURCE_ON } from '../../../../lib/providers/sources';
import { ProviderError, type CapabilityReport, type Credentials, type Provider, type Task } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';

const task = (kind: string, id: string): Task => ({ key: `acc:${kind}:${id}`, provider: 'base', accountId: 'acc', kind, providerTaskId: id, label: id, status: 'running' });

function baseProvider(): Provider {
  return {
    id: 'base',
    name: { en: 'Base', zh: '基础' },
    fields: [{ key: 'secret', label: { en: 'Secret', zh: '密钥' }, secret: true, required: true }],
    apiHostPatterns: ['https://base.example/*'],
    access: { dialect: 'ram', calls: [{ operation: 'ListBase', action: 'base:ListBase' }], keyPages: [], keyIdField: 'secret' },
    discover: vi.fn(async () => [task('base-batch', '1')]),
    refresh: vi.fn(async (_c, t: Task) => ({ ...t, status: 'succeeded' as const })),
    failedItems: vi.fn(async () => ({ items: [{ item: 'record', message: 'base' }] })),
    testConnection: vi.fn(async () => undefined),
    consoleUrl: () => 'https://console.base.example/dns',
    describeError: () => ({ id: 'errorUnexpected' }),
  };
}

function extraSource(overrides: Partial<TaskSource> = {}): TaskSource {
  return {
    id: 'extra',
    providers: ['base'],
    label: { id: 'capabilityDnsTasks' },
    kinds: ['extra-refresh', 'extra-preload'],
    apiHostPatterns: ['https://extra.example/*'],
    calls: [{ operation: 'ListExtra', action: 'extra:ListExtra' }],
    consoleMatches: ['https://console.extra.example/refresh*'],
    discover: vi.fn(async () => [task('extra-refresh', '7'), task('extra-preload', '8')]),
    refresh: vi.fn(async (_c, t: Task) => ({ ...t, status: 'partial' as const })),
    failedItems: vi.fn(async () => ({ items: [{ item: 'https://a.example/x', message: 'OriginTimeout' }] })),
    testConnection: vi.fn(async (): Promise<CapabilityReport[]> => [{ id: 'extra', label: { id: 'capabilityDnsTasks' }, state: 'watched' }]),
    consoleUrl: () => 'https://console.extra.example/refresh',
    ...overrides,
  };
}

const cred = (on: boolean): Credentials => ({ account: { id: 'acc', provider: 'base', name: 'A', settings: on ? { [sourceSettingKey({ id: 'extra' })]: SOURCE_ON } : {} }, secrets: { secret: 's' } });
const ctx = () => testContext(async () => new Response('{}'));

describe('a task source folded into its provider', () => {
  it('adds an opt-in select to the provider\'s form, off by default, and leaves other providers as they are', () => {
    const base = baseProvider();
    const folded = withSources(base, [extraSource()]);
    const field = folded.fields.find((f) => f.key === sourceSettingKey({ id: 'extra' }));
    expect(field).toMatchObject({ secret: false, required: false, defaultValue: SOURCE_OFF });
    expect(field?.options?.map((o) => o.value)).toEqual([SOURCE_OFF, SOURCE_ON]);
    const other = { ...baseProvider(), id: 'other' };
    expect(withSources(other, [extraSource()])).toBe(other);
  });

  it('off: discovery asks the provider alone, and neither hosts nor policy name the source', async () => {
    const source = extraSource();
    const folded = withSources(baseProvider(), [source]);
    const found = await folded.discover(cred(false), ctx());
    expect(found.map((t) => t.kind)).toEqual(['base-batch']);
    expect(source.discover).not.toHaveBeenCalled();
    expect(folded.hostPatternsFor!({})).toEqual(['https://base.example/*']);
    expect(declaredActions(folded.accessFor!({}))).toEqual(['base:ListBase']);
    expect(sourceEnabled(source, {})).toBe(false);
  });

  it('on: its tasks join the provider\'s, its hosts are asked for and its actions are in the policy', async () => {
    const folded = withSources(baseProvider(), [extraSource()]);
    const reports: CapabilityReport[] = [];
    const found = await folded.discover(cred(true), { ...ctx(), capability: (r) => void reports.push(r) });
    expect(found.map((t) => t.kind)).toEqual(['base-batch', 'extra-refresh', 'extra-preload']);
    expect(reports).toEqual([{ id: 'extra', label: { id: 'capabilityDnsTasks' }, state: 'watched' }]);
    const on = cred(true).account.settings;
    expect(folded.hostPatternsFor!(on)).toEqual(['https://base.example/*', 'https://extra.example/*']);
    expect(declaredActions(folded.accessFor!(on))).toEqual(['base:ListBase', 'extra:ListExtra']);
    // The manifest may ask for every host the provider could need; the whole declaration lists every call.
    expect(folded.apiHostPatterns).toEqual(['https://base.example/*', 'https://extra.example/*']);
    expect(declaredActions(folded.access!)).toEqual(['base:ListBase', 'extra:ListExtra']);
  });

  it('a source that fails is a capability report of its own: the provider\'s tasks still come, nothing is thrown', async () => {
    for (const [err, state] of [
      [new ProviderError('permission', 'no', { code: 'Forbidden.RAM' }), 'not-watched'],
      [new ProviderError('auth', 'no'), 'not-watched'],
      [new ProviderError('throttled', 'slow'), 'retrying'],
      [new ProviderError('network', 'down'), 'retrying'],
      [new TypeError('bug'), 'retrying'],
    ] as const) {
      const folded = withSources(baseProvider(), [extraSource({ discover: vi.fn(async () => Promise.reject(err)) })]);
      const reports: CapabilityReport[] = [];
      const found = await folded.discover(cred(true), { ...ctx(), capability: (r) => void reports.push(r) });
      expect(found.map((t) => t.kind)).toEqual(['base-batch']);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ id: 'extra', state });
      expect(reports[0]?.reason).toBeDefined();
    }
  });

  it('routes refresh, failed items and the console link by the task\'s kind', async () => {
    const base = baseProvider();
    const source = extraSource();
    const folded = withSources(base, [source]);
    expect((await folded.refresh(cred(true), task('extra-preload', '8'), ctx())).status).toBe('partial');
    expect((await folded.refresh(cred(true), task('base-batch', '1'), ctx())).status).toBe('succeeded');
    expect((await folded.failedItems(cred(true), task('extra-refresh', '7'), 1, ctx())).items[0]?.message).toBe('OriginTimeout');
    expect((await folded.failedItems(cred(true), task('base-batch', '1'), 1, ctx())).items[0]?.message).toBe('base');
    expect(folded.consoleUrl(task('extra-refresh', '7'), cred(true).account)).toBe('https://console.extra.example/refresh');
    expect(folded.consoleUrl(task('base-batch', '1'), cred(true).account)).toBe('https://console.base.example/dns');
    expect(source.refresh).toHaveBeenCalledTimes(1);
    expect(base.refresh).toHaveBeenCalledTimes(1);
  });

  it('asks several tasks together only through a source that offers it: the first task\'s owner gets its own tasks of the offer; the provider\'s first task is refreshed alone', async () => {
    const base = baseProvider();
    expect(withSources(base, [extraSource()]).refreshTasks).toBeUndefined();
    const together = vi.fn(async (_c: Credentials, tasks: readonly Task[]) => new Map(tasks.map((t) => [t.key, { ...t, status: 'succeeded' as const }])));
    const folded = withSources(base, [extraSource({ refreshTasks: together })]);
    const offer = [task('extra-refresh', '7'), task('base-batch', '1'), task('extra-preload', '8')];
    expect([...(await folded.refreshTasks!(cred(true), offer, ctx())).keys()]).toEqual(['acc:extra-refresh:7', 'acc:extra-preload:8']);
    expect(together.mock.calls[0]?.[1].map((t) => t.key)).toEqual(['acc:extra-refresh:7', 'acc:extra-preload:8']);
    const alone = await folded.refreshTasks!(cred(true), [offer[1]!, offer[0]!], ctx());
    expect([...alone.keys()]).toEqual(['acc:base-batch:1']);
    expect(base.refresh).toHaveBeenCalledTimes(1);
    expect(together).toHaveBeenCalledTimes(1);
  });

  it('"Test connection" adds the source\'s reports when on, and its failure as one, never as the account\'s', async () => {
    const folded = withSources(baseProvider(), [extraSource()]);
    expect(await folded.testConnection(cred(false), ctx())).toBeUndefined();
    expect(await folded.testConnection(cred(true), ctx())).toEqual([{ id: 'extra', label: { id: 'capabilityDnsTasks' }, state: 'watched' }]);
    const failing = withSources(baseProvider(), [extraSource({ testConnection: vi.fn(async () => Promise.reject(new ProviderError('permission', 'no'))) })]);
    expect(await failing.testConnection(cred(true), ctx())).toEqual([expect.objectContaining({ id: 'extra', state: 'not-watched' })]);
  });

  it('the contract view of a source makes only the source\'s calls, with the source on', async () => {
    const base = baseProvider();
    const source = extraSource();
    const view = sourceAsProvider(source, base);
    expect((await view.discover(cred(false), ctx())).map((t) => t.kind)).toEqual(['extra-refresh', 'extra-preload']);
    expect(base.discover).not.toHaveBeenCalled();
    expect(view.track).toBeUndefined();
    expect(declaredActions(view.access!)).toEqual(['extra:ListExtra']);
  });
});
