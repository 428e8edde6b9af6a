import { beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import { runCycle } from '../../../lib/engine/cycle';
import { saveAccount } from '../../../lib/engine/service';
import { engineDeps, fakeProvider } from '../support/fakes';

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const CANARY = 'CANARY-SECRET-7f3e9a';
const popup: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const huaweiConsole: MessageSender = { id: 'ext-id', url: 'https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones', tab: { id: 7, url: 'https://console.huaweicloud.com/dns/' } };
const dnspodConsole: MessageSender = { id: 'ext-id', url: 'https://console.dnspod.cn/dns/list', tab: { id: 8, url: 'https://console.dnspod.cn/dns/list' } };
const webPage: MessageSender = { id: 'ext-id', url: 'https://evil.example/', tab: { id: 9, url: 'https://evil.example/' } };
const otherExtension: MessageSender = { id: 'other-ext', url: 'chrome-extension://other-ext/popup.html' };

beforeEach(() => fakeBrowser.reset());

async function seeded() {
  const huawei = fakeProvider('huawei', [{ id: '1', status: 'partial', failed: 2, failedItems: 2 }]);
  const dnspod = fakeProvider('dnspod', [{ id: '2', status: 'failed', failed: 1, failedItems: 1 }]);
  const env = engineDeps([huawei.provider, dnspod.provider]);
  for (const provider of ['huawei', 'dnspod']) {
    const reply = await saveAccount(env.deps, { type: 'saveAccount', provider, name: provider, settings: {}, secrets: { key: `${CANARY}-${provider}` } });
    if (!reply.ok) throw new Error(reply.error);
  }
  await runCycle(env.deps);
  return env;
}

describe('message senders', () => {
  it('answers extension pages with the state, without any secret', async () => {
    const env = await seeded();
    const reply = await routeMessage(env.deps, { type: 'getState' }, popup, SELF);
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(reply)).not.toContain(CANARY);
    expect(JSON.stringify(reply)).toContain('"storedSecrets":["key"]');
  });

  it('refuses page requests from a web page, another extension, or a console tab', async () => {
    const env = await seeded();
    for (const sender of [webPage, otherExtension, huaweiConsole]) {
      expect(await routeMessage(env.deps, { type: 'getState' }, sender, SELF)).toEqual({ ok: false, error: expect.any(String) });
    }
  });

  it('gives a console only its own provider\'s tasks with failures', async () => {
    const env = await seeded();
    const huawei = await routeMessage(env.deps, { type: 'panelTasks' }, huaweiConsole, SELF);
    const dnspod = await routeMessage(env.deps, { type: 'panelTasks' }, dnspodConsole, SELF);
    expect(JSON.stringify(huawei)).toContain('"providerTaskId":"1"');
    expect(JSON.stringify(huawei)).not.toContain('"providerTaskId":"2"');
    expect(JSON.stringify(dnspod)).toContain('"providerTaskId":"2"');
    const stateFromHuawei = (huawei as unknown as { tasks: { key: string }[] }).tasks;
    const dnspodKey = (dnspod as unknown as { tasks: { key: string }[] }).tasks[0]!.key;
    expect(stateFromHuawei.some((t) => t.key === dnspodKey)).toBe(false);
    expect(await routeMessage(env.deps, { type: 'panelFailedItems', taskKey: dnspodKey }, huaweiConsole, SELF)).toMatchObject({ ok: false });
  });

  it('a console visit asks for discovery, at most once per 30 s per account however often the console navigates', async () => {
    const env = await seeded();
    env.polls.length = 0;
    await routeMessage(env.deps, { type: 'consoleVisit', url: huaweiConsole.url }, huaweiConsole, SELF);
    expect(env.polls).toHaveLength(0); // the seeding cycle discovered just now
    env.advance(30_000);
    await routeMessage(env.deps, { type: 'consoleVisit', url: huaweiConsole.url }, huaweiConsole, SELF);
    expect(env.polls).toHaveLength(1);
  });

  it('survives 10,000 hostile payloads from every kind of sender: always a Reply, never a secret', async () => {
    const env = await seeded();
    const tasks = await routeMessage(env.deps, { type: 'getState' }, popup, SELF);
    const keys = (tasks as unknown as { tasks: { key: string }[] }).tasks.map((t) => t.key);
    const types = ['getState', 'refreshNow', 'saveAccount', 'removeAccount', 'testConnection', 'trackTask', 'getFailedItems', 'saveSettings', 'consoleVisit', 'panelTasks', 'panelFailedItems', 'trackFromPage', '__proto__', 'constructor'];
    const hostile = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom(...types) }, { requiredKeys: [] }),
      fc.record({
        type: fc.constantFrom(...types),
        accountId: fc.oneof(fc.string(), fc.constant('acc1'), fc.anything()),
        taskKey: fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 700 })),
        taskId: fc.oneof(fc.string(), fc.stringMatching(/^\d{1,6}$/)),
        url: fc.oneof(fc.webUrl(), fc.string()),
        settings: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), fc.anything()),
        page: fc.oneof(fc.integer(), fc.double(), fc.anything()),
      }, { requiredKeys: ['type'] }),
    );
    const senders = [popup, huaweiConsole, dnspodConsole, webPage, otherExtension];
    // Destructive requests are fuzzed too; keep the canary by never letting them remove or overwrite accounts.
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom(...senders), async (message, sender) => {
        if (message && typeof message === 'object' && ['removeAccount', 'saveAccount'].includes((message as { type?: unknown }).type as string)) return;
        const reply = await routeMessage(env.deps, message, sender, SELF);
        expect(typeof reply.ok).toBe('boolean');
        expect(JSON.stringify(reply) ?? '').not.toContain(CANARY);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('user activity for the vault\'s idle lock (issue 18, finding 2)', () => {
  it('counts the popup or options page opening; nothing else, and nothing a console page sends (it could keep the vault unlocked)', async () => {
    const env = await seeded();
    let activity = 0;
    env.deps.secrets.noteUserActivity = async () => void activity++;
    await routeMessage(env.deps, { type: 'getState', opened: true }, popup, SELF);
    expect(activity).toBe(1);
    await routeMessage(env.deps, { type: 'getState' }, popup, SELF);
    await routeMessage(env.deps, { type: 'getState', limit: 5 }, popup, SELF);
    await routeMessage(env.deps, { type: 'refreshNow' }, popup, SELF);
    // `opened` on any other request is not part of it, and is dropped with the other unknown keys.
    await routeMessage(env.deps, { type: 'refreshNow', opened: true }, popup, SELF);
    expect(activity).toBe(1);
    await routeMessage(env.deps, { type: 'panelTasks' }, huaweiConsole, SELF);
    expect(activity).toBe(1);
    await routeMessage(env.deps, { type: 'trackFromPage', taskId: '123' }, huaweiConsole, SELF);
    await routeMessage(env.deps, { type: 'consoleVisit', url: huaweiConsole.url! }, huaweiConsole, SELF);
    // Senders that are refused, and malformed requests, never count.
    await routeMessage(env.deps, { type: 'getState', opened: true }, webPage, SELF);
    await routeMessage(env.deps, { type: 'panelTasks' }, webPage, SELF);
    await routeMessage(env.deps, { type: 'getState', opened: 'yes' }, popup, SELF);
    await routeMessage(env.deps, { type: 'panelTasks', extra: { opened: true } }, otherExtension, SELF);
    expect(activity).toBe(1);
  });

  it('answers the popup\'s opening with a secret store that keeps no activity (noting it is optional)', async () => {
    const env = await seeded();
    expect(env.deps.secrets.noteUserActivity).toBeUndefined();
    const reply = await routeMessage(env.deps, { type: 'getState', opened: true }, popup, SELF);
    expect(reply.ok).toBe(true);
    expect(JSON.stringify(reply)).toContain('"providerTaskId":"1"');
  });

  it('answers even when the vault cannot note the activity', async () => {
    const env = await seeded();
    env.deps.secrets.noteUserActivity = async () => {
      throw new Error('session storage unavailable');
    };
    expect((await routeMessage(env.deps, { type: 'getState', opened: true }, popup, SELF)).ok).toBe(true);
    expect((await routeMessage(env.deps, { type: 'panelTasks' }, huaweiConsole, SELF)).ok).toBe(true);
  });
});

describe('the router\'s answers, word for word', () => {
  it('takes an extension page opened in a tab as the extension\'s, and nothing that only claims to be', async () => {
    const env = await seeded();
    const inTab: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', tab: { id: 3, url: 'chrome-extension://ext-id/options.html' } };
    expect((await routeMessage(env.deps, { type: 'getState' }, inTab, SELF)).ok).toBe(true);
    const claims: MessageSender[] = [
      { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', tab: { id: 3 } },
      { id: 'ext-id', url: 'chrome-extension://ext-id/options.html', tab: { id: 3, url: 'https://evil.example/' } },
      { id: 'ext-id', url: 'https://evil.example/chrome-extension://ext-id/' },
      { id: 'ext-id' },
      { url: 'chrome-extension://ext-id/popup.html' },
    ];
    for (const sender of claims) expect(await routeMessage(env.deps, { type: 'getState' }, sender, SELF)).toEqual({ ok: false, error: 'Sender not allowed' });
  });

  it('takes a console page only from a tab of this extension\'s content script', async () => {
    const env = await seeded();
    const notConsole: MessageSender[] = [
      { ...huaweiConsole, tab: {} },
      { ...huaweiConsole, url: undefined },
      { ...huaweiConsole, id: 'other-ext' },
      { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html', tab: { id: 3, url: 'https://console.huaweicloud.com/dns/' } },
    ];
    for (const sender of notConsole) expect(await routeMessage(env.deps, { type: 'panelTasks' }, sender, SELF)).toEqual({ ok: false, error: 'Sender not allowed' });
    expect((await routeMessage(env.deps, { type: 'panelTasks' }, huaweiConsole, SELF)).ok).toBe(true);
  });

  it('refuses a tab that is not a console page the extension serves as a sender, before reading what it asks', async () => {
    const env = await seeded();
    const tab = (url: string): MessageSender => ({ id: 'ext-id', url, tab: { id: 11, url } });
    const senders = [
      webPage,
      // DNSPod's account pages create API keys: no content script runs there, so nothing from there is a panel.
      tab('https://console.dnspod.cn/account/token/apikey'),
      tab('http://console.huaweicloud.com/dns/'),
      tab('https://console.huaweicloud.com:8443/dns/'),
      tab('https://console.huaweicloud.com.evil.example/dns/'),
    ];
    for (const sender of senders) {
      for (const message of [{ type: 'panelTasks' }, { type: 'trackFromPage', taskId: '123' }, { type: 'no such request' }]) {
        expect(await routeMessage(env.deps, message, sender, SELF)).toEqual({ ok: false, error: 'Sender not allowed' });
      }
    }
  });

  it('looks for the extension\'s origin only at the start of an address: a console page that merely contains or ends with it is a console page', async () => {
    const env = await seeded();
    for (const url of [
      'https://console.huaweicloud.com/dns/?next=chrome-extension://ext-id/',
      'https://console.huaweicloud.com/dns/#/dns/publiczones/chrome-extension://ext-id/',
    ]) {
      const sender: MessageSender = { id: 'ext-id', url, tab: { id: 12, url } };
      expect(JSON.stringify(await routeMessage(env.deps, { type: 'panelTasks' }, sender, SELF))).toContain('"providerTaskId":"1"');
      expect(await routeMessage(env.deps, { type: 'getState' }, sender, SELF)).toEqual({ ok: false, error: 'Invalid request' });
    }
  });

  it('refuses a malformed request from either table as "Invalid request"', async () => {
    const env = await seeded();
    expect(await routeMessage(env.deps, { type: 'getSecrets' }, popup, SELF)).toEqual({ ok: false, error: 'Invalid request' });
    expect(await routeMessage(env.deps, { type: 'getState' }, huaweiConsole, SELF)).toEqual({ ok: false, error: 'Invalid request' });
  });

  it('answers a handler that throws with "Internal error", logging only the error\'s name', async () => {
    const env = await seeded();
    const logged: unknown[][] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    env.deps.secrets.isLocked = async () => {
      throw new TypeError(`boom ${CANARY}`);
    };
    expect(await routeMessage(env.deps, { type: 'getState' }, popup, SELF)).toEqual({ ok: false, error: 'Internal error' });
    env.deps.secrets.isLocked = async () => {
      throw `thrown text ${CANARY}`;
    };
    expect(await routeMessage(env.deps, { type: 'getState' }, popup, SELF)).toEqual({ ok: false, error: 'Internal error' });
    expect(logged).toEqual([
      ['Batchwatch: a message handler failed', 'TypeError'],
      ['Batchwatch: a message handler failed', 'string'],
    ]);
  });
});
