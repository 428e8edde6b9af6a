/**
 * Accounts files (issue 20): the list without a single secret, and back. Imported accounts
 * wait for their keys; a bad file changes nothing and says why.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import fc from 'fast-check';
import { accountsFileText, parseAccountsFile } from '../../../lib/files/accounts';
import { render } from '../../../lib/i18n/catalogue';
import { importAccounts, saveAccount, stateView, testConnection } from '../../../lib/engine/service';
import { runCycle } from '../../../lib/engine/cycle';
import type { AccountView } from '../../../lib/messaging/messages';
import { accountsItem } from '../../../lib/store/index';
import { engineDeps } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';

beforeEach(() => fakeBrowser.reset());

const SECRET = 'CANARY-SECRET-5f2a9c';
const fields = [
  { key: 'secretKey', secret: true },
  { key: 'region', secret: false },
];
const view = (over: Partial<AccountView> = {}): AccountView => ({ id: 'a1', provider: 'lister', name: 'production', settings: { region: 'r1' }, storedSecrets: ['secretKey'], notify: 'all', color: 'teal', ...over });

describe('an accounts file', () => {
  it('holds names, providers, settings, notification policy and colour, and never a secret, even one stored under a setting\'s name', () => {
    const text = accountsFileText([view({ settings: { region: 'r1', secretKey: SECRET } })], [{ id: 'lister', fields }]);
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toEqual({
      format: 'batchwatch-accounts',
      version: 1,
      accounts: [{ provider: 'lister', name: 'production', settings: { region: 'r1' }, notify: 'all', color: 'teal' }],
    });
  });

  it('reads back what it wrote', () => {
    const text = accountsFileText([view(), view({ id: 'a2', name: '运维', color: undefined, notify: 'none' })], [{ id: 'lister', fields }]);
    const parsed = parseAccountsFile(text);
    expect(parsed).toEqual({ ok: true, accounts: [{ provider: 'lister', name: 'production', settings: { region: 'r1' }, notify: 'all', color: 'teal' }, { provider: 'lister', name: '运维', settings: { region: 'r1' }, notify: 'none' }] });
  });

  it('says why a file is not one, in words, and never throws', () => {
    const reason = (text: string, lang: 'en' | 'zh'): string | undefined => {
      const parsed = parseAccountsFile(text);
      return parsed.ok ? undefined : render(parsed.reason, lang);
    };
    expect(reason('nope', 'en')).toBe('it is not JSON');
    expect(reason('nope', 'zh')).toBe('不是 JSON');
    expect(reason('{"format":"batchwatch-accounts","version":1,"accounts":[{"provider":"x","name":"n","color":"#fff"}]}', 'en')).toBe('accounts.0.color is not valid');
    expect(parseAccountsFile('{"format":"other","version":1,"accounts":[]}')).toMatchObject({ ok: false });
    fc.assert(fc.property(fc.string(), (text) => typeof parseAccountsFile(text).ok === 'boolean'));
    fc.assert(fc.property(fc.jsonValue(), (value) => typeof parseAccountsFile(JSON.stringify(value)).ok === 'boolean'));
  });
});

describe('importing accounts', () => {
  it('adds them without keys: nothing is polled until the keys are entered, and then it is', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const env = engineDeps([lister.provider]);
    const reply = await importAccounts(env.deps, [{ provider: 'lister', name: 'production', settings: { region: 'r1', secretKey: SECRET }, notify: 'all', color: 'teal' }]);
    expect(reply).toEqual({ ok: true, imported: 1, skipped: 0 });
    const [account] = (await stateView(env.deps)).accounts;
    expect(account).toMatchObject({ name: 'production', settings: { region: 'r1' }, notify: 'all', color: 'teal', needsSecrets: true });
    expect(JSON.stringify(await accountsItem.getValue())).not.toContain(SECRET);
    expect(await env.secrets.get(account!.id)).toBeUndefined();
    expect(await testConnection(env.deps, account!.id)).toMatchObject({ ok: false, error: "Enter this account's keys first: edit it." });
    await runCycle(env.deps);
    expect(lister.calls.discover).toBe(0);

    // Saving it without keys is refused: an imported account has none to keep.
    const noKeys = await saveAccount(env.deps, { type: 'saveAccount', accountId: account!.id, provider: 'lister', name: 'production', settings: { region: 'r1' }, secrets: {} });
    expect(noKeys).toMatchObject({ ok: false, fieldErrors: { secretKey: expect.any(String) } });
    const withKeys = await saveAccount(env.deps, { type: 'saveAccount', accountId: account!.id, provider: 'lister', name: 'production', settings: { region: 'r1' }, secrets: { secretKey: 'key-12345678' } });
    expect(withKeys.ok).toBe(true);
    expect((await stateView(env.deps)).accounts[0]).toMatchObject({ notify: 'all', color: 'teal' });
    expect((await stateView(env.deps)).accounts[0]?.needsSecrets).toBeUndefined();
    await runCycle(env.deps);
    expect(lister.calls.discover).toBe(1);
  });

  it('leaves an account that is already here as it is, and refuses a file with a bad entry as a whole', async () => {
    const lister = scriptedProvider('lister', { listable: true });
    const env = engineDeps([lister.provider]);
    await importAccounts(env.deps, [{ provider: 'lister', name: 'production', settings: { region: 'r1' } }]);
    expect(await importAccounts(env.deps, [{ provider: 'lister', name: 'Production ', settings: { region: 'r1' } }, { provider: 'lister', name: 'staging', settings: { region: 'r2' } }])).toEqual({ ok: true, imported: 1, skipped: 1 });
    const refused = await importAccounts(env.deps, [{ provider: 'lister', name: 'ops', settings: { region: 'r1' } }, { provider: 'nowhere', name: 'x', settings: {} }]);
    expect(refused).toEqual({ ok: false, error: 'Account 2: unknown provider "nowhere". Nothing was imported.' });
    expect((await accountsItem.getValue()).map((a) => a.name)).toEqual(['production', 'staging']);
  });
});
