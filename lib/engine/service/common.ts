/**
 * What every request handler shares: the background's dependencies, the failure reply, and
 * the bookkeeping several surfaces touch (which account a task key belongs to, asking for a
 * discovery).
 */
import type { Reply } from '../../messaging/messages';
import { ProviderError, type Lang, type Text } from '../../providers/types';
import { say } from '../../i18n/words';
import { visitsItem } from '../../store/index';
import type { Vault } from '../../vault/index';
import type { EngineDeps } from '../deps';

/** Passphrase controls of the vault, when the background has one. */
export type VaultControl = Pick<Vault, 'mode' | 'enablePassphrase' | 'unlock' | 'lock' | 'changePassphrase' | 'disablePassphrase'>;

export interface ServiceDeps extends EngineDeps {
  vault?: VaultControl;
  /** Starts a cycle soon (through the alarm machinery) without waiting for it. */
  pollSoon(options?: { force?: boolean }): void;
  newId(): string;
}

export const fail = (error: string, extra: { fieldErrors?: Record<string, string>; errorClass?: ProviderError['cls'] } = {}): Reply<never> => ({ ok: false, error, ...extra });

export const pick = (text: Text, lang: Lang): string => say(text, lang);

export { accountOfKey } from '../task-page';

/** Marks accounts for discovery in the next cycle (which the caller then asks for). */
export async function requestDiscovery(deps: Pick<ServiceDeps, 'now'>, accountIds: readonly string[]): Promise<void> {
  if (!accountIds.length) return;
  const visits = await visitsItem.getValue();
  const now = deps.now();
  await visitsItem.setValue({ ...visits, ...Object.fromEntries(accountIds.map((id) => [id, now])) });
}

export const lockedReply = (deps: ServiceDeps): Reply<never> =>
  fail(say({ id: 'vaultLocked' }, deps.lang()), {});
