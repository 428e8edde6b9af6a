// @vitest-environment happy-dom
/**
 * Temporary keys in the options page: pasting what a CLI printed fills the form (and is not
 * kept in the page), another cloud's keys fill nothing, and the card says which kind of key
 * the account holds.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { AccountForm } from '../../../components/options/AccountForm';
import { AccountCard } from '../../../components/options/AccountCard';
import type { OptionsIntents } from '../../../components/options/intents';
import { setLang } from '../../../components/common/i18n';
import { providers } from '../../../lib/providers/index';
import type { AccountView } from '../../../lib/messaging/messages';

beforeEach(() => setLang('en'));
afterEach(cleanup);

const intents = (over: Partial<OptionsIntents> = {}): OptionsIntents => ({
  ensureHostAccess: vi.fn(async () => true), save: vi.fn(async () => ({ ok: true as const, accountId: 'a1' })), remove: vi.fn(), test: vi.fn(),
  saveSettings: vi.fn(), vault: vi.fn(), shortcut: vi.fn(async () => ''), download: vi.fn(), importAccounts: vi.fn(), openShortcutSettings: vi.fn(), chooseLanguage: vi.fn(),
  ...over,
} as OptionsIntents);

const input = (label: string | RegExp): HTMLInputElement => screen.getByLabelText(label) as HTMLInputElement;

const ALIYUN = JSON.stringify({
  RequestId: '6894B13B',
  Credentials: { SecurityToken: 'CAIS8gF1q6Ft5B2yfSjIr5temporary', Expiration: '2026-12-07T14:05:00Z', AccessKeySecret: 'wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK', AccessKeyId: 'STS.L4aBSCSJVMuKg5U1abcd' },
}, null, 2);

describe('pasting temporary keys (JSON)', () => {
  it('fills the key fields, the token and the expiry from `aliyun sts AssumeRole`, clears the paste, and saves them', async () => {
    const save = vi.fn(async () => ({ ok: true as const, accountId: 'a1' }));
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents({ save })} />);
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'alibaba' } });
    const paste = screen.getByRole('textbox', { name: 'Paste temporary keys (JSON)' }) as HTMLTextAreaElement;
    fireEvent.input(paste, { target: { value: `$ aliyun sts AssumeRole --RoleArn acs:ram::1:role/r --RoleSessionName s\n${ALIYUN}\n` } });
    await screen.findByText('The key fields, the security token and its expiry were filled from the pasted JSON.');
    expect(input('Access key ID').value).toBe('STS.L4aBSCSJVMuKg5U1abcd');
    expect(input('Secret access key').value).toBe('wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK');
    expect(input('Security token (temporary keys only)').value).toBe('CAIS8gF1q6Ft5B2yfSjIr5temporary');
    expect(input('Expires at (temporary keys only)').value).toBe('2026-12-07T14:05:00Z');
    expect(paste.value).toBe('');
    // The browser's own input event for the emptied box (Chromium sends one) leaves the note in place.
    fireEvent.input(paste, { target: { value: '' } });
    expect(screen.getByText('The key fields, the security token and its expiry were filled from the pasted JSON.')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('Account name'), { target: { value: 'Prod' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save account' }));
    await vi.waitFor(() => expect(save).toHaveBeenCalled());
    expect(save).toHaveBeenCalledWith(expect.objectContaining({
      secrets: { accessKeyId: 'STS.L4aBSCSJVMuKg5U1abcd', secretAccessKey: 'wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pK', securityToken: 'CAIS8gF1q6Ft5B2yfSjIr5temporary' },
      settings: expect.objectContaining({ tokenExpiresAt: '2026-12-07T14:05:00Z' }),
    }));
  });

  it('fills nothing with another cloud\'s keys, and says whose they are', async () => {
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents()} />);
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'huawei' } });
    fireEvent.input(screen.getByRole('textbox', { name: 'Paste temporary keys (JSON)' }), { target: { value: ALIYUN } });
    await screen.findByText('These are keys of Alibaba Cloud: choose that provider first.');
    expect(input('Access key ID').value).toBe('');
    expect(input('Security token (temporary keys only)').value).toBe('');
  });

  it('is offered for the API providers only, not for DNSPod\'s legacy token', () => {
    render(<AccountForm providers={providers} editing={signal(null)} intents={intents()} />);
    for (const id of ['alibaba', 'huawei', 'dnspod']) {
      fireEvent.change(screen.getByLabelText('Provider'), { target: { value: id } });
      expect(screen.queryByRole('textbox', { name: 'Paste temporary keys (JSON)' })).not.toBeNull();
    }
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'dnspod-token' } });
    expect(screen.queryByRole('textbox', { name: 'Paste temporary keys (JSON)' })).toBeNull();
    expect(screen.queryByLabelText('Security token (temporary keys only)')).toBeNull();
  });
});

describe('the card says the key type', () => {
  const account = (over: Partial<AccountView>): AccountView => ({ id: 'a1', provider: 'alibaba', name: 'Prod', settings: { endpoint: 'alidns.aliyuncs.com' }, storedSecrets: ['accessKeyId', 'secretAccessKey'], notify: 'failures', ...over });
  const hhmm = (ms: number): string => `${String(new Date(ms).getHours()).padStart(2, '0')}:${String(new Date(ms).getMinutes()).padStart(2, '0')}`;

  it('long-lived, temporary, and temporary until the expiry', () => {
    const { rerender } = render(<AccountCard account={account({})} providers={providers} intents={intents()} onEdit={() => undefined} />);
    expect(screen.getByText('Key type: long-lived')).toBeTruthy();
    rerender(<AccountCard account={account({ temporaryKeys: true })} providers={providers} intents={intents()} onEdit={() => undefined} />);
    expect(screen.getByText('Key type: temporary')).toBeTruthy();
    rerender(<AccountCard account={account({ temporaryKeys: true, settings: { endpoint: 'alidns.aliyuncs.com', tokenExpiresAt: '2026-12-07T14:05:00Z' } })} providers={providers} intents={intents()} onEdit={() => undefined} />);
    expect(screen.getByText(`Key type: temporary until ${hhmm(Date.UTC(2026, 11, 7, 14, 5))}`)).toBeTruthy();
  });
});
