import { storedAccountValid } from '../../../lib/providers/field-check';
import { migratedAccount, ProviderError, taskKey, type Credentials, type Provider, type ProviderContext, type Task, type TaskStatus } from '../../../lib/providers/types';
import type { SecretStore } from '../../../lib/vault/types';
import type { EngineDeps, Notice } from '../../../lib/engine/deps';
import type { ServiceDeps } from '../../../lib/engine/service';
import { checkStoredAccountsWith } from '../../../lib/store/index';

export class MemorySecrets implements SecretStore {
  readonly data = new Map<string, Record<string, string>>();
  locked = false;
  /** Simulates the worker being killed: the n-th read throws out of the cycle. */
  private killOnRead?: number;
  private reads = 0;
  killOnNthRead(n: number): void {
    this.reads = 0;
    this.killOnRead = n;
  }
  async get(id: string) {
    if (this.killOnRead !== undefined && ++this.reads === this.killOnRead) throw new Error('worker killed');
    if (this.locked) {
      const { VaultLockedError } = await import('../../../lib/vault/types');
      throw new VaultLockedError();
    }
    return this.data.get(id);
  }
  async set(id: string, s: Record<string, string>) {
    this.data.set(id, { ...s });
  }
  async delete(id: string) {
    this.data.delete(id);
  }
  async isLocked() {
    return this.locked;
  }
}

export const CLOCK_START = 1_800_000_000_000;

export interface FakeRemoteTask {
  id: string;
  createdAt?: number;
  status: TaskStatus;
  failed?: number;
  total?: number;
  /** Becomes this status after N refreshes. */
  finishAfter?: number;
  finalStatus?: TaskStatus;
  failedItems?: number;
}

/** A provider with a scripted remote, counting every call it would have made. */
export function fakeProvider(id = 'fake', remote: FakeRemoteTask[] = [], opts: { listable?: boolean } = {}) {
  const calls = { discover: 0, refresh: 0, failedItems: 0 };
  const refreshes = new Map<string, number>();
  let failNext: ProviderError | Error | undefined;
  const toTask = (cred: Credentials, r: FakeRemoteTask): Task => ({
    key: taskKey(cred.account.id, 'k', r.id), provider: id, accountId: cred.account.id, kind: 'k', providerTaskId: r.id, label: `label ${r.id}`, status: r.status,
    ...(r.failed !== undefined ? { failed: r.failed } : {}), ...(r.total !== undefined ? { total: r.total } : {}), createdAt: r.createdAt ?? CLOCK_START - 60_000,
  });
  const maybeFail = (): void => {
    if (failNext) {
      const e = failNext;
      failNext = undefined;
      throw e;
    }
  };
  const provider: Provider = {
    id,
    name: { en: `Fake ${id}`, zh: `假 ${id}` },
    fields: [
      { key: 'key', label: { en: 'Key', zh: '密钥' }, secret: true, required: true },
      { key: 'region', label: { en: 'Region', zh: '区域' }, secret: false, required: false, defaultValue: 'r1' },
    ],
    apiHostPatterns: ['https://fake.example/*'],
    async discover(cred: Credentials, _ctx: ProviderContext) {
      calls.discover++;
      maybeFail();
      return opts.listable === false ? [] : remote.map((r) => toTask(cred, r));
    },
    async refresh(cred, task) {
      calls.refresh++;
      maybeFail();
      const r = remote.find((x) => x.id === task.providerTaskId);
      if (!r) throw new ProviderError('not-found', 'gone');
      const n = (refreshes.get(r.id) ?? 0) + 1;
      refreshes.set(r.id, n);
      if (r.finishAfter !== undefined && n >= r.finishAfter) r.status = r.finalStatus ?? 'succeeded';
      return toTask(cred, r);
    },
    async failedItems(_cred, task, page) {
      calls.failedItems++;
      maybeFail();
      const r = remote.find((x) => x.id === task.providerTaskId);
      const all = Array.from({ length: r?.failedItems ?? 0 }, (_, i) => ({ item: `item ${i}`, message: `reason ${i}`, code: i % 2 ? 'A' : 'B' }));
      const size = 2;
      const items = all.slice((page - 1) * size, page * size);
      return { items, total: all.length, ...(page * size < all.length ? { nextPage: page + 1 } : {}) };
    },
    track: {
      idLabel: { en: 'Job ID', zh: '任务 ID' },
      validateId: (x) => (/^\d+$/.test(x) ? undefined : { en: 'Digits only.', zh: '仅限数字。' }),
      async track(cred, x) {
        const r = remote.find((t) => t.id === x);
        if (!r) throw new ProviderError('not-found', 'no such job');
        return toTask(cred, r);
      },
    },
    async testConnection() {
      maybeFail();
    },
    consoleUrl: (task) => `https://console.fake.example/#/task/${task.providerTaskId}`,
    describeError: (err) => ({ zh: `中文：${err.cls}`, en: `Fake says ${err.cls}: do something` }),
  };
  return {
    provider,
    calls,
    remote,
    failOnce(err: ProviderError | Error) {
      failNext = err;
    },
  };
}

export function engineDeps(providers: Provider[], secrets = new MemorySecrets(), over: Partial<ServiceDeps> = {}) {
  // As the background does: stored accounts are read only as their provider could have saved them.
  checkStoredAccountsWith((account) => storedAccountValid(providers.find((p) => p.id === account.provider), account), (account) => migratedAccount(providers.find((p) => p.id === account.provider), account));
  const notices: Notice[] = [];
  const badges: { text: string; color: string }[] = [];
  let clock = CLOCK_START;
  const polls: boolean[] = [];
  const deps: ServiceDeps & EngineDeps = {
    providers: { all: providers, get: (id) => providers.find((p) => p.id === id) },
    secrets,
    fetch: async () => {
      throw new Error('no network in unit tests');
    },
    now: () => clock,
    random: () => 0.5,
    lang: () => 'en',
    async notify(n) {
      notices.push(n);
    },
    async setBadge(text, color) {
      badges.push({ text, color });
    },
    ownerId: 'worker-1',
    pollSoon: (o) => void polls.push(o?.force ?? false),
    newId: (() => {
      let n = 0;
      return () => `acc${++n}`;
    })(),
    ...over,
  };
  return {
    deps,
    notices,
    badges,
    polls,
    secrets,
    advance(ms: number) {
      clock += ms;
    },
  };
}
