/**
 * The canary: accounts with recognisable secrets for every provider, then every place a
 * secret could leak is dumped and searched — storage.local, storage.sync, the popup, the
 * options page, a console page with the panel, message replies, exports. Then passphrase
 * mode end to end: locking stops polling and unlocking resumes it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { closedPanel, eventually, launchExtension, storedTasks, type ExtensionSession } from './harness';
import { demoCloud, DEMO_ACCOUNTS, DEMO_CONSOLE_PAGES } from './scenario';

let session: ExtensionSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const send = (page: import('playwright-core').Page, req: unknown) => page.evaluate((r) => (globalThis as any).chrome.runtime.sendMessage(r), req);

describe('secrets stay in the background', () => {
  it('canary: no secret in storage, pages, replies, the console panel or an export', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    const secrets = DEMO_ACCOUNTS.flatMap((a) => Object.values(a.secrets));
    for (const account of DEMO_ACCOUNTS) expect(await send(options, { type: 'saveAccount', ...account })).toMatchObject({ ok: true });
    await eventually(async () => Object.keys(storedTasks(await session!.storageLocal())).length, (n) => n >= 5, 'tasks of every provider arrive');
    const replies: unknown[] = [];
    replies.push(await send(options, { type: 'getState' }));
    const state = replies[0] as { accounts: { id: string }[]; tasks: { key: string }[] };
    for (const account of state.accounts) replies.push(await send(options, { type: 'testConnection', accountId: account.id }));
    for (const task of state.tasks) replies.push(await send(options, { type: 'getFailedItems', taskKey: task.key }));
    // The haystacks must hold what they are searched for: the background's snapshot (written at
    // a cycle's end), then the popup's paint cache, which the popup writes from that snapshot as it opens.
    await eventually(async () => Object.keys(await session!.storageLocal()), (keys) => keys.includes('popupSnapshot') && keys.includes('popupStatus'), 'the background keeps the popup snapshot');
    const popup = await session.openPage('popup.html');
    await popup.waitForSelector('.task');
    await eventually(() => popup.evaluate(() => Object.keys(localStorage)), (keys) => keys.some((k) => k.startsWith('batchwatch:popupPaint')), 'the popup keeps its paint cache');
    const consolePage = await session.context.newPage();
    await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    await consolePage.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const panel = await closedPanel(consolePage);
    await eventually(() => panel.text(), (t) => t.includes('Batchwatch: failed items') && t.includes('Export JSON'), 'the panel shows failed items');
    const [download] = await Promise.all([consolePage.waitForEvent('download'), panel.click('Export JSON')]);
    const sw = await session.worker();
    const haystacks = {
      storageLocal: JSON.stringify(await session.storageLocal()),
      storageSync: JSON.stringify(await sw.evaluate(() => (globalThis as any).chrome.storage.sync.get(null))),
      // The popup's paint cache (and anything else the extension origin keeps there).
      extensionLocalStorage: await popup.evaluate(() => JSON.stringify({ ...localStorage })),
      replies: JSON.stringify(replies),
      popup: await popup.content(),
      options: await options.content(),
      consolePanel: await panel.markup(),
      consolePage: await consolePage.content(),
      export: readFileSync((await download.path())!, 'utf8'),
    };
    const found = Object.entries(haystacks).flatMap(([where, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s.slice(0, 4)}…`));
    expect(found).toEqual([]);
    expect(haystacks.consolePanel.length).toBeGreaterThan(100);
    // The haystacks hold what they should: the snapshot and the paint cache are there to search.
    expect(haystacks.storageLocal).toContain('popupSnapshot');
    expect(haystacks.extensionLocalStorage).toContain('batchwatch:popupPaint');
  });

  it('passphrase mode: turned on from the options page, locking stops polling, unlocking resumes it', async () => {
    const cloud = demoCloud();
    session = await launchExtension({ cloud });
    const options = await session.openPage('options.html');
    await send(options, { type: 'saveAccount', ...DEMO_ACCOUNTS[0] });
    await eventually(() => session!.badgeText(), (t) => t === '2', 'tasks arrive');
    await options.reload();
    await options.getByLabel('Passphrase', { exact: true }).fill('short');
    await options.getByLabel('Repeat passphrase').fill('short');
    await options.getByRole('button', { name: 'Turn on passphrase' }).click();
    await options.getByText('Use a passphrase of at least 10 characters.').waitFor();
    await options.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await options.getByLabel('Repeat passphrase').fill('correct horse battery');
    await options.getByRole('button', { name: 'Turn on passphrase' }).click();
    await options.getByText('Passphrase turned on.', { exact: false }).waitFor();
    const sessionKeys = async () => Object.keys(await (await session!.worker()).evaluate(() => (globalThis as any).chrome.storage.session.get(null)));
    expect(await eventually(sessionKeys, (keys) => keys.length > 0, 'the unlocked key is kept')).toEqual(['vault:unlocked']); // the unlocked key lives only in session storage
    await options.getByRole('button', { name: 'Lock now' }).click();
    await options.getByText('Locked: polling has stopped.', { exact: false }).waitFor();
    await eventually(sessionKeys, (keys) => keys.length === 0, 'locking drops the unlocked key');
    const popup = await session.openPage('popup.html');
    await popup.getByText('Locked: polling has stopped. Enter your passphrase to resume.').waitFor();
    const before = cloud.records.length;
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await popup.waitForTimeout(1500);
    expect(cloud.records.length).toBe(before);
    await options.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase!!');
    await options.getByRole('button', { name: 'Unlock' }).click();
    await options.getByText('That passphrase is not the right one. Nothing was changed.').waitFor();
    await options.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await options.getByRole('button', { name: 'Unlock' }).click();
    await options.getByText('Unlocked. Polling resumes.').waitFor();
    await eventually(async () => cloud.records.length, (n) => n > before, 'polling resumes after unlocking');
    const stored = JSON.stringify(await session.storageLocal());
    expect(stored).not.toContain('correct horse battery');
  });
});

describe('API strings are text, never HTML', () => {
  const hostile = (where: string) => `<img src=x onerror="document.title='pwned-${where}'"><script>document.title='pwned'</script>${where}`;

  it('HTML and script in every string field of every provider\'s answers shows as text in the popup and the panel', async () => {
    const cloud = demoCloud();
    for (const t of cloud.huawei.dnsTasks) {
      t.type = hostile('type');
      for (const e of t.errorItems ?? []) {
        e.item = hostile('item');
        e.error_message = hostile('message');
      }
    }
    for (const t of cloud.alibaba.tasks) for (const f of t.failures ?? []) Object.assign(f, { Domain: hostile('Domain'), Rr: hostile('Rr'), Value: hostile('Value'), Reason: hostile('Reason') });
    for (const job of cloud.dnspod.jobs) for (const d of job.domains) {
      d.domain = hostile('domain');
      for (const r of d.records) Object.assign(r, { sub_domain: hostile('sub'), value: hostile('value'), err_msg: hostile('err_msg') });
    }
    session = await launchExtension({ cloud, consolePages: DEMO_CONSOLE_PAGES });
    const options = await session.openPage('options.html');
    for (const account of DEMO_ACCOUNTS) await send(options, { type: 'saveAccount', ...account });
    const state = (await send(options, { type: 'getState' })) as { accounts: { id: string; provider: string }[] };
    const dnspodAccount = state.accounts.find((a) => a.provider === 'dnspod')!;
    const tracked = await send(options, { type: 'trackTask', accountId: dnspodAccount.id, taskId: '409752' });
    expect(tracked).toMatchObject({ ok: true });
    await eventually(async () => Object.keys(storedTasks(await session!.storageLocal())).length, (n) => n >= 5, 'tasks of every provider arrive');
    cloud.alibaba.finishAll();
    await send(options, { type: 'refreshNow' });

    const popup = await session.openPage('popup.html');
    await popup.waitForSelector('.task');
    for (const id of ['9a186e66977dd48f01977e021c480cac', '1234567', '409752']) {
      // A task that ended with failures is listed twice: under "Needs attention" and in the list.
      await popup.locator('li.task', { hasText: id }).getByRole('button', { name: 'Show failed items' }).first().click();
    }
    await popup.getByText(hostile('message'), { exact: false }).first().waitFor();
    await popup.getByText(hostile('domain'), { exact: false }).first().waitFor();
    await popup.getByText(hostile('err_msg'), { exact: false }).first().waitFor();
    await popup.getByText(hostile('Reason'), { exact: false }).first().waitFor();
    expect(await popup.locator('.task img, .task script, .failures img').count()).toBe(0);
    expect(await popup.title()).not.toContain('pwned');

    const consolePage = await session.context.newPage();
    await consolePage.goto('https://console.huaweicloud.com/dns/?region=cn-north-4#/dns/publiczones');
    await consolePage.locator('batchwatch-panel').waitFor({ state: 'attached' });
    const panel = await closedPanel(consolePage);
    await eventually(() => panel.text(), (t) => t.includes(hostile('item')), 'the panel shows the hostile item as text');
    expect((await panel.count('img')) + (await panel.count('script'))).toBe(0);
    expect(await consolePage.title()).not.toContain('pwned');
  });
});
