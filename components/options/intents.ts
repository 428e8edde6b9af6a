/** What the options page is given (providers' forms, the state) and what it asks the background for (intents). */
import type { AccountColor, CapabilityView, NotifyPolicy, PortableAccount, Reply, Settings, StateView } from '../../lib/messaging/messages';
import type { LanguageChoice } from '../../lib/settings/language';
import type { FieldSpec, Text } from '../../lib/providers/types';
import type { AccessSpec } from '../../lib/providers/access';

export interface ProviderForm {
  id: string;
  name: Text;
  fields: readonly FieldSpec[];
  apiHostPatterns: readonly string[];
  /** The hosts an account with these settings calls, when they depend on its settings. */
  hostPatternsFor?(settings: Readonly<Record<string, string>>): readonly string[];
  /** The calls its keys must be allowed to make (policy, key pages, which field is the key ID). */
  access?: AccessSpec;
  /** The same for an account with these settings, when they depend on its settings. */
  accessFor?(settings: Readonly<Record<string, string>>): AccessSpec;
}

/** The hosts an account of this provider with these settings needs permission for. */
export const hostPatternsOf = (provider: Pick<ProviderForm, 'apiHostPatterns' | 'hostPatternsFor'>, settings: Readonly<Record<string, string>>): readonly string[] =>
  provider.hostPatternsFor?.(settings) ?? provider.apiHostPatterns;

export interface SaveAccountInput {
  accountId?: string;
  provider: string;
  name: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
  notify: NotifyPolicy;
  /** '' for no colour. */
  color: AccountColor | '';
}

export interface OptionsIntents {
  /** Must be called synchronously from the click (a user gesture) before any await. */
  ensureHostAccess(provider: ProviderForm, settings: Readonly<Record<string, string>>): Promise<boolean>;
  save(input: SaveAccountInput): Promise<Reply<{ accountId: string }>>;
  remove(accountId: string): Promise<Reply<object>>;
  test(accountId: string): Promise<Reply<{ capabilities?: CapabilityView[] }>>;
  saveSettings(settings: Partial<Settings>): Promise<Reply<object>>;
  vault(request: VaultIntent): Promise<Reply<object>>;
  /** The keys that open the popup now ('' when none is set), as the browser names them. */
  shortcut(): Promise<string>;
  /** Opens the browser's own page where extension shortcuts are changed. */
  openShortcutSettings(): void;
  /** Saves text as a file in the user's downloads. */
  download(filename: string, content: string): void;
  importAccounts(accounts: PortableAccount[]): Promise<Reply<{ imported: number; skipped: number }>>;
  /** The page speaks this language from now on (saving the setting is saveSettings' part). */
  chooseLanguage(choice: LanguageChoice): void;
}

export type VaultIntent =
  | { type: 'vaultEnable'; passphrase: string }
  | { type: 'vaultUnlock'; passphrase: string }
  | { type: 'vaultLock' }
  | { type: 'vaultChange'; current: string; next: string }
  | { type: 'vaultDisable'; passphrase: string };

export type OptionsLoad = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; state: StateView };
