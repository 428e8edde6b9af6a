/** The only way the engine reaches secrets. Implementations: lib/vault (AES-GCM at rest). */
export interface SecretStore {
  /**
   * Throws VaultLockedError while passphrase mode is on and the vault is locked, and
   * SecretUnreadableError when this one account's secrets cannot be decrypted.
   */
  get(accountId: string): Promise<Record<string, string> | undefined>;
  set(accountId: string, secrets: Record<string, string>): Promise<void>;
  delete(accountId: string): Promise<void>;
  isLocked(): Promise<boolean>;
  /**
   * The user is here (opened the popup, the options page or the panel): the idle lock
   * counts from now. Background work (polling) never calls it, so it never keeps a vault open.
   */
  noteUserActivity?(): Promise<void>;
}

export class VaultLockedError extends Error {
  constructor() {
    super('The key vault is locked: enter the passphrase in the options page to resume polling.');
    this.name = 'VaultLockedError';
  }
}

/**
 * One account's stored secrets failed to decrypt (tampered with, or written under a key
 * that is gone). That account's problem only: the others are polled on. The blob is set
 * aside, so saving the account with its keys again works.
 */
export class SecretUnreadableError extends Error {
  readonly accountId: string;
  constructor(accountId: string) {
    super('Its keys could not be read: enter them again.');
    this.name = 'SecretUnreadableError';
    this.accountId = accountId;
  }
}
