import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createFakeCloud } from '../../../fake-cloud/index';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS } from '../../../fake-cloud/dnspod';
import { api3Schema, dnspod, dnspodToken, jobFailedItems, jobFromApi3, jobFromLegacy, jobToTask, LEGACY_URL, legacySchema } from '../../../../lib/providers/dnspod/index';
import { dnspodUserAgentRule, USER_AGENT } from '../../../../lib/providers/dnspod/user-agent';
import type { Credentials, ProviderError } from '../../../../lib/providers/types';
import { testContext } from '../../support/context';
import { say } from '../../../../lib/i18n/words';
import type { Message } from '../../../../lib/i18n/catalogue';

const api3Cred = (secrets: Record<string, string> = { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey }): Credentials => ({ account: { id: 'dp1', provider: 'dnspod', name: 'DP', settings: {} }, secrets });
const tokenCred = (secrets: Record<string, string> = { tokenId: DEMO_DNSPOD_KEYS.tokenId, token: DEMO_DNSPOD_KEYS.token }): Credentials => ({ account: { id: 'dp2', provider: 'dnspod-token', name: 'DP token', settings: {} }, secrets });

/** The fake cloud, with every request body it was sent. */
function recordingBodies() {
  const bodies: string[] = [];
  const cloud = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
  const spy: typeof fetch = async (input, init) => {
    bodies.push(String(init?.body));
    return cloud.fetch(input, init);
  };
  return { bodies, spy };
}

/** The documented example of api-docs/dnspod-legacy-batch-detail.txt, copied verbatim. */
function documentedLegacyExample(): unknown {
  return JSON.parse(readFileSync(new URL('../../../fixtures/dnspod-legacy-batch-detail.json', import.meta.url), 'utf8'));
}

describe('DNSPod jobs', () => {
  it('parses the documented Batch.Detail example: 6 of 6 records added', () => {
    const job = jobFromLegacy('409752', legacySchema.parse(documentedLegacyExample()));
    expect(jobToTask('dnspod-token', 'a', job)).toMatchObject({ status: 'succeeded', total: 6, done: 6, failed: 0, createdAt: Date.UTC(2015, 8, 8, 10, 36, 43) });
    expect(say(jobToTask('dnspod-token', 'a', job).label as Message, 'en')).toBe('Add domains · dnsapi1.cn +1');
    expect(jobFailedItems(job)).toEqual([]);
  });

  for (const [name, provider, cred] of [['API 3.0', dnspod, api3Cred], ['legacy token', dnspodToken, tokenCred]] as const) {
    it(`${name}: discovery makes no request; a tracked job is refreshed until it finishes; failures come with their messages`, async () => {
      const cloud = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
      const ctx = testContext(cloud.fetch);
      expect(await provider.discover(cred(), ctx)).toEqual([]);
      expect(cloud.records).toHaveLength(0);
      let task = await provider.track!.track(cred(), '409753', ctx);
      expect(task.status).toBe('running');
      for (let i = 0; i < 3 && task.status === 'running'; i++) task = await provider.refresh(cred(), task, ctx);
      // The legacy API counts the domain too (its page: each domain and each record count 1).
      expect(task).toMatchObject(name === 'API 3.0' ? { status: 'succeeded', total: 2, done: 2, failed: 0 } : { status: 'succeeded', total: 3, done: 3, failed: 0 });
      const finished = await provider.track!.track(cred(), '409752', ctx);
      expect(finished).toMatchObject({ status: 'partial', failed: 2 });
      const page = await provider.failedItems(cred(), finished, 1, ctx);
      expect(page.items.map((i) => [i.item, i.message])).toEqual([
        ['dnsapi1.cn A 11.22.33.45', '记录已经存在'],
        ['mail.dnsapi1.cn MX mx.dnsapi1.cn', 'MX 记录的优先级无效'],
      ]);
      expect(cloud.records.every((r) => r.signatureValid)).toBe(true);
    });

    it(`${name}: an unknown job id is the provider's "not found", and testConnection treats it as success`, async () => {
      const cloud = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
      const ctx = testContext(cloud.fetch);
      await expect(provider.track!.track(cred(), '1', ctx)).rejects.toMatchObject({ cls: 'not-found' });
      await expect(provider.testConnection(cred(), ctx)).resolves.toBeUndefined();
      expect(say(provider.track!.validateId('40975x')!, 'en')).toMatch(/number/);
    });
  }

  it('API 3.0: a clock 10 minutes off is corrected once (AuthFailure.SignatureExpire)', async () => {
    const cloud = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
    const ctx = testContext(cloud.fetch, { offsetMs: 10 * 60_000 });
    await dnspod.track!.track(api3Cred(), '409752', ctx);
    expect(cloud.records).toHaveLength(2);
  });

  it('legacy: form-encodes login_token "ID,Token", format=json and the UI language', async () => {
    const { bodies, spy } = recordingBodies();
    await dnspodToken.track!.track(tokenCred(), '409752', testContext(spy, { lang: 'zh' }));
    expect(bodies[0]).toBe(`login_token=${DEMO_DNSPOD_KEYS.tokenId}%2C${DEMO_DNSPOD_KEYS.token}&format=json&lang=cn&job_id=409752`);
  });

  it('the User-Agent rule sets "Batchwatch/<version> (<contact>)" only on the extension\'s own requests to dnsapi.cn', () => {
    expect(USER_AGENT).toMatch(/^Batchwatch\/\d+\.\d+\.\d+ \([^@\s]+@[^)\s]+\)$/);
    expect(dnspodUserAgentRule.condition).toEqual({ requestDomains: ['dnsapi.cn'], tabIds: [-1], resourceTypes: ['xmlhttprequest', 'other'] });
    expect(dnspodUserAgentRule.action.requestHeaders).toEqual([{ header: 'user-agent', operation: 'set', value: USER_AGENT }]);
  });

  it('parses 10,000 mutated answers of either API into a job or a clean refusal, never an exception', () => {
    const junk = fc.oneof(fc.constant(null), fc.string(), fc.integer(), fc.boolean(), fc.object(), fc.array(fc.anything()));
    const legacyExample = documentedLegacyExample() as Record<string, unknown>;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('status', 'detail', 'total', 'success', 'fail', 'type', 'created_at', 'x'), fc.option(junk, { nil: undefined })), { maxLength: 4 }), (mutations) => {
        const body: Record<string, unknown> = structuredClone(legacyExample);
        for (const [k, v] of mutations) if (v === undefined) delete body[k]; else body[k] = v;
        const legacy = legacySchema.safeParse(body);
        if (legacy.success) {
          const job = jobFromLegacy('1', legacy.data);
          jobToTask('dnspod-token', 'a', job);
          jobFailedItems(job);
        }
        const api3 = api3Schema.safeParse({ Response: { DetailList: body.detail, TotalCount: body.total, JobType: body.type } });
        if (api3.success && api3.data.Response) jobFailedItems(jobFromApi3('1', api3.data.Response));
      }),
      { numRuns: 10_000 },
    );
  });

  it('legacy: the fake counts as the documented example does (total 6 = 2 domains + 4 records)', async () => {
    const example = documentedLegacyExample() as { detail: { domain: string; status: 'ok'; records: { sub_domain: string; record_type: string; value: string; status: 'ok' }[] }[]; total: number };
    const fake = createDnspodFake({ ...DEMO_DNSPOD_KEYS, jobs: [{ id: 409752, type: 'domain', created_at: '2015-09-08 18:36:43', domains: example.detail.map((d) => ({ domain: d.domain, status: d.status, records: d.records.map((r) => ({ sub_domain: r.sub_domain, record_type: r.record_type, value: r.value, status: r.status })) })) }] });
    const task = await dnspodToken.track!.track(tokenCred(), '409752', testContext(createFakeCloud([fake]).fetch));
    expect(task).toMatchObject({ total: example.total, done: 6, failed: 0, status: 'succeeded' });
  });

  it('legacy: only code 1 is success; a locked account, a refusal or an undocumented code fails "Test connection" in words', async () => {
    // The fake answers documented codes only: the undocumented one comes from a stub.
    const undocumented: typeof fetch = async () => new Response(JSON.stringify({ status: { code: '42', message: 'Refused', created_at: '2026-01-01 08:00:00' } }), { headers: { 'content-type': 'application/json' } });
    for (const [code, cls] of [['85', 'auth'], ['-8', 'auth'], ['-3', 'permission'], ['2', 'invalid-input'], ['42', 'server']] as const) {
      const fetchImpl = code === '42' ? undocumented : createFakeCloud([createDnspodFake({ ...defaultDnspodScenario(), legacyCode: code })]).fetch;
      const err = await dnspodToken.testConnection(tokenCred(), testContext(fetchImpl)).then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ cls, code });
      expect(say(dnspodToken.describeError(err as ProviderError), 'en')).toContain(`(${code})`);
    }
  });

  it('legacy: the fake refuses what the real service would: no program User-Agent, a format other than json', async () => {
    const cloud = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
    const form = `login_token=${DEMO_DNSPOD_KEYS.tokenId}%2C${DEMO_DNSPOD_KEYS.token}&format=json&lang=en&job_id=409752`;
    const browserLike = await cloud.fetch(LEGACY_URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' }, body: form });
    expect(browserLike.status).toBe(403);
    const xml = await cloud.fetch(LEGACY_URL, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': USER_AGENT }, body: form.replace('format=json', 'format=xml') });
    expect(await xml.text()).toMatch(/^<\?xml/);
    expect(cloud.records.some((r) => r.signatureValid)).toBe(false);
    // What Batchwatch sends is what the service accepts.
    await dnspodToken.track!.track(tokenCred(), '409752', testContext(cloud.fetch));
    expect(cloud.records.at(-1)).toMatchObject({ signatureValid: true, status: 200 });
  });

  it('API 3.0: a job id beyond 2^53 is sent with every digit, never rounded by Number()', async () => {
    const { bodies, spy } = recordingBodies();
    await dnspod.track!.track(api3Cred(), '9007199254740993', testContext(spy)).catch(() => undefined);
    expect(bodies[0]).toBe('{"JobId":9007199254740993}');
  });
});
