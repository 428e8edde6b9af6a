// @vitest-environment happy-dom
/**
 * Issue 31: the add/edit form tests the keys typed in it before Save, says what each capability
 * can do, saves with a warning, and asks first before saving keys the provider refused.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { AccountForm } from '../../../components/options/AccountForm';
import type { OptionsIntents } from '../../../components/options/intents';
import { setLang } from '../../../components/common/i18n';
import { providers } from '../../../lib/providers/index';
import type { AccountView, KeyTestLine, Reply } from '../../../lib/messaging/messages';
import { DEMO_HUAWEI_KEYS } from '../../fake-cloud/huawei';

beforeEach(() => setLang('en'));
afterEach(cleanup);

const DCS_REFUSED: KeyTestLine[] = [
  { id: 'dns', label: 'DNS tasks', result: 'works' },
  { id: 'dcs:cn-north-4', label: 'DCS tasks in cn-north-4', result: 'missing-permission', action: 'dcs:task:list', detail: 'Missing permission dcs:task:list: give this IAM user that action.' },
];
const REFUSED: Reply<{ lines: KeyTestLine[] }> = { ok: false, errorClass: 'auth', error: 'Huawei Cloud rejected the access key.' };

function setup(testReply: Reply<{ lines: KeyTestLine[] }>, account: AccountView | null = null) {
  const intents = {
    ensureHostAccess: vi.fn(async () => true),
    save: vi.fn(async () => ({ ok: true as const, accountId: 'a1' })),
    testKeys: vi.fn(async () => testReply),
  } as unknown as OptionsIntents & { save: ReturnType<typeof vi.fn>; testKeys: ReturnType<typeof vi.fn> };
  render(<AccountForm providers={providers} editing={signal(account)} intents={intents} />);
  return intents;
}

function fillHuawei(secret: string = DEMO_HUAWEI_KEYS.secretAccessKey): void {
  fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'huawei' } });
  fireEvent.input(screen.getByLabelText('Account name'), { target: { value: 'Production' } });
  fireEvent.input(screen.getByLabelText('Access key ID'), { target: { value: DEMO_HUAWEI_KEYS.accessKeyId } });
  fireEvent.input(screen.getByLabelText('Secret access key'), { target: { value: secret } });
}

const testButton = (): HTMLElement => screen.getByRole('button', { name: 'Test connection' });
const saveButton = (): HTMLElement => screen.getByRole('button', { name: 'Save account' });

describe('Test connection before saving', () => {
  it('sends the typed keys (never saving them) and shows one line per capability, naming the missing action', async () => {
    const intents = setup({ ok: true, lines: DCS_REFUSED });
    fillHuawei();
    fireEvent.click(testButton());
    await screen.findByText(/DCS tasks in cn-north-4: missing permission dcs:task:list\./);
    screen.getByText('DNS tasks: works.');
    screen.getByText('Tested with the keys in this form. Nothing is stored until you save.');
    expect(intents.ensureHostAccess).toHaveBeenCalled();
    expect(intents.testKeys).toHaveBeenCalledWith({ provider: 'huawei', settings: expect.objectContaining({ site: 'cn' }), secrets: { ...DEMO_HUAWEI_KEYS, securityToken: '' } });
    expect(intents.save).not.toHaveBeenCalled();
  });

  it('each result in words: a region not enabled, a refusal, a call that could not be made now', async () => {
    setup({ ok: true, lines: [
      { id: 'dcs:ap-southeast-1', label: 'DCS tasks in ap-southeast-1', result: 'region-not-enabled', detail: 'No project was found for ap-southeast-1.' },
      { id: 'x', label: 'Batch task counts', result: 'refused' },
      { id: 'y', label: 'Failed items of batch tasks', result: 'not-checked' },
      { id: 'z', label: 'Reading tasks (Batch.Detail)', result: 'missing-permission' },
    ] });
    fillHuawei();
    fireEvent.click(testButton());
    await screen.findByText('DCS tasks in ap-southeast-1: region not enabled. No project was found for ap-southeast-1.');
    screen.getByText('Batch task counts: refused.');
    screen.getByText('Failed items of batch tasks: could not be checked now.');
    screen.getByText('Reading tasks (Batch.Detail): missing permission.');
  });

  it('a warning does not stop Save: it saves at once', async () => {
    const intents = setup({ ok: true, lines: DCS_REFUSED });
    fillHuawei();
    fireEvent.click(testButton());
    await screen.findByText('DNS tasks: works.');
    fireEvent.click(saveButton());
    await waitFor(() => expect(intents.save).toHaveBeenCalledTimes(1));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('refused keys: the form says so, and Save asks first; Cancel saves nothing, "Save anyway" saves', async () => {
    const intents = setup(REFUSED);
    fillHuawei('WrongSecretKeyWrongSecretKey00');
    fireEvent.click(testButton());
    await screen.findByText('Keys refused: Huawei Cloud rejected the access key.');
    fireEvent.click(saveButton());
    const dialog = await screen.findByRole('dialog');
    expect(dialog.getAttribute('aria-labelledby')).toBe('confirm-title');
    screen.getByRole('heading', { name: 'Save keys that were refused?' });
    screen.getByText(/Huawei Cloud refused these keys when they were tested/);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(intents.save).not.toHaveBeenCalled();

    fireEvent.click(saveButton());
    await screen.findByRole('dialog');
    fireEvent.click(screen.getByRole('button', { name: 'Save anyway' }));
    await waitFor(() => expect(intents.save).toHaveBeenCalledTimes(1));
    expect(intents.ensureHostAccess).toHaveBeenCalledTimes(2);
  });

  it('a result speaks for the keys it tested: changing a key clears it, and Save no longer asks', async () => {
    const intents = setup(REFUSED);
    fillHuawei('WrongSecretKeyWrongSecretKey00');
    fireEvent.click(testButton());
    await screen.findByText(/Keys refused/);
    fireEvent.input(screen.getByLabelText('Secret access key'), { target: { value: DEMO_HUAWEI_KEYS.secretAccessKey } });
    expect(screen.queryByText(/Keys refused/)).toBeNull();
    fireEvent.click(saveButton());
    await waitFor(() => expect(intents.save).toHaveBeenCalledTimes(1));
  });

  it('editing: the account is named, so empty secret fields are tested with the stored keys', async () => {
    const account: AccountView = { id: 'a1', provider: 'huawei', name: 'Production', settings: { site: 'cn' }, storedSecrets: ['accessKeyId', 'secretAccessKey'] };
    const intents = setup({ ok: true, lines: DCS_REFUSED }, account);
    fireEvent.click(testButton());
    await screen.findByText('DNS tasks: works.');
    expect(intents.testKeys).toHaveBeenCalledWith(expect.objectContaining({ accountId: 'a1', provider: 'huawei', secrets: { accessKeyId: '', secretAccessKey: '', securityToken: '' } }));
  });

  it('a form that cannot be sent is marked, and nothing is tested', () => {
    const intents = setup({ ok: true, lines: [] });
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'huawei' } });
    fireEvent.click(testButton());
    screen.getByText('Please correct the marked fields.');
    expect(intents.testKeys).not.toHaveBeenCalled();
  });
});
