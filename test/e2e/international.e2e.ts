/**
 * International sites (issue 31): a DNSPod account on Tencent Cloud's international site. The
 * job id an international console page shows is tracked with the international API host, the
 * failed-items panel appears on DNSPod's and Tencent Cloud's international consoles (never on
 * their key pages), and "Open in console" goes to the international DNSPod console.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createFakeCloud, type FakeRequest } from '../fake-cloud/index';
import { createDnspodFake, defaultDnspodScenario, DEMO_DNSPOD_KEYS } from '../fake-cloud/dnspod';
import { closedPanel, eventually, evaluateInContentScript, launchExtension, storedTasks, type ExtensionSession } from './harness';
import { consolePage } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const send = (page: Page, req: unknown) => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);

/** The console says which job it just submitted, as DNSPod's does after a batch (ids already on the page when it loads are not submissions). */
const showJobId = (page: Page, jobId: string) =>
  page.evaluate((id) => {
    const p = document.createElement('p');
    p.textContent = `Batch submitted. Job ID: ${id}`;
    document.body.append(p);
  }, jobId);

describe('DNSPod on the international site', () => {
  it('tracks the job an international console shows, on the international API, and shows its failures on both international consoles but not on the key pages', async () => {
    const cloud = createFakeCloud([createDnspodFake(defaultDnspodScenario())]);
    const hosts: string[] = [];
    const dispatch = cloud.dispatch.bind(cloud);
    cloud.dispatch = (req: FakeRequest) => {
      hosts.push(req.url.hostname);
      return dispatch(req);
    };
    session = await launchExtension({
      cloud,
      consolePages: {
        'https://console.tencentcloud.com/**': consolePage('Tencent Cloud DNSPod console, international (fake)'),
        'https://console.dnspod.com/**': consolePage('DNSPod console, international (fake)'),
      },
    });
    const options = await session.openPage('options.html');
    const site = 'dnspod.intl.tencentcloudapi.com';
    expect(await send(options, { type: 'saveAccount', provider: 'dnspod', name: 'Intl', settings: { site }, secrets: { secretId: DEMO_DNSPOD_KEYS.secretId, secretKey: DEMO_DNSPOD_KEYS.secretKey } })).toMatchObject({ ok: true });

    const tencent = await session.context.newPage();
    await tencent.goto('https://console.tencentcloud.com/cns');
    await eventually(() => evaluateInContentScript(tencent, session!.extensionId, '1').catch(() => 0), (v) => v === 1, 'the content script runs on the international console');
    // Job 409752 of the fake ended with 2 failed records.
    await showJobId(tencent, '409752');
    await eventually(async () => Object.keys(storedTasks(await session!.storageLocal())), (keys) => keys.some((k) => k.endsWith(':409752')), 'the job id on the international console is tracked');
    expect(hosts.length).toBeGreaterThan(0);
    expect([...new Set(hosts)]).toEqual([site]);

    for (const page of [tencent, await session.context.newPage()]) {
      if (page !== tencent) await page.goto('https://console.dnspod.com/dns/list');
      // Shown once the job's failures are known (the panel lives in a closed shadow root).
      await eventually(async () => {
        const panel = await closedPanel(page);
        try {
          return await panel.count('li', 'row').catch(() => 0);
        } finally {
          await panel.detach();
        }
      }, (n) => n === 2, `the panel lists the job's 2 failed records on ${page.url()}`, 30_000);
    }

    // Where the international sites make sub-users and keys, no content script runs.
    for (const url of ['https://console.tencentcloud.com/cam/capi', 'https://console.dnspod.com/account/token/apikey']) {
      const page = await session.context.newPage();
      await page.goto(url);
      await page.waitForTimeout(1_000);
      await expect(evaluateInContentScript(page, session.extensionId, '1'), url).rejects.toThrow(/no content-script world/);
    }

    const popup = await session.openPage('popup.html');
    await expect.poll(() => popup.getByRole('link', { name: 'Open in console' }).first().getAttribute('href'), { timeout: 20_000 }).toBe('https://console.dnspod.com/dns/list');
  });
});
