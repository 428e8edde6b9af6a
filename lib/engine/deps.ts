/**
 * What the engine is given: the background injects fetch, the vault, notifications and the
 * badge, tests inject fakes. Its own file because every engine module reads these types and
 * cycle.ts imports those modules (they imported the types back from it: a circle).
 */
import type { Lang, Provider } from '../providers/types';
import type { SecretStore } from '../vault/types';

export interface ProviderRegistry {
  all: readonly Provider[];
  get(id: string): Provider | undefined;
}

export interface Notice {
  id: string;
  title: string;
  message: string;
}

export interface EngineDeps {
  providers: ProviderRegistry;
  secrets: SecretStore;
  fetch: typeof fetch;
  now(): number;
  random(): number;
  lang(): Lang;
  notify(notice: Notice): Promise<void>;
  setBadge(text: string, color: string): Promise<void>;
  /** The toolbar button's tooltip (badge.ts says what it lists). */
  setTitle?(title: string): Promise<void>;
  /** Identifies this worker instance for the lease. */
  ownerId: string;
  /** Called when the vault is locked (polling cannot continue). */
  onLocked?(): void;
}

export interface CycleOptions {
  force?: boolean;
}
