/**
 * DNSPod's legacy API requires `User-Agent: ProgramName/Version (contact email)` and can ban
 * an account that calls it without one. Chromium drops a User-Agent set in fetch(), so the
 * extension installs a declarativeNetRequest rule for its own requests to dnsapi.cn. The
 * fake here refuses what the real service refuses, and it sees the requests as a server does
 * (a loopback HTTPS server, after the browser applied the rule; see harness LOOPBACK_HOSTS).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionSession } from './harness';
import { demoCloud } from './scenario';
import { DEMO_DNSPOD_KEYS } from '../fake-cloud/dnspod';
import { DNSPOD_USER_AGENT_RULE_ID, USER_AGENT } from '../../lib/providers/dnspod/user-agent';

/** The extension API inside the service worker (evaluated there, typed loosely here). */
declare const chrome: any;

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe('the DNSPod legacy User-Agent in Chromium', () => {
  it('the extension\'s calls carry "Batchwatch/<version> (<contact>)" and pass the check; without the rule they carry the browser\'s and are refused; the rule leaves web pages alone', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await options.getByLabel('Provider').selectOption('dnspod-token');
    await options.getByLabel('Account name').fill('legacy');
    await options.getByLabel('Token ID', { exact: true }).fill(DEMO_DNSPOD_KEYS.tokenId);
    await options.getByLabel('Token', { exact: true }).fill(DEMO_DNSPOD_KEYS.token);
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('Account saved').waitFor();

    const popup = await session.openPage('popup.html');
    await popup.getByLabel('Task ID').fill('409752');
    await popup.getByRole('button', { name: 'Track' }).click();
    await popup.getByText('2 failed').first().waitFor();
    const legacy = () => cloud.records.filter((r) => r.operation === 'Batch.Detail');
    expect(legacy().length).toBeGreaterThan(0);
    expect(legacy().map((r) => [r.status, r.userAgent])).toEqual(legacy().map(() => [200, USER_AGENT]));
    expect(legacy().every((r) => r.signatureValid)).toBe(true);

    // The rule is the extension's own (tabIds -1): a web page's request to dnsapi.cn is left
    // alone (asked of Chrome's matcher: a page on public hosts cannot reach the loopback server).
    const matched = await (await session.worker()).evaluate(async () => {
      const outcome = async (tabId: number) => (await chrome.declarativeNetRequest.testMatchOutcome({ url: 'https://dnsapi.cn/Batch.Detail', type: 'xmlhttprequest', method: 'post', tabId })).matchedRules.map((r: { ruleId: number }) => r.ruleId);
      return { extension: await outcome(-1), page: await outcome(7) };
    });
    expect(matched).toEqual({ extension: [DNSPOD_USER_AGENT_RULE_ID], page: [] });

    // What Chromium sends without the rule, although the provider's fetch sets the header:
    // its own User-Agent, which the service refuses (measured, so the rule is not decoration).
    const before = legacy().length;
    const fromWorker = () => legacy().slice(before).filter((r) => r.url.endsWith('?from=worker'));
    const status = await (await session.worker()).evaluate(
      async ({ id, ua, form }) => {
        await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [id] });
        const res = await fetch('https://dnsapi.cn/Batch.Detail?from=worker', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': ua }, body: form });
        return res.status;
      },
      { id: DNSPOD_USER_AGENT_RULE_ID, ua: USER_AGENT, form: `login_token=${DEMO_DNSPOD_KEYS.tokenId},${DEMO_DNSPOD_KEYS.token}&format=json&lang=en&job_id=409752` },
    );
    expect(status).toBe(403);
    expect(fromWorker()).toHaveLength(1);
    expect(fromWorker()[0]!.userAgent).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
  });
});
