/**
 * The real engine in Node for the bench's counted rows (scale.ts, cdn.ts): empty stores, a
 * clock the bench moves, and a fake cloud of its own for each account, found by the access key
 * its signatures name, so every count is one account's calls and no other's.
 */
import { freshStores } from './fake-storage';
import { createFakeCloud, type FakeCloud, type FakeProviderCloud } from '../fake-cloud/index';
import { MemorySecrets } from '../unit/support/fakes';
import type { ServiceDeps } from '../../lib/engine/service';

const { saveAccount } = await import('../../lib/engine/service');
const { providers, getProvider } = await import('../../lib/providers/index');

/** The access key a signed request names (Huawei `Access=`, Alibaba and TC3 `Credential=`). */
const accessKeyOf = (authorization: string): string => /(?:Access|Credential)=([^,/\s]+)/.exec(authorization)?.[1] ?? '';

export const pad = (i: number, width: number) => String(i).padStart(width, '0');

/** The demo key with the account's number in its last three characters: one key per account. */
export const numberedKey = (demoKey: string, i: number) => `${demoKey.slice(0, -3)}${pad(i, 3)}`;

export interface NodeEngine {
  deps: ServiceDeps;
  now(): number;
  advance(ms: number): void;
  /** Saves an account through the engine, its calls answered by `fakes` alone. */
  addAccount(account: { provider: string; name: string; settings: Record<string, string>; secrets: Record<string, string>; accessKey: string; fakes: FakeProviderCloud[] }): Promise<void>;
  /** Signed calls the fake clouds have answered, all accounts together. */
  requests(): number;
}

/**
 * `around` sees each call by its access key and makes it (`call`): where the scale bench
 * counts the calls in flight and holds each answer back.
 */
export function nodeEngine(ownerId: string, around: (accessKey: string, call: () => Promise<Response>) => Promise<Response> = (_, call) => call()): NodeEngine {
  freshStores();
  let clock = Date.now();
  const fakeClock = { now: () => clock };
  const clouds = new Map<string, FakeCloud>();
  let accounts = 0;
  const deps: ServiceDeps = {
    providers: { all: providers, get: getProvider },
    secrets: new MemorySecrets(),
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const key = accessKeyOf(request.headers.get('authorization') ?? '');
      const cloud = clouds.get(key);
      if (!cloud) throw new TypeError(`no fake account for key ${key}`);
      return around(key, () => cloud.fetch(request));
    },
    now: () => clock,
    random: () => 0.5,
    lang: () => 'en',
    notify: async () => undefined,
    setBadge: async () => undefined,
    ownerId,
    pollSoon: () => undefined,
    newId: () => `account-${pad(++accounts, 3)}`,
  };
  return {
    deps,
    now: () => clock,
    advance: (ms) => void (clock += ms),
    async addAccount({ provider, name, settings, secrets, accessKey, fakes }) {
      clouds.set(accessKey, createFakeCloud(fakes, fakeClock));
      const reply = await saveAccount(deps, { type: 'saveAccount', provider, name, settings, secrets });
      if (!reply.ok) throw new Error(`${provider} account not saved: ${reply.error} ${JSON.stringify(reply.fieldErrors ?? {})}`);
    },
    requests: () => [...clouds.values()].reduce((n, c) => n + c.records.length, 0),
  };
}
