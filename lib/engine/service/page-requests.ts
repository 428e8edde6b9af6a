/**
 * Requests from the extension's own pages (popup, options) and their handler table. Every
 * request has already passed its zod schema and its sender check (router.ts).
 */
import { type PageReplies, type PageRequest, type Reply, type Settings, SETTING_BOUNDS } from '../../messaging/messages';
import { isLanguageChoice } from '../../settings/language';
import { say } from '../../i18n/words';
import type { Message } from '../../i18n/catalogue';
import { isTerminal } from '../../providers/types';
import { VaultLockedError } from '../../vault/types';
import { getSettings, mutedItem, readMuted, readTask, settingsItem } from '../../store/index';
import { updateBadge } from '../cycle';
import { type ServiceDeps, fail, lockedReply } from './common';
import { stateView } from './views';
import { saveAccount, removeAccount, testConnection, importAccounts } from './accounts';
import { trackTask, failedItemsView } from './calls';
import { testKeys } from './key-test';
import { seenFailures } from './seen';

type VaultRequest = Extract<PageRequest, { type: 'vaultEnable' | 'vaultUnlock' | 'vaultLock' | 'vaultChange' | 'vaultDisable' }>;

/** Passphrase operations. The passphrase is used and forgotten; it is never stored or returned. */
export async function vaultRequest(deps: ServiceDeps, req: VaultRequest): Promise<Reply<object>> {
  const word = (message: Message): string => say(message, deps.lang());
  const vault = deps.vault;
  if (!vault) return fail(word({ id: 'passphraseUnavailable' }));
  try {
    if (req.type === 'vaultEnable') await vault.enablePassphrase(req.passphrase);
    else if (req.type === 'vaultUnlock') await vault.unlock(req.passphrase);
    else if (req.type === 'vaultLock') await vault.lock();
    else if (req.type === 'vaultChange') await vault.changePassphrase(req.current, req.next);
    else await vault.disablePassphrase(req.passphrase);
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'WrongPassphraseError') return fail(word({ id: 'passphraseWrong' }), { fieldErrors: { passphrase: word({ id: 'passphraseWrongField' }) } });
    if (name === 'WeakPassphraseError') return fail(word({ id: 'passphraseWeak' }), { fieldErrors: { passphrase: word({ id: 'passphraseWeakField' }) } });
    return fail(word({ id: 'passphraseFailed' }));
  }
  // Unlocking is the user's answer to "polling has stopped": poll at once.
  if (req.type !== 'vaultLock') deps.pollSoon({ force: req.type === 'vaultUnlock' });
  await updateBadge(deps);
  return { ok: true };
}

export async function saveSettings(deps: ServiceDeps, patch: Record<string, string | number | boolean>): Promise<Reply<{ settings: Settings }>> {
  const current = await getSettings();
  const next: Settings = { ...current };
  const lang = deps.lang();
  const fieldErrors: Record<string, string> = {};
  const int = (key: keyof typeof SETTING_BOUNDS, min: number, max: number): void => {
    if (!(key in patch)) return;
    const value = Number(patch[key]);
    // The bounds as the field is typed: plain digits, not "1,440".
    if (!Number.isInteger(value) || value < min || value > max) fieldErrors[key] = say({ id: 'settingOutOfRange', min: String(min), max: String(max) }, lang);
    else next[key] = value;
  };
  for (const key of Object.keys(SETTING_BOUNDS) as (keyof typeof SETTING_BOUNDS)[]) int(key, SETTING_BOUNDS[key][0], SETTING_BOUNDS[key][1]);
  for (const key of ['notifyOnFailure', 'notifyOnSuccess'] as const) if (key in patch) next[key] = patch[key] === true;
  // Not the stored value's schema: its fallback would turn an unknown language into 'auto'.
  if (isLanguageChoice(patch.language)) next.language = patch.language;
  if (Object.keys(fieldErrors).length) return fail(say({ id: 'settingsInvalid' }, lang), { fieldErrors });
  await settingsItem.setValue(next);
  deps.pollSoon();
  return { ok: true, settings: next };
}

/** Mutes or unmutes an unfinished task. A finished task has nothing left to mute. */
export async function setMuted(deps: ServiceDeps, taskKey: string, muted: boolean): Promise<Reply<object>> {
  const lang = deps.lang();
  const task = await readTask(taskKey);
  const keys = await readMuted();
  if (muted) {
    if (!task) return fail(say({ id: 'taskNotInHistory' }, lang));
    if (isTerminal(task.status)) return fail(say({ id: 'muteFinished' }, lang));
    keys.add(taskKey);
  } else keys.delete(taskKey);
  await mutedItem.setValue([...keys]);
  await updateBadge(deps);
  return { ok: true };
}

type PageHandlers = {
  [K in PageRequest['type']]: (deps: ServiceDeps, req: Extract<PageRequest, { type: K }>) => Promise<Reply<PageReplies[K]>>;
};

/** Extension pages (popup, options). */
export const pageHandlers: PageHandlers = {
  getState: async (deps, req) => {
    const { type: _type, opened: _opened, ...page } = req;
    return { ok: true, ...(await stateView(deps, page)) };
  },
  refreshNow: async (deps) => {
    deps.pollSoon({ force: true });
    return { ok: true };
  },
  saveAccount,
  removeAccount: (deps, req) => removeAccount(deps, req.accountId),
  testConnection: (deps, req) => testConnection(deps, req.accountId),
  testKeys,
  trackTask: (deps, req) => trackTask(deps, req.accountId, req.taskId),
  getFailedItems: async (deps, req) => {
    // Opening a task's failed items in the popup is seeing them.
    await seenFailures(deps, [req.taskKey]);
    return failedItemsView(deps, req.taskKey);
  },
  dismissFailures: async (deps, req) => {
    await seenFailures(deps, req.taskKeys);
    return { ok: true };
  },
  saveSettings: (deps, req) => saveSettings(deps, req.settings),
  setMuted: (deps, req) => setMuted(deps, req.taskKey, req.muted),
  importAccounts: (deps, req) => importAccounts(deps, req.accounts),
  vaultEnable: vaultRequest,
  vaultUnlock: vaultRequest,
  vaultLock: vaultRequest,
  vaultChange: vaultRequest,
  vaultDisable: vaultRequest,
};

export async function handlePageRequest(deps: ServiceDeps, req: PageRequest): Promise<Reply<object>> {
  const handler = pageHandlers[req.type] as (deps: ServiceDeps, req: PageRequest) => Promise<Reply<object>>;
  try {
    return await handler(deps, req);
  } catch (err) {
    if (err instanceof VaultLockedError) return lockedReply(deps);
    throw err;
  }
}
