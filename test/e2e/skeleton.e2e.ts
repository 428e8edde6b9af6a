/**
 * The walking skeleton, end to end: a user adds a Huawei account through the options page;
 * the service worker of the built extension signs its requests, the fake cloud (which
 * checks every signature with the official SDK) answers, the badge counts pending tasks and
 * falls as they finish, and the popup lists them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { countOf, eventually, launchExtension, privateAreaOf, nothingPending, storedTasks, type ExtensionSession } from './harness';
import { demoCloud, type DemoCloud } from './scenario';
import { DEMO_HUAWEI_KEYS } from '../fake-cloud/huawei';
import type { Page } from 'playwright-core';
import { POPUP_FIRST_FRAME_KEY } from '../../lib/popup/snapshot';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

async function addHuaweiAccount(options: Page, secret = DEMO_HUAWEI_KEYS.secretAccessKey): Promise<void> {
  await options.getByLabel('Provider').selectOption('huawei');
  await options.getByLabel('Account name').fill('Production');
  await options.getByLabel('Access key ID').fill(DEMO_HUAWEI_KEYS.accessKeyId);
  await options.getByLabel('Secret access key').fill(secret);
  await eventually(() => options.getByLabel('DNS site').inputValue(), (site) => site === 'cn', 'the DNS site field offers the China site');
  await eventually(() => options.getByLabel('DCS regions').inputValue(), (regions) => regions === 'cn-north-4', 'the DCS regions field offers cn-north-4');
  await options.getByRole('button', { name: 'Save account' }).click();
  await options.getByText('Account saved').waitFor();
}

async function badge(s: ExtensionSession, cloud: DemoCloud, accept: (text: string) => boolean, what: string): Promise<string> {
  return eventually(() => s.badgeText(), accept, `${what} (fake cloud saw ${cloud.records.length} requests)`);
}

describe('walking skeleton: Huawei DNS tasks → badge → popup', () => {
  it('counts pending tasks on the badge, lists them in the popup, and empties the badge when they finish', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await addHuaweiAccount(options);

    expect(await badge(session, cloud, (t) => t === '2', 'badge shows the 2 pending tasks')).toBe('2');
    const popup = await session.openPage('popup.html');
    for (const id of ['9a186e66977dd48f01977e021c480cac', '9a186e66977dd48f01977e021c480cad', '9a186e66977dd48f01977e021c480cae']) {
      await popup.getByText(id, { exact: true }).waitFor();
    }
    await popup.getByText('120 failed').first().waitFor();
    await popup.screenshot({ path: 'test-results/popup-skeleton.png' });

    cloud.huawei.finishAll();
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await nothingPending(session, `nothing pending once every task is DONE (fake cloud saw ${cloud.records.length} requests)`);
    await popup.getByText('5 failed').first().waitFor();

    expect(cloud.records.length).toBeGreaterThan(0);
    expect(cloud.records.filter((r) => !r.signatureValid)).toEqual([]);
    // No secret ever lands in storage.local.
    expect(JSON.stringify(await session.storageLocal())).not.toContain(DEMO_HUAWEI_KEYS.secretAccessKey);
  });

  it('a wrong secret key makes the fake cloud answer 401, stops polling and says so in the popup', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await addHuaweiAccount(options, 'ThisIsNotTheRightSecretKey0000000');
    const popup = await session.openPage('popup.html');
    await popup.getByText('Huawei Cloud rejected the access key', { exact: false }).waitFor();
    expect(cloud.records.length).toBeGreaterThan(0);
    expect(cloud.records.every((r) => !r.signatureValid && r.status === 401)).toBe(true);
    const before = cloud.records.length;
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await popup.waitForTimeout(1500);
    expect(cloud.records.length).toBe(before);
  });

  it('keeps the stored tasks and says what happened when the answer is malformed or the network is dead', async () => {
    const cloud = demoCloud();
    let offline = false;
    session = await launchExtension({ cloud, offline: () => offline });
    const options = await session.openPage('options.html');
    await addHuaweiAccount(options);
    await badge(session, cloud, (t) => t === '2', 'badge shows the 2 pending tasks');
    const popup = await session.openPage('popup.html');

    cloud.huawei.forceNext('malformed');
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await popup.getByText('could not read', { exact: false }).waitFor();
    await countOf(popup.getByText('9a186e66977dd48f01977e021c480cac'), 1, 'the stored task is still listed');

    offline = true;
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await popup.getByText('could not be reached', { exact: false }).waitFor();
    await countOf(popup.getByText('9a186e66977dd48f01977e021c480cad'), 1, 'the stored task is still listed');
    await badge(session, cloud, (t) => t === '2', 'the badge keeps the 2 pending tasks');
  });

  it('the popup paints the background\'s snapshot at once, then the live state replaces it', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await addHuaweiAccount(options);
    await badge(session, cloud, (t) => t === '2', 'badge shows the 2 pending tasks');
    await eventually(async () => ((await session!.storageLocal()).popupSnapshot as { view?: { tasks?: unknown[] } } | undefined)?.view?.tasks?.length ?? 0, (n) => n >= 3, 'the background writes the snapshot');
    // A snapshot that differs from the live state shows which one the popup rendered first. The
    // app may replace it within a frame, so the page itself records whether it was ever shown.
    const PLANTED = 'Painted from the snapshot';
    const plantAndOpen = async () => {
      const area = privateAreaOf(await session!.worker());
      const { popupSnapshot } = (await area.get(['popupSnapshot'])) as { popupSnapshot: { view: { tasks: { label: string }[] } } };
      popupSnapshot.view.tasks[0]!.label = PLANTED;
      await area.set({ popupSnapshot });
      const popup = await session!.context.newPage();
      await popup.addInitScript((label) => {
        const seen = { planted: false };
        Object.assign(window, { seen });
        new MutationObserver(() => {
          if (document.querySelector('#app')?.textContent?.includes(label)) seen.planted = true;
        }).observe(document, { childList: true, subtree: true, characterData: true });
      }, PLANTED);
      await popup.goto(`chrome-extension://${session!.extensionId}/popup.html`);
      await popup.getByText('9a186e66977dd48f01977e021c480cac', { exact: true }).waitFor();
      await popup.getByText(PLANTED).waitFor({ state: 'detached' });
      const shown = await popup.evaluate(() => (window as unknown as { seen: { planted: boolean } }).seen.planted);
      // A cycle that ended between planting and opening rewrote the snapshot: the premise is gone, not the feature.
      const stillPlanted = JSON.stringify((await session!.storageLocal()).popupSnapshot ?? {}).includes(PLANTED);
      await popup.close();
      return { shown, stillPlanted };
    };
    let opened = await plantAndOpen();
    for (let attempt = 0; attempt < 4 && !opened.shown && !opened.stillPlanted; attempt++) opened = await plantAndOpen();
    expect(opened.shown).toBe(true);
  });

  it('a second open paints what the popup showed last, inert and styled, having fetched one script, before its app has loaded; the app then replaces it', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await addHuaweiAccount(options);
    await badge(session, cloud, (t) => t === '2', 'badge shows the 2 pending tasks');
    const first = await session.openPage('popup.html');
    await first.getByText('9a186e66977dd48f01977e021c480cac', { exact: true }).waitFor();
    await eventually(() => first.evaluate((key) => localStorage.getItem(key), POPUP_FIRST_FRAME_KEY), (kept) => kept !== null, 'the popup keeps its first frame');
    await first.close();

    const popup = await session.context.newPage();
    // What the page holds once its HTML is parsed, before the app may load.
    await popup.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        const frame = document.getElementById('first-frame');
        Object.assign(window, {
          atParse: {
            inert: frame?.inert ?? null,
            ids: [...(frame?.querySelectorAll('li.task code') ?? [])].map((code) => code.textContent),
            appChildren: document.getElementById('app')?.childElementCount,
            appLoading: document.querySelector('script[src$="popup-app.js"]') !== null,
            // Each file fetched before the first frame delays it: one script, styles inline.
            files: [...document.querySelectorAll('script[src], link[href]')].map((el) => el.getAttribute('src') ?? el.getAttribute('href')),
            styled: getComputedStyle(document.documentElement).getPropertyValue('--accent') !== '',
          },
        });
      });
    });
    await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
    await popup.waitForFunction(() => !document.getElementById('first-frame') && document.querySelector('#app > main .task'));
    expect(await popup.evaluate(() => (window as unknown as { atParse: unknown }).atParse)).toEqual({
      inert: true,
      ids: expect.arrayContaining(['9a186e66977dd48f01977e021c480cac']),
      appChildren: 0,
      appLoading: false,
      files: ['/popup-first-frame.js'],
      styled: true,
    });
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await popup.getByText('9a186e66977dd48f01977e021c480cac', { exact: true }).waitFor();
  });

  it('a service worker killed mid-work loses no task: the next one restores the badge and keeps polling', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await addHuaweiAccount(options);
    await badge(session, cloud, (t) => t === '2', 'badge shows the 2 pending tasks');
    const before = storedTasks(await session.storageLocal());
    await session.killWorker();
    const popup = await session.openPage('popup.html'); // its message wakes a fresh worker
    await popup.getByText('9a186e66977dd48f01977e021c480cad', { exact: true }).waitFor();
    expect(Object.keys(storedTasks(await session.storageLocal())).sort()).toEqual(Object.keys(before).sort());
    cloud.huawei.finishAll();
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await nothingPending(session, `the new worker polls until nothing is pending (fake cloud saw ${cloud.records.length} requests)`);
    const sw = await session.worker();
    const alarms = () => sw.evaluate(async () => (await (globalThis as any).chrome.alarms.getAll()).map((a: { name: string }) => a.name) as string[]);
    expect(await eventually(alarms, (names) => names.length > 0, 'the new worker keeps an alarm')).toEqual(['batchwatch-poll']);
  });

  it('shows a clear message next to an empty or malformed field and saves nothing', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await options.getByLabel('Access key ID').fill('short');
    await options.getByRole('button', { name: 'Save account' }).click();
    await options.getByText('This field is required.').first().waitFor();
    await options.getByText('An access key ID is 16–64 letters and digits', { exact: false }).waitFor();
    await eventually(() => options.getByLabel('Account name').getAttribute('aria-invalid'), (invalid) => invalid === 'true', 'the empty name is marked invalid');
    const stored = await session.storageLocal();
    expect(stored.accounts ?? []).toEqual([]);
    expect(cloud.records).toEqual([]);
  });
});
