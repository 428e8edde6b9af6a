import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import { getSettings } from '../../../lib/store/index';
import { engineDeps } from '../support/fakes';

beforeEach(() => fakeBrowser.reset());

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const options: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };
const huaweiTab: MessageSender = { id: 'ext-id', url: 'https://console.huaweicloud.com/dns/', tab: { id: 7, url: 'https://console.huaweicloud.com/dns/' } };

describe('the language setting, as the background keeps it', () => {
  it('is stored when Options saves it alone, leaving every other setting as it was', async () => {
    const { deps } = engineDeps([]);
    const before = await getSettings();
    expect(before.language).toBe('auto');
    expect(await routeMessage(deps, { type: 'saveSettings', settings: { language: 'zh' } }, options, SELF)).toMatchObject({ ok: true, settings: { ...before, language: 'zh' } });
    expect(await getSettings()).toEqual({ ...before, language: 'zh' });
  });

  it('keeps the stored choice when asked for a language it does not know', async () => {
    const { deps } = engineDeps([]);
    await routeMessage(deps, { type: 'saveSettings', settings: { language: 'en' } }, options, SELF);
    await routeMessage(deps, { type: 'saveSettings', settings: { language: 'fr' } }, options, SELF);
    expect((await getSettings()).language).toBe('en');
  });

  it('reaches the console panel, which cannot read the setting itself (nor holds the catalogue): it gets its words', async () => {
    const { deps } = engineDeps([], undefined, { lang: () => 'zh' });
    const reply = await routeMessage(deps, { type: 'panelState' }, huaweiTab, SELF);
    expect(reply).toMatchObject({ ok: true, collapsed: false, words: { title: 'Batchwatch：失败条目', failedOf: '失败 $1 / 共 $2' } });
  });
});
