// @vitest-environment happy-dom
/**
 * The add-account form says which key to make and what to grant it, from the provider's
 * declared calls; the card tells keys apart by their shortened ID, which is all the
 * background ever sends of it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { fakeBrowser } from 'wxt/testing';
import { AccountForm } from '../../../components/options/AccountForm';
import { AccountCard } from '../../../components/options/AccountCard';
import type { OptionsIntents } from '../../../components/options/intents';
import { setLang } from '../../../components/common/i18n';
import { providers } from '../../../lib/providers/index';
import { alibaba } from '../../../lib/providers/alibaba/index';
import { policyDocument } from '../../../lib/providers/access';
import { routeMessage } from '../../../lib/engine/router';
import type { AccountView, StateView } from '../../../lib/messaging/messages';
import { engineDeps } from '../support/fakes';

beforeEach(() => {
  setLang('en');
  fakeBrowser.reset();
});
afterEach(cleanup);

const intents = (over: Partial<OptionsIntents> = {}): OptionsIntents => ({
  ensureHostAccess: vi.fn(async () => true), save: vi.fn(async () => ({ ok: true as const, accountId: 'a1' })), remove: vi.fn(), test: vi.fn(),
  saveSettings: vi.fn(), vault: vi.fn(), shortcut: vi.fn(async () => ''), download: vi.fn(), importAccounts: vi.fn(), openShortcutSettings: vi.fn(), chooseLanguage: vi.fn(),
  ...over,
} as OptionsIntents);

const chooseProvider = (id: string): void => {
  fireEvent.change(screen.getByLabelText('Provider'), { target: { value: id } });
};

describe('the account form: a least-privilege key', () => {
  it.each([['alibaba', 'RAM'], ['dnspod', 'CAM'], ['huawei', 'IAM']])('%s: "Copy policy" puts the policy of exactly its declared actions on the clipboard, and says where to paste it', async (id, service) => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents()} />);
    chooseProvider(id);
    fireEvent.click(screen.getByRole('button', { name: 'Copy policy' }));
    await screen.findByText('Policy copied.');
    const provider = providers.find((p) => p.id === id)!;
    // A new account has its task sources off: its policy is the provider's own calls'.
    expect(writeText).toHaveBeenCalledWith(policyDocument(provider.accessFor?.({}) ?? provider.access!));
    expect(screen.getByText(new RegExp(`^Paste it in the ${service} console`))).toBeTruthy();
    expect(screen.getByText(new RegExp(`^Choose an? ${service} (sub-)?user with programmatic access only`))).toBeTruthy();
  });

  it('says so when the clipboard refuses, and the policy can still be selected by hand', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => { throw new Error('denied'); }) }, configurable: true });
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents()} />);
    chooseProvider('alibaba');
    fireEvent.click(screen.getByRole('button', { name: 'Copy policy' }));
    await screen.findByText(/^Could not copy/);
    expect(document.querySelector('pre.policy')?.textContent).toBe(policyDocument(alibaba.access!));
  });

  it.each([
    ['alibaba', 'https://ram.console.aliyun.com/users', 'https://ram.console.alibabacloud.com/users'],
    ['dnspod', 'https://console.cloud.tencent.com/cam', 'https://console.tencentcloud.com/cam'],
    ['huawei', 'https://console.huaweicloud.com/iam', 'https://console-intl.huaweicloud.com/iam'],
  ])('%s: "Create a key" opens the China and international sub-user pages in a new tab, without opener or referrer', (id, china, intl) => {
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents()} />);
    chooseProvider(id);
    const links = [screen.getByRole('link', { name: 'Create a key (China site)' }), screen.getByRole('link', { name: 'Create a key (international site)' })];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([china, intl]);
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank');
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
    }
  });

  it('the legacy DNSPod token: no policy to copy, and a warning that it holds every right of the account', () => {
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents()} />);
    chooseProvider('dnspod-token');
    expect(screen.getByText('This token has full rights over your DNSPod account; prefer a Tencent Cloud API key of a sub-user limited to the policy above.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy policy' })).toBeNull();
  });

  it('speaks Chinese when the page does', () => {
    setLang('zh');
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents()} />);
    fireEvent.change(screen.getByLabelText('云服务商'), { target: { value: 'alibaba' } });
    expect(screen.getByRole('button', { name: '复制策略' })).toBeTruthy();
    expect(screen.getByRole('link', { name: '创建密钥（国际站）' })).toBeTruthy();
  });
});

const view = (over: Partial<AccountView>): AccountView => ({ id: 'a1', provider: 'alibaba', name: 'Prod', settings: {}, storedSecrets: ['accessKeyId', 'secretAccessKey'], ...over });

describe('the account card: which key it is', () => {
  it('shows the access key ID as the consoles do, its first and last four characters; the secret stays masked', () => {
    render(<AccountCard account={view({ keyIdHint: 'LTAI…ab12' })} providers={providers} intents={intents()} onEdit={() => undefined} />);
    const line = screen.getByText(/Access key ID: LTAI…ab12/);
    expect(line.textContent).toContain('Secret access key: •••••••• (stored)');
  });

  it('warns on a legacy DNSPod token account', () => {
    render(<AccountCard account={view({ provider: 'dnspod-token', storedSecrets: ['tokenId', 'token'], keyIdHint: '13490' })} providers={providers} intents={intents()} onEdit={() => undefined} />);
    expect(screen.getByText(/^This token has full rights over your DNSPod account/)).toBeTruthy();
    expect(screen.getByText(/Token ID: 13490/)).toBeTruthy();
  });
});

describe('the background: only the shortened key ID leaves the vault', () => {
  const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
  const optionsPage = { id: 'ext-id', url: 'chrome-extension://ext-id/options.html' };

  it('a saved account is shown with its key ID shortened, and the state never carries the whole ID or the secret', async () => {
    const env = engineDeps([alibaba]);
    const keyId = 'LTAI5tQw3rTy7uIoPasdab12';
    const secret = 'CanarySecretCanarySecret00';
    const saved = await routeMessage(env.deps, { type: 'saveAccount', provider: 'alibaba', name: 'Prod', settings: {}, secrets: { accessKeyId: keyId, secretAccessKey: secret } }, optionsPage, SELF);
    expect(saved).toMatchObject({ ok: true });
    const state = (await routeMessage(env.deps, { type: 'getState' }, optionsPage, SELF)) as unknown as StateView;
    expect(state.accounts[0]?.keyIdHint).toBe('LTAI…ab12');
    const sent = JSON.stringify(state);
    expect(sent).not.toContain(keyId);
    expect(sent).not.toContain(secret);
    // Editing without new keys keeps the shown ID.
    await routeMessage(env.deps, { type: 'saveAccount', accountId: state.accounts[0]!.id, provider: 'alibaba', name: 'Prod 2', settings: {}, secrets: {} }, optionsPage, SELF);
    const again = (await routeMessage(env.deps, { type: 'getState' }, optionsPage, SELF)) as unknown as StateView;
    expect(again.accounts[0]?.keyIdHint).toBe('LTAI…ab12');
  });
});
