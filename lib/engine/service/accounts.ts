/**
 * Accounts: saving one (keys are write-only), removing one with all it left behind, importing
 * an accounts file (never keys), and the user's Test connection (which lifts a stop).
 */
import type { CapabilityView, PortableAccount, PageRequest, Reply } from '../../messaging/messages';
import { bounded, ProviderError, type Account, type CapabilityReport } from '../../providers/types';
import { settingProblem } from '../../providers/field-check';
import { capabilityViews } from './views';
import { shortKeyId } from '../../providers/access';
import { accountPrefsItem, accountsItem, emptyRuntime, readAccountPrefs, readTaskIndex, removeFailedItems, removeTasks, runtimeItem } from '../../store/index';
import { describeProblem, updateBadge } from '../cycle';
import { type ServiceDeps, fail, pick, accountOfKey, requestDiscovery } from './common';
import { readableSecrets, credentialsFor } from './calls';
import { say } from '../../i18n/words';
import type { Message } from '../../i18n/catalogue';
import { withoutStaleToken } from './temporary-keys';
import { SECURITY_TOKEN_FIELD } from '../../providers/temporary-keys';

type SaveAccount = Extract<PageRequest, { type: 'saveAccount' }>;

/** The longest account name, in characters. */
const MAX_NAME = 60;

export async function saveAccount(deps: ServiceDeps, req: SaveAccount): Promise<Reply<{ accountId: string }>> {
  const provider = deps.providers.get(req.provider);
  const lang = deps.lang();
  const word = (message: Message): string => say(message, lang);
  if (!provider) return fail(word({ id: 'accountUnknownProvider' }), { fieldErrors: { provider: word({ id: 'accountChooseProvider' }) } });
  const accounts = await accountsItem.getValue();
  const existing = req.accountId ? accounts.find((a) => a.id === req.accountId) : undefined;
  if (req.accountId && !existing) return fail(word({ id: 'accountGone' }));
  // Stored keys belong to one provider: sending them to another one's API would leak them.
  if (existing && existing.provider !== provider.id) {
    return fail(word({ id: 'accountProviderFixed' }), { fieldErrors: { provider: word({ id: 'accountProviderFixedField' }) } });
  }
  const allPrefs = await readAccountPrefs();
  const prefs = existing ? (allPrefs[existing.id] ?? {}) : {};
  const fieldErrors: Record<string, string> = {};
  const name = req.name.trim();
  if (!name) fieldErrors.name = word({ id: 'accountNameMissing' });
  else if (name.length > MAX_NAME) fieldErrors.name = word({ id: 'accountNameTooLong', max: MAX_NAME });
  const settings: Record<string, string> = {};
  // A form or accounts file from before a provider split a setting is read in today's keys.
  const reqSettings = provider.migrateSettings?.(req.settings) ?? req.settings;
  const secrets: Record<string, string> = {};
  for (const field of provider.fields) {
    const raw = (field.secret ? req.secrets[field.key] : reqSettings[field.key]) ?? '';
    const value = raw.trim();
    if (!value) {
      // Write-only: empty keeps the stored secret (an imported account has none to keep).
      if (field.secret && existing && !prefs.awaitingSecrets) continue;
      if (field.required && !field.defaultValue) {
        fieldErrors[field.key] = word({ id: 'fieldMissing', field: pick(field.label, lang) });
        continue;
      }
      if (field.defaultValue && !field.secret) settings[field.key] = field.defaultValue;
      continue;
    }
    const problem = field.secret ? field.validate?.(value) : settingProblem(field, value);
    if (problem) {
      fieldErrors[field.key] = pick(problem, lang);
      continue;
    }
    if (field.secret) secrets[field.key] = value;
    else settings[field.key] = value;
  }
  if (Object.keys(fieldErrors).length) return fail(word({ id: 'fixFields' }), { fieldErrors });

  const accountId = existing?.id ?? deps.newId();
  const keysChanged = Object.keys(secrets).length > 0;
  let temporary = prefs.temporaryKeys === true;
  if (keysChanged) {
    const stored = existing ? ((await readableSecrets(deps, accountId)) ?? {}) : {};
    const next = withoutStaleToken(provider, { ...stored, ...secrets }, secrets);
    await deps.secrets.set(accountId, next);
    temporary = Boolean(next[SECURITY_TOKEN_FIELD]);
  }
  const account: Account = { id: accountId, provider: provider.id, name, settings };
  await accountsItem.setValue(existing ? accounts.map((a) => (a.id === accountId ? account : a)) : [...accounts, account]);
  const { awaitingSecrets: _entered, color: oldColor, temporaryKeys: _temporary, ...keptPrefs } = prefs;
  const color = req.color === undefined ? oldColor : req.color || undefined;
  // Only the shortened key ID leaves the vault: the options card shows it as the consoles do.
  const keyId = provider.access ? secrets[provider.access.keyIdField] : undefined;
  const nextPrefs = { ...keptPrefs, ...(req.notify ? { notify: req.notify } : {}), ...(color ? { color } : {}), ...(keyId ? { keyIdHint: shortKeyId(keyId) } : {}), ...(temporary ? { temporaryKeys: true } : {}) };
  await accountPrefsItem.setValue({ ...allPrefs, [accountId]: nextPrefs });
  const runtime = await runtimeItem.getValue();
  const rt = runtime[accountId] ?? emptyRuntime();
  const settingsChanged = !existing || JSON.stringify(sortedEntries(existing.settings)) !== JSON.stringify(sortedEntries(settings));
  // New keys (or a new region or endpoint) are the user's answer to a stop: poll again. A
  // renamed account with the same keys stays stopped: providers lock keys that keep failing.
  if (keysChanged || settingsChanged || !rt.problem?.stopped) {
    const { problem: _problem, backoffUntil: _backoff, ...rest } = rt;
    await runtimeItem.setValue({ ...runtime, [accountId]: { ...rest, failures: 0 } });
  }
  await updateBadge(deps);
  // Discover this account now; the others keep their cadence (no calls spent on them).
  await requestDiscovery(deps, [accountId]);
  deps.pollSoon();
  return { ok: true, accountId };
}

const sortedEntries = (record: Record<string, string>): [string, string][] => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));

export async function removeAccount(deps: ServiceDeps, accountId: string): Promise<Reply<object>> {
  const accounts = await accountsItem.getValue();
  if (!accounts.some((a) => a.id === accountId)) return { ok: true };
  await accountsItem.setValue(accounts.filter((a) => a.id !== accountId));
  const removed = [...(await readTaskIndex()).keys()].filter((k) => accountOfKey(k) === accountId);
  await removeTasks(removed);
  await removeFailedItems(removed);
  const runtime = await runtimeItem.getValue();
  const { [accountId]: _gone, ...restRuntime } = runtime;
  await runtimeItem.setValue(restRuntime);
  const prefs = await readAccountPrefs();
  if (accountId in prefs) {
    const { [accountId]: _gonePrefs, ...restPrefs } = prefs;
    await accountPrefsItem.setValue(restPrefs);
  }
  await deps.secrets.delete(accountId);
  await updateBadge(deps);
  return { ok: true };
}

export async function testConnection(deps: ServiceDeps, accountId: string): Promise<Reply<{ capabilities?: CapabilityView[] }>> {
  const lang = deps.lang();
  const c = await credentialsFor(deps, accountId);
  if (!c && (await readAccountPrefs())[accountId]?.awaitingSecrets) return fail(say({ id: 'accountKeysFirst' }, lang));
  if (!c) return fail(say({ id: 'accountGone' }, lang));
  let reports: CapabilityReport[] = [];
  try {
    reports = (await c.provider.testConnection(c.cred, c.ctx())) ?? [];
  } catch (err) {
    return fail(pick(describeProblem(c.provider, err), lang), err instanceof ProviderError ? { errorClass: err.cls } : {});
  }
  // The user asked and the keys work: the account may be polled again (a stop or a backoff is lifted).
  const runtime = await runtimeItem.getValue();
  const rt = runtime[accountId];
  if (rt && (rt.problem || rt.backoffUntil !== undefined)) {
    const { problem: _problem, backoffUntil: _backoff, ...rest } = rt;
    await runtimeItem.setValue({ ...runtime, [accountId]: { ...rest, failures: 0 } });
    await updateBadge(deps);
    deps.pollSoon();
  }
  return reports.length ? { ok: true, capabilities: capabilityViews(reports, lang) } : { ok: true };
}

/**
 * Adds the accounts of an accounts file. Keys never come from a file: each account waits
 * for its keys (entered in its form) before anything is polled. An entry that is not valid
 * refuses the whole file, saying which; one already here (same provider and name) is left
 * as it is.
 */
export async function importAccounts(deps: ServiceDeps, entries: readonly PortableAccount[]): Promise<Reply<{ imported: number; skipped: number }>> {
  const lang = deps.lang();
  const refuse = (message: Message): Reply<never> => fail(say(message, lang));
  const [accounts, prefs] = await Promise.all([accountsItem.getValue(), readAccountPrefs()]);
  const sameAs = (provider: string, name: string): string => `${provider}\n${name.toLowerCase()}`;
  const taken = new Set(accounts.map((a) => sameAs(a.provider, a.name.trim())));
  const added: Account[] = [];
  const nextPrefs = { ...prefs };
  let skipped = 0;
  for (const [i, entry] of entries.entries()) {
    const index = i + 1;
    const provider = deps.providers.get(entry.provider);
    if (!provider) return refuse({ id: 'importEntryUnknownProvider', index, provider: entry.provider });
    const name = entry.name.trim();
    if (!name || name.length > MAX_NAME) return refuse({ id: 'importEntryBadName', index, max: MAX_NAME });
    const settings: Record<string, string> = {};
    // A file from an older version names the settings as that version did (a Huawei "region").
    const given = provider.migrateSettings?.(entry.settings) ?? entry.settings;
    for (const field of provider.fields) {
      if (field.secret) continue; // never from a file, whatever it holds
      const value = (given[field.key] ?? '').trim();
      if (!value) {
        if (field.defaultValue) settings[field.key] = field.defaultValue;
        else if (field.required) return refuse({ id: 'importEntryMissing', index, name, field: pick(field.label, lang) });
        continue;
      }
      const problem = settingProblem(field, value);
      if (problem) {
        return refuse({ id: 'importEntryInvalid', index, name, field: pick(field.label, lang), value: bounded(value, 60), problem: pick(problem, lang) });
      }
      settings[field.key] = value;
    }
    if (taken.has(sameAs(provider.id, name))) {
      skipped++;
      continue;
    }
    taken.add(sameAs(provider.id, name));
    const id = deps.newId();
    added.push({ id, provider: provider.id, name, settings });
    nextPrefs[id] = { awaitingSecrets: true, ...(entry.notify ? { notify: entry.notify } : {}), ...(entry.color ? { color: entry.color } : {}) };
  }
  if (added.length) {
    // Preferences first: a worker killed in between leaves an unused entry, never an
    // account that looks as if its keys were stored.
    await accountPrefsItem.setValue(nextPrefs);
    await accountsItem.setValue([...(await accountsItem.getValue()), ...added]);
    await updateBadge(deps);
  }
  return { ok: true, imported: added.length, skipped };
}
