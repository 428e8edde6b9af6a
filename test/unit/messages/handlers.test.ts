import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { runCycle } from '../../../lib/engine/cycle';
import { consoleSender, isExtensionPageSender, routeMessage, type MessageSender } from '../../../lib/engine/router';
import { contentHandlers, pageHandlers } from '../../../lib/engine/service';
import { contentRequestSchema, pageRequestSchema, type ContentRequest, type PageRequest } from '../../../lib/messaging/messages';
import { ProviderError } from '../../../lib/providers/types';
import { accountsItem, readAllTasks, visitsItem } from '../../../lib/store/index';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';

beforeEach(() => fakeBrowser.reset());

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const CANARY = 'CANARY-SECRET-1b9f0e';
const SEC = 1000;

const popup: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const optionsInTab: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', tab: { id: 3, url: 'chrome-extension://ext-id/options.html' } };
const huaweiTab: MessageSender = { id: 'ext-id', url: 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones', tab: { id: 7, url: 'https://console.huaweicloud.com/dns/' } };
const alibabaTab: MessageSender = { id: 'ext-id', url: 'https://dns.console.aliyun.com/#/dns/domainList', tab: { id: 8, url: 'https://dns.console.aliyun.com/' } };
const dnspodTab: MessageSender = { id: 'ext-id', url: 'https://console.dnspod.cn/dns/list', tab: { id: 9, url: 'https://console.dnspod.cn/dns/list' } };
const webPage: MessageSender = { id: 'ext-id', url: 'https://evil.example/', tab: { id: 10, url: 'https://evil.example/' } };
/** An extension page URL claimed from inside a web page's tab (e.g. a framed page). */
const framedInWebPage: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html', tab: { id: 11, url: 'https://evil.example/' } };
const otherExtension: MessageSender = { id: 'other', url: 'chrome-extension://other/popup.html' };
const plainHttpConsole: MessageSender = { id: 'ext-id', url: 'http://console.huaweicloud.com/dns/', tab: { id: 12, url: 'http://console.huaweicloud.com/dns/' } };
const noTabConsoleUrl: MessageSender = { id: 'ext-id', url: 'https://console.huaweicloud.com/dns/' };

describe('who may ask what', () => {
  const cases: { name: string; sender: MessageSender; page: boolean; content: boolean }[] = [
    { name: 'the popup', sender: popup, page: true, content: false },
    { name: 'the options page opened in a tab', sender: optionsInTab, page: true, content: false },
    { name: 'a Huawei console tab', sender: huaweiTab, page: false, content: true },
    { name: 'a DNSPod console tab', sender: dnspodTab, page: false, content: true },
    { name: 'any other web page', sender: webPage, page: false, content: false },
    { name: 'an extension URL inside a web page tab', sender: framedInWebPage, page: false, content: false },
    { name: 'another extension', sender: otherExtension, page: false, content: false },
    { name: 'a console over plain http', sender: plainHttpConsole, page: false, content: false },
    { name: 'a console URL without a tab', sender: noTabConsoleUrl, page: false, content: false },
  ];
  for (const c of cases) {
    it(`${c.name}: extension-page table ${c.page ? 'yes' : 'no'}, content table ${c.content ? 'yes' : 'no'}`, () => {
      expect(isExtensionPageSender(c.sender, SELF)).toBe(c.page);
      expect(Boolean(consoleSender(c.sender, SELF))).toBe(c.content);
    });
  }

  it('a console tab cannot use the extension-page table, nor a page the content table', async () => {
    const env = engineDeps([]);
    expect(await routeMessage(env.deps, { type: 'getState' }, huaweiTab, SELF)).toMatchObject({ ok: false });
    expect(await routeMessage(env.deps, { type: 'panelTasks' }, popup, SELF)).toMatchObject({ ok: false });
  });

  it('an invalid request gets {ok:false, error} before any handler runs', async () => {
    const env = engineDeps([]);
    for (const bad of [null, 'getState', { type: 'getState', limit: -1 }, { type: 'removeAccount' }, { type: 'nope' }]) {
      expect(await routeMessage(env.deps, bad, popup, SELF)).toEqual({ ok: false, error: expect.any(String) });
    }
    expect(env.polls).toEqual([]);
  });

  it('both tables handle every request type of their schema', () => {
    const pageTypes = pageRequestSchema.options.map((o) => o.shape.type.value).sort();
    const contentTypes = contentRequestSchema.options.map((o) => o.shape.type.value).sort();
    expect(Object.keys(pageHandlers).sort()).toEqual(pageTypes);
    expect(Object.keys(contentHandlers).sort()).toEqual(contentTypes);
  });
});

/** Three families with canary secrets: Huawei lists, DNSPod only tracks, Alibaba lists. */
async function seeded() {
  const t0 = CLOCK_START;
  const huawei = scriptedProvider('huawei', { listable: true, remote: [{ id: '1111', finishAt: t0 - 1, final: 'partial', failed: 3, createdAt: t0 - 60 * SEC }] });
  const alibaba = scriptedProvider('alibaba', { listable: true, remote: [{ id: '2222', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
  const dnspod = scriptedProvider('dnspod', { listable: false, remote: [{ id: '3333', finishAt: t0 - 1, final: 'failed', failed: 1, createdAt: t0 - 30 * SEC }, { id: '4444', finishAt: t0 + 3600 * SEC, final: 'succeeded', createdAt: t0 }] });
  const env = engineDeps([huawei.provider, alibaba.provider, dnspod.provider]);
  const ids: Record<string, string> = {};
  for (const p of ['huawei', 'alibaba', 'dnspod']) {
    const r = await routeMessage(env.deps, { type: 'saveAccount', provider: p, name: `${p} account`, settings: { region: 'r1' }, secrets: { secretKey: `${CANARY}-${p}` } }, popup, SELF);
    if (!r.ok) throw new Error(r.error);
    ids[p] = (r as unknown as { accountId: string }).accountId;
  }
  await routeMessage(env.deps, { type: 'trackTask', accountId: ids.dnspod!, taskId: '3333' }, popup, SELF);
  await runCycle(env.deps);
  env.polls.length = 0;
  return { env, ids, huawei, alibaba, dnspod };
}

const keysOf = (reply: unknown): string[] => JSON.stringify(reply).match(/acc\d+:job:\d+/g) ?? [];

describe('extension-page handlers', () => {
  it('getState: provider metadata, console links, stored secret names only', async () => {
    const { env } = await seeded();
    const reply = await routeMessage(env.deps, { type: 'getState' }, popup, SELF);
    expect(reply.ok).toBe(true);
    const state = reply as unknown as { providers: { id: string; track?: unknown }[]; tasks: { key: string; consoleUrl?: string; raw?: unknown }[]; accounts: { storedSecrets: string[] }[] };
    expect(state.providers.map((p) => [p.id, Boolean(p.track)])).toEqual([['huawei', false], ['alibaba', false], ['dnspod', true]]);
    expect(state.tasks.every((t) => t.consoleUrl?.startsWith('https://console.'))).toBe(true);
    expect(state.accounts.map((a) => a.storedSecrets)).toEqual([['secretKey'], ['secretKey'], ['secretKey']]);
    expect(JSON.stringify(reply)).not.toContain(CANARY);
    const limited = await routeMessage(env.deps, { type: 'getState', limit: 1 }, popup, SELF);
    expect(limited).toMatchObject({ taskCount: state.tasks.length });
    expect((limited as unknown as { tasks: unknown[] }).tasks).toHaveLength(1);
  });

  it('saveAccount: field errors keyed by field and "name", and nothing saved', async () => {
    const huawei = scriptedProvider('huawei', { listable: true });
    const env = engineDeps([huawei.provider]);
    const reply = await routeMessage(env.deps, { type: 'saveAccount', provider: 'huawei', name: '  ', settings: {}, secrets: { secretKey: 'short' } }, popup, SELF);
    expect(reply).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String), region: expect.any(String), secretKey: 'At least 8 characters.' } });
    expect(await accountsItem.getValue()).toEqual([]);
    expect(env.secrets.data.size).toBe(0);
    expect(env.polls).toEqual([]);
  });

  it('saveAccount: on edit an empty secret keeps the stored one; the provider cannot change', async () => {
    const { env, ids } = await seeded();
    const edit = await routeMessage(env.deps, { type: 'saveAccount', accountId: ids.huawei, provider: 'huawei', name: 'renamed', settings: { region: 'r2' }, secrets: { secretKey: '' } }, popup, SELF);
    expect(edit).toEqual({ ok: true, accountId: ids.huawei });
    expect(env.secrets.data.get(ids.huawei!)).toEqual({ secretKey: `${CANARY}-huawei` });
    expect((await accountsItem.getValue()).find((a) => a.id === ids.huawei)).toMatchObject({ name: 'renamed', settings: { region: 'r2' } });
    const moved = await routeMessage(env.deps, { type: 'saveAccount', accountId: ids.huawei, provider: 'alibaba', name: 'x', settings: { region: 'r1' }, secrets: {} }, popup, SELF);
    expect(moved).toMatchObject({ ok: false, fieldErrors: { provider: expect.any(String) } });
    expect((await accountsItem.getValue()).find((a) => a.id === ids.huawei)?.provider).toBe('huawei');
  });

  it('saveAccount: a new account is discovered at once, without polling the others', async () => {
    const { env, huawei, alibaba } = await seeded();
    const before = { h: huawei.calls.discover, a: alibaba.calls.discover };
    const r = await routeMessage(env.deps, { type: 'saveAccount', provider: 'alibaba', name: 'second', settings: { region: 'r1' }, secrets: { secretKey: 'another-key-1' } }, popup, SELF);
    expect(env.polls).toEqual([false]);
    expect(Object.keys(await visitsItem.getValue())).toEqual([(r as unknown as { accountId: string }).accountId]);
    env.advance(5 * SEC);
    await runCycle(env.deps);
    expect({ h: huawei.calls.discover, a: alibaba.calls.discover }).toEqual({ h: before.h, a: before.a + 1 });
  });

  it('testConnection runs the provider check; its refusal comes back as the provider\'s sentence, never the raw error', async () => {
    const { env, ids, huawei } = await seeded();
    expect(await routeMessage(env.deps, { type: 'testConnection', accountId: ids.huawei }, popup, SELF)).toEqual({ ok: true });
    huawei.failNext(new ProviderError('auth', `signature mismatch for ${CANARY}-huawei`));
    const reply = await routeMessage(env.deps, { type: 'testConnection', accountId: ids.huawei }, popup, SELF);
    expect(reply).toEqual({ ok: false, error: 'huawei failed (auth): check the key', errorClass: 'auth' });
    huawei.failNext(new Error(`TypeError near ${CANARY}`));
    expect(JSON.stringify(await routeMessage(env.deps, { type: 'testConnection', accountId: ids.huawei }, popup, SELF))).not.toContain(CANARY);
  });

  it('trackTask: a malformed id is refused before any call; the provider\'s refusal saves nothing', async () => {
    const { env, ids, dnspod } = await seeded();
    const before = await readAllTasks();
    const calls = dnspod.total();
    expect(await routeMessage(env.deps, { type: 'trackTask', accountId: ids.dnspod, taskId: 'abc' }, popup, SELF)).toMatchObject({ ok: false, fieldErrors: { taskId: 'A job ID is a number.' } });
    expect(dnspod.total()).toBe(calls);
    expect(await routeMessage(env.deps, { type: 'trackTask', accountId: ids.dnspod, taskId: '9999' }, popup, SELF)).toMatchObject({ ok: false, error: 'dnspod failed (not-found): check the key', errorClass: 'not-found' });
    expect(await readAllTasks()).toEqual(before);
    const ok = await routeMessage(env.deps, { type: 'trackTask', accountId: ids.dnspod, taskId: '4444' }, popup, SELF);
    expect(ok).toMatchObject({ ok: true, task: { providerTaskId: '4444', status: 'running', consoleUrl: 'https://console.dnspod.example/jobs/4444' } });
    expect(env.polls).toEqual([false]);
  });

  it('getFailedItems: fetched once, all pages, then served from storage; concurrent asks share one fetch', async () => {
    const { env, ids, dnspod } = await seeded();
    const key = `${ids.dnspod}:job:3333`;
    const calls = dnspod.calls.failedItems; // finished before it was tracked: not fetched by itself
    expect(calls).toBe(0);
    const [a, b] = await Promise.all([
      routeMessage(env.deps, { type: 'getFailedItems', taskKey: key }, popup, SELF),
      routeMessage(env.deps, { type: 'getFailedItems', taskKey: key }, popup, SELF),
    ]);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ ok: true, taskKey: key, total: 1, complete: true });
    expect(dnspod.calls.failedItems).toBe(1);
    await routeMessage(env.deps, { type: 'getFailedItems', taskKey: key }, popup, SELF);
    expect(dnspod.calls.failedItems).toBe(1);
    expect(await routeMessage(env.deps, { type: 'getFailedItems', taskKey: 'nope:job:1' }, popup, SELF)).toMatchObject({ ok: false });
  });

  it('removeAccount removes the account, its tasks and its secrets', async () => {
    const { env, ids } = await seeded();
    expect(await routeMessage(env.deps, { type: 'removeAccount', accountId: ids.dnspod }, popup, SELF)).toEqual({ ok: true });
    expect(env.secrets.data.has(ids.dnspod!)).toBe(false);
    expect(Object.keys(await readAllTasks()).some((k) => k.startsWith(`${ids.dnspod}:`))).toBe(false);
  });

  it('answers in words when the vault is locked', async () => {
    const { env } = await seeded();
    env.secrets.locked = true;
    const reply = await routeMessage(env.deps, { type: 'saveAccount', provider: 'huawei', name: 'n', settings: { region: 'r' }, secrets: { secretKey: 'abcdefgh1' } }, popup, SELF);
    expect(reply).toMatchObject({ ok: true }); // a new account needs no stored secret read
    const edit = await routeMessage(env.deps, { type: 'saveAccount', accountId: (reply as unknown as { accountId: string }).accountId, provider: 'huawei', name: 'n', settings: { region: 'r' }, secrets: { secretKey: 'abcdefgh2' } }, popup, SELF);
    expect(edit).toEqual({ ok: false, error: expect.stringContaining('locked') });
  });
});

describe('content handlers', () => {
  it('consoleVisit: shows the panel only where that family has failures, and asks for discovery of that family only', async () => {
    const { env, ids } = await seeded();
    env.advance(30 * SEC);
    expect(await routeMessage(env.deps, { type: 'consoleVisit', url: 'ignored' }, huaweiTab, SELF)).toEqual({ ok: true, show: true });
    expect(Object.keys(await visitsItem.getValue())).toEqual([ids.huawei]);
    expect(await routeMessage(env.deps, { type: 'consoleVisit', url: 'ignored' }, alibabaTab, SELF)).toEqual({ ok: true, show: false });
    expect(env.polls).toHaveLength(2);
  });

  it('panelTasks and panelFailedItems: only the sender\'s own family', async () => {
    const { env, ids } = await seeded();
    const huawei = await routeMessage(env.deps, { type: 'panelTasks' }, huaweiTab, SELF);
    const dnspod = await routeMessage(env.deps, { type: 'panelTasks' }, dnspodTab, SELF);
    expect(keysOf(huawei)).toEqual([`${ids.huawei}:job:1111`]);
    expect(keysOf(dnspod)).toEqual([`${ids.dnspod}:job:3333`]);
    expect(await routeMessage(env.deps, { type: 'panelFailedItems', taskKey: `${ids.dnspod}:job:3333` }, huaweiTab, SELF)).toMatchObject({ ok: false });
    expect(await routeMessage(env.deps, { type: 'panelFailedItems', taskKey: `${ids.huawei}:job:1111` }, huaweiTab, SELF)).toMatchObject({ ok: true, total: 3, complete: true });
  });

  it('trackFromPage: a known id costs nothing, a trackable id is tracked, a listing family is asked to discover; a task with failed items asks for the panel', async () => {
    const { env, ids, dnspod, huawei } = await seeded();
    const calls = dnspod.total();
    // 3333 finished with failures: the content script loads the panel for it.
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '3333' }, dnspodTab, SELF)).toMatchObject({ ok: true, task: { key: `${ids.dnspod}:job:3333` }, show: true });
    expect(dnspod.total()).toBe(calls);
    const running = await routeMessage(env.deps, { type: 'trackFromPage', taskId: '4444' }, dnspodTab, SELF);
    expect(running).toMatchObject({ ok: true, task: { providerTaskId: '4444' } });
    expect(running).not.toHaveProperty('show');
    expect(dnspod.calls.track).toBe(2);
    const before = huawei.total();
    env.advance(30 * SEC); // a listing account is discovered from a page at most every 30 s
    expect(await routeMessage(env.deps, { type: 'trackFromPage', taskId: '5555' }, huaweiTab, SELF)).toEqual({ ok: true, discovering: true });
    expect(huawei.total()).toBe(before);
    expect(Object.keys(await visitsItem.getValue())).toContain(ids.huawei);
  });
});

describe('hostile payloads (10,000 per table)', () => {
  const pageTypes = Object.keys(pageHandlers);
  const contentTypes = Object.keys(contentHandlers);
  const hostile = (types: string[], keys: string[], accountIds: string[]) =>
    fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom(...types, '__proto__', 'constructor', 'toString') }, { requiredKeys: [] }),
      fc.record(
        {
          type: fc.constantFrom(...types),
          accountId: fc.oneof(fc.constantFrom(...accountIds), fc.string(), fc.anything()),
          provider: fc.oneof(fc.constantFrom('huawei', 'alibaba', 'dnspod', '__proto__'), fc.string()),
          name: fc.oneof(fc.string(), fc.constant('<img src=x onerror=alert(1)>')),
          settings: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), fc.anything()),
          secrets: fc.oneof(fc.dictionary(fc.constantFrom('secretKey', 'region', '__proto__'), fc.string()), fc.anything()),
          taskKey: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 700 })),
          taskId: fc.oneof(fc.string(), fc.stringMatching(/^\d{1,6}$/), fc.constantFrom('1111', '3333', '4444')),
          url: fc.oneof(fc.webUrl(), fc.string()),
          limit: fc.oneof(fc.integer(), fc.double(), fc.anything()),
          page: fc.oneof(fc.integer(), fc.anything()),
          passphrase: fc.string(),
          hint: fc.anything(),
        },
        { requiredKeys: ['type'] },
      ),
    );

  it('extension-page table: never a crash, always {ok: boolean}, never a secret, whatever is asked', async () => {
    const { env, ids } = await seeded();
    const keys = Object.keys(await readAllTasks());
    const seededIds = Object.values(ids);
    await fc.assert(
      fc.asyncProperty(hostile(pageTypes, keys, seededIds), fc.constantFrom(popup, optionsInTab, webPage, framedInWebPage, otherExtension), async (message, sender) => {
        // Hostile input may add and edit its own accounts, but removing or re-keying a
        // seeded one would throw its canary away and weaken the property.
        const m = message as { type?: unknown; accountId?: unknown };
        if ((m?.type === 'removeAccount' || m?.type === 'saveAccount') && seededIds.includes(m.accountId as string)) return;
        const reply = await routeMessage(env.deps, message, sender, SELF);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) expect(typeof reply.error).toBe('string');
        expect(JSON.stringify(reply)).not.toContain(CANARY);
      }),
      { numRuns: 10_000 },
    );
    // The canaries are still there to be leaked, and were not.
    for (const id of seededIds) expect(env.secrets.data.get(id)?.secretKey).toContain(CANARY);
  });

  it('content table: never a crash, always {ok: boolean}, never a secret, never another family\'s task', async () => {
    const { env, ids } = await seeded();
    const keys = Object.keys(await readAllTasks());
    const family: Record<string, string> = { [huaweiTab.url!]: ids.huawei!, [alibabaTab.url!]: ids.alibaba!, [dnspodTab.url!]: ids.dnspod! };
    await fc.assert(
      fc.asyncProperty(hostile(contentTypes, keys, Object.values(ids)), fc.constantFrom(huaweiTab, alibabaTab, dnspodTab, webPage, popup), async (message, sender) => {
        const reply = await routeMessage(env.deps, message, sender, SELF);
        expect(typeof reply.ok).toBe('boolean');
        const text = JSON.stringify(reply);
        expect(text).not.toContain(CANARY);
        const own = family[sender.url!];
        for (const key of keysOf(reply)) expect(own && key.startsWith(`${own}:`)).toBe(true);
        if (!own) expect(reply.ok).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  });

  it('the validators alone: any value either parses to a known type or is refused, without throwing', () => {
    const pageSet = new Set(pageTypes);
    const contentSet = new Set(contentTypes);
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom(...pageTypes, ...contentTypes) }, { requiredKeys: ['type'] })), (value) => {
        const page = pageRequestSchema.safeParse(value);
        const content = contentRequestSchema.safeParse(value);
        if (page.success) expect(pageSet.has((page.data as PageRequest).type)).toBe(true);
        if (content.success) expect(contentSet.has((content.data as ContentRequest).type)).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });
});
