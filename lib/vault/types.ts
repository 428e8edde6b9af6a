/** The only way the engine reaches secrets. Implementations: lib/vault (AES-GCM at rest). */
export interface SecretStore {
  /** Throws VaultLockedError while passphrase mode is on and the vault is locked. */
  get(accountId: string): Promise<Record<string, string> | undefined>;
  set(accountId: string, secrets: Record<string, string>): Promise<void>;
  delete(accountId: string): Promise<void>;
  isLocked(): Promise<boolean>;
}

export class VaultLockedError extends Error {
  constructor() {
    super('The key vault is locked: enter the passphrase in the options page to resume polling.');
    this.name = 'VaultLockedError';
  }
}
