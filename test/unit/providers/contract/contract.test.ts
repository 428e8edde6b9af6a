/**
 * The provider contract: what the engine and the UI rely on, checked once per registered
 * provider. It iterates the registry, so a new provider is covered (and, until it has an
 * entry in ./fixtures.ts, fails here) without editing this file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createFakeCloud, type FakeCloud, type FakeProviderCloud, type RequestRecord } from '../../../fake-cloud/index';
import { declaredOperations } from '../../../../lib/providers/access';
import { providers, sourceProviders } from '../../../../lib/providers/index';
import { ProviderError, isTerminal, type Credentials, type FailedItem, type Lang, type Provider } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { contractFixtures, type ContractFixture } from './fixtures';
import { say } from '../../../../lib/i18n/words';

const LANGS: readonly Lang[] = ['en', 'zh'];

/** Every call any test of this suite made, with the provider that made it. */
const calls: { provider: Provider; record: RequestRecord }[] = [];

/** A fake cloud whose every request is remembered for the check that all calls are declared. */
function recordedCloud(provider: Provider, fake: FakeProviderCloud): FakeCloud {
  const cloud = createFakeCloud([fake]);
  const dispatch = cloud.dispatch.bind(cloud);
  cloud.dispatch = async (req) => {
    const before = cloud.records.length;
    const answer = await dispatch(req);
    for (const record of cloud.records.slice(before)) calls.push({ provider, record });
    return answer;
  };
  return cloud;
}

const undeclared = (provider: Provider, records: readonly RequestRecord[]): string[] => {
  const declared = provider.access ? declaredOperations(provider.access) : new Set<string>();
  return records.filter((r) => !declared.has(r.operation)).map((r) => `${provider.id}: ${r.operation} (${r.url})`);
};

afterAll(() => {
  // The least-privilege policy is derived from the declarations: a call outside them would be refused for real.
  const byProvider = new Map<Provider, RequestRecord[]>();
  for (const { provider, record } of calls) byProvider.set(provider, [...(byProvider.get(provider) ?? []), record]);
  expect([...byProvider].flatMap(([provider, records]) => undeclared(provider, records)), 'calls the fake cloud saw that no provider declared').toEqual([]);
});

/** Every provider, and every task source as a provider of its calls alone (named by the source's id). */
const subjects: readonly (readonly [string, Provider])[] = [...providers.map((p) => [p.id, p] as const), ...sourceProviders];
const subjectName = new Map(subjects.map(([name, p]) => [p, name]));

function fixtureOf(provider: Provider): ContractFixture {
  const name = subjectName.get(provider) ?? provider.id;
  const fixture = contractFixtures[name];
  if (!fixture) throw new Error(`provider contract: ${name} is registered but has no entry in test/unit/providers/contract/fixtures.ts`);
  return fixture;
}

const credOf = (provider: Provider, fixture: ContractFixture, secrets: Record<string, string> = {}): Credentials => ({
  account: { id: `contract-${subjectName.get(provider) ?? provider.id}`, provider: provider.id, name: 'Contract', settings: { ...fixture.settings } },
  secrets: { ...fixture.secrets, ...secrets },
});

/** Every secret value a message must never show. */
const secretValues = (cred: Credentials): string[] => Object.values(cred.secrets).filter((v) => v.length >= 4);

function expectNoSecret(text: string, cred: Credentials): void {
  for (const secret of secretValues(cred)) expect(text).not.toContain(secret);
}

function expectDescribed(provider: Provider, err: ProviderError, cred: Credentials): void {
  const sentences = LANGS.map((lang) => say(provider.describeError(err), lang));
  for (const sentence of sentences) {
    expect(sentence.trim().length).toBeGreaterThan(0);
    expectNoSecret(sentence, cred);
  }
  expect(sentences[1], 'the Chinese sentence is not the English one').not.toBe(sentences[0]);
  expect(sentences[1]).toMatch(/[\u4e00-\u9fff]/);
  expectNoSecret(err.message, cred);
}

describe('provider contract: the registry', () => {
  it('provider contract: every registered provider has a contract fixture', () => {
    for (const [name] of subjects) expect(contractFixtures[name], `provider contract fixture for ${name}`).toBeDefined();
    expect(new Set(providers.map((p) => p.id)).size).toBe(providers.length);
  });
});

describe.each(subjects)('provider contract %s', (id, provider) => {
  it(`provider contract ${id}: reproduces the published signing vector, or says why it signs nothing`, async () => {
    const fixture = fixtureOf(provider);
    if (fixture.unsigned !== undefined) {
      expect(fixture.publishedVector).toBeUndefined();
      expect(fixture.unsigned.length).toBeGreaterThan(10);
      return;
    }
    expect(fixture.publishedVector, `${id} signs requests: it needs its published vector`).toBeDefined();
    await fixture.publishedVector!();
  });

  it(`provider contract ${id}: 1,000 random requests are signed byte for byte as the official signer signs them`, async () => {
    const fixture = fixtureOf(provider);
    if (fixture.unsigned !== undefined) return;
    expect(fixture.randomSignatures, `${id} signs requests: it needs an oracle`).toBeDefined();
    await fixture.randomSignatures!(1_000);
  });

  it(`provider contract ${id}: discover/track, refresh to the end and page failed items to the last page against the fake cloud`, async () => {
    const fixture = fixtureOf(provider);
    const cloud = recordedCloud(provider, fixture.fake());
    const ctx = testContext(cloud.fetch);
    const cred = credOf(provider, fixture);
    let task = await fixture.firstTask(provider, cred, ctx);
    expect(task).toMatchObject({ provider: provider.id, accountId: cred.account.id });
    expect(task.key).toBe(`${cred.account.id}:${task.kind}:${task.providerTaskId}`);
    for (let i = 0; i < 5 && !isTerminal(task.status); i++) task = await provider.refresh(cred, task, ctx);
    expect(isTerminal(task.status), `${task.providerTaskId} finishes (${task.status})`).toBe(true);
    expect(task.failed ?? 0).toBeGreaterThan(0);
    const before = cloud.records.length;
    const items: FailedItem[] = [];
    let page: number | undefined = 1;
    for (let pages = 0; page !== undefined && pages < 50; pages++) {
      const answer = await provider.failedItems(cred, task, page, ctx);
      items.push(...answer.items);
      expect(answer.nextPage === undefined || answer.nextPage === page + 1).toBe(true);
      page = answer.nextPage;
    }
    expect(page, 'paging reaches the last page').toBeUndefined();
    expect(items.length).toBe(task.failed);
    for (const item of items) expect(item.item.length && item.message.length).toBeGreaterThan(0);
    const pageRequests = cloud.records.slice(before);
    expect(pageRequests.length).toBeGreaterThan(0);
    if (fixture.maxPageSize) for (const r of pageRequests) expect(r.url).toMatch(fixture.maxPageSize);
    expect(cloud.records.every((r) => r.signatureValid && r.status === 200)).toBe(true);
    // A task with no failures asks nothing beyond its counts.
    expect(task.done! + task.failed!).toBeLessThanOrEqual(task.total ?? Infinity);
  });

  it(`provider contract ${id}: declares every call it makes, each with its policy action or a stated none`, async () => {
    expect(provider.access, `${id} declares its calls (lib/providers/${id}/actions.ts)`).toBeDefined();
    expect(provider.access!.calls.length, `${id} declares its calls`).toBeGreaterThan(0);
    const fixture = fixtureOf(provider);
    const cloud = recordedCloud(provider, fixture.fake());
    const cred = credOf(provider, fixture);
    const ctx = testContext(cloud.fetch);
    await provider.testConnection(cred, ctx);
    await provider.discover(cred, ctx);
    let task = await fixture.firstTask(provider, cred, ctx);
    for (let i = 0; i < 5 && !isTerminal(task.status); i++) task = await provider.refresh(cred, task, ctx);
    await provider.failedItems(cred, task, 1, ctx);
    expect(cloud.records.length).toBeGreaterThan(0);
    expect(undeclared(provider, cloud.records)).toEqual([]);
    if (provider.access?.dialect) for (const call of provider.access.calls) expect(call.action ?? 'none', call.operation).toMatch(/^(none|[a-z]+:[A-Za-z:]+)$/);
  });

  it(`provider contract ${id}: a wrong secret is an auth error, sent once, described in both languages without a secret`, async () => {
    const fixture = fixtureOf(provider);
    const cloud = recordedCloud(provider, fixture.fake());
    const bad = credOf(provider, fixture, fixture.wrongSecret);
    const seed = await fixture.firstTask(provider, credOf(provider, fixture), testContext(cloud.fetch));
    cloud.records.length = 0;
    const err = await provider.refresh(bad, seed, testContext(cloud.fetch)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ cls: 'auth' });
    expect(cloud.records).toHaveLength(1);
    expectDescribed(provider, err as ProviderError, bad);
  });

  for (const [forced, cls] of [['throttled', 'throttled'], ['malformed', 'malformed'], ['server', 'server']] as const) {
    it(`provider contract ${id}: the documented ${forced} answer is a ${cls} error, described in both languages without a secret`, async () => {
      const fixture = fixtureOf(provider);
      const fake = fixture.fake();
      const cloud = recordedCloud(provider, fake);
      const cred = credOf(provider, fixture);
      const ctx = testContext(cloud.fetch);
      const seed = await fixture.firstTask(provider, cred, ctx);
      fake.forceNext(forced);
      const err = await provider.refresh(cred, seed, ctx).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ cls });
      expectDescribed(provider, err as ProviderError, cred);
    });
  }

  it(`provider contract ${id}: a dead network is a network error, described in both languages without a secret`, async () => {
    const fixture = fixtureOf(provider);
    const cloud = recordedCloud(provider, fixture.fake());
    const cred = credOf(provider, fixture);
    const seed = await fixture.firstTask(provider, cred, testContext(cloud.fetch));
    const err = await provider.refresh(cred, seed, testContext(async () => { throw new TypeError('Failed to fetch'); })).catch((e: unknown) => e);
    expect(err).toMatchObject({ cls: 'network' });
    expectDescribed(provider, err as ProviderError, cred);
  });

  it(`provider contract ${id}: an answer with fields absent, null or off-type costs the field, never the task`, async () => {
    const fixture = fixtureOf(provider);
    const cloud = recordedCloud(provider, fixture.fake());
    const cred = credOf(provider, fixture);
    const seed = await fixture.firstTask(provider, cred, testContext(cloud.fetch));
    const junk = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant({}), fc.constant([]));
    await fc.assert(
      fc.asyncProperty(fc.nat(), junk, async (pick, value) => {
        let mutated = false;
        const mutate = (node: unknown): void => {
          // Visit leaves in a fixed order; replace the pick-th one (mod their number).
          const leaves: [Record<string, unknown>, string][] = [];
          const walk = (n: unknown): void => {
            if (n === null || typeof n !== 'object') return;
            for (const [k, v] of Object.entries(n)) {
              if (v !== null && typeof v === 'object') walk(v);
              else leaves.push([n as Record<string, unknown>, k]);
            }
          };
          walk(node);
          if (leaves.length === 0) return;
          const [parent, key] = leaves[pick % leaves.length]!;
          if (value === undefined) delete parent[key]; else parent[key] = value;
          mutated = true;
        };
        const mutating: typeof fetch = async (input, init) => {
          const res = await cloud.fetch(input, init);
          const body = await res.text();
          let json: unknown;
          try { json = JSON.parse(body); } catch { return new Response(body, { status: res.status, headers: res.headers }); }
          mutate(json);
          return new Response(JSON.stringify(json), { status: res.status, headers: res.headers });
        };
        const outcome = await provider.refresh(cred, seed, testContext(mutating)).then((t) => t, (e: unknown) => e);
        if (outcome instanceof ProviderError) {
          // Only a mutation that removes what identifies the answer may refuse it, and then in words.
          expect(['malformed', 'not-found', 'auth', 'permission', 'server', 'invalid-input', 'throttled', 'clock-skew']).toContain(outcome.cls);
          return;
        }
        expect(outcome).toMatchObject({ provider: seed.provider, accountId: seed.accountId, kind: seed.kind });
        expect(outcome).toMatchObject({ providerTaskId: seed.providerTaskId, key: seed.key });
        expect(mutated).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it(`provider contract ${id}: consoleUrl deep links are https on one of the provider's console hosts`, async () => {
    const fixture = fixtureOf(provider);
    const cloud = recordedCloud(provider, fixture.fake());
    const cred = credOf(provider, fixture);
    const task = await fixture.firstTask(provider, cred, testContext(cloud.fetch));
    for (const settings of [cred.account.settings, {}, { region: 'ap-southeast-1', endpoint: 'alidns.ap-southeast-1.aliyuncs.com', site: 'dnspod.intl.tencentcloudapi.com' }]) {
      const url = new URL(provider.consoleUrl(task, { ...cred.account, settings }));
      expect(url.protocol).toBe('https:');
      expect(fixture.consoleHosts).toContain(url.hostname);
    }
  });

  it(`provider contract ${id}: a Track id is validated before any request, in both languages`, async () => {
    const fixture = fixtureOf(provider);
    if (!provider.track) {
      expect(fixture.validTrackId, `${id} has no Track: its fixture names no Track id`).toBeUndefined();
      return;
    }
    expect(fixture.validTrackId, `${id} has Track: its fixture needs a valid id`).toBeDefined();
    expect(provider.track.validateId(fixture.validTrackId!)).toBeUndefined();
    for (const lang of LANGS) expect(say(provider.track.idLabel, lang).length).toBeGreaterThan(0);
    for (const garbage of ['', '   ', 'abc', '12ab', '<script>', '1'.repeat(200), '-1']) {
      const message = provider.track.validateId(garbage);
      expect(message, `${JSON.stringify(garbage)} is refused`).toBeDefined();
      expect(say(message!, 'en').length).toBeGreaterThan(0);
      expect(say(message!, 'zh')).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
