/**
 * A provider whose remote tasks follow a timeline of the fake clock, counting every API call
 * it would make. `listable: false` behaves like DNSPod: discovery lists nothing and costs
 * nothing; tasks are tracked by id and refreshed one by one.
 */
import { ProviderError, taskKey, type Credentials, type FailedItem, type Provider, type ProviderContext, type Task, type TaskStatus } from '../../../lib/providers/types';

export interface ScriptedTask {
  id: string;
  /** Running until this clock value, then `final`. */
  finishAt: number;
  final: TaskStatus;
  failed?: number;
  createdAt: number;
}

export interface ScriptedProvider {
  provider: Provider;
  /** API calls only (a listing that is not an API call is not counted). */
  calls: { discover: number; refresh: number; failedItems: number; track: number };
  total(): number;
  remote: ScriptedTask[];
  /** Makes the next calls throw, one error per call. */
  failNext(...errors: Error[]): void;
  contexts: ProviderContext[];
}

export const PAGE_SIZE = 2;

export function scriptedProvider(id: string, opts: { listable: boolean; remote?: ScriptedTask[]; canary?: string }): ScriptedProvider {
  const calls = { discover: 0, refresh: 0, failedItems: 0, track: 0 };
  const remote = opts.remote ?? [];
  const errors: Error[] = [];
  const contexts: ProviderContext[] = [];
  const call = (ctx: ProviderContext): void => {
    contexts.push(ctx);
    const err = errors.shift();
    if (err) throw err;
  };
  const status = (r: ScriptedTask, now: number): TaskStatus => (now < r.finishAt ? 'running' : r.final);
  const toTask = (cred: Credentials, r: ScriptedTask, now: number): Task => {
    const s = status(r, now);
    return {
      key: taskKey(cred.account.id, 'job', r.id),
      provider: id,
      accountId: cred.account.id,
      kind: 'job',
      providerTaskId: r.id,
      label: `Job ${r.id}`,
      status: s,
      createdAt: r.createdAt,
      ...(s === 'running' ? {} : { failed: r.failed ?? 0 }),
    };
  };
  const find = (taskId: string): ScriptedTask => {
    const r = remote.find((x) => x.id === taskId);
    if (!r) throw new ProviderError('not-found', 'no such job');
    return r;
  };
  const provider: Provider = {
    id,
    name: { en: `Cloud ${id}`, zh: `云 ${id}` },
    fields: [
      { key: 'secretKey', label: { en: 'Secret key', zh: '密钥' }, secret: true, required: true, validate: (v) => (v.length >= 8 ? undefined : { en: 'At least 8 characters.', zh: '至少 8 个字符。' }) },
      { key: 'region', label: { en: 'Region', zh: '区域' }, secret: false, required: true },
    ],
    apiHostPatterns: [`https://${id}.example/*`],
    async discover(cred, ctx) {
      if (!opts.listable) return [];
      calls.discover++;
      call(ctx);
      return remote.map((r) => toTask(cred, r, ctx.now()));
    },
    async refresh(cred, task, ctx) {
      calls.refresh++;
      call(ctx);
      return toTask(cred, find(task.providerTaskId), ctx.now());
    },
    async failedItems(_cred, task, page, ctx) {
      calls.failedItems++;
      call(ctx);
      const r = find(task.providerTaskId);
      const all: FailedItem[] = Array.from({ length: r.failed ?? 0 }, (_, i) => ({ item: `www${i}.example.com A`, code: 'E1', message: `conflict ${i}` }));
      const items = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      return { items, total: all.length, ...(page * PAGE_SIZE < all.length ? { nextPage: page + 1 } : {}) };
    },
    ...(opts.listable
      ? {}
      : {
          track: {
            idLabel: { en: 'Job ID', zh: '任务 ID' },
            validateId: (x: string) => (/^\d{3,}$/.test(x) ? undefined : { en: 'A job ID is a number.', zh: '任务 ID 是数字。' }),
            async track(cred: Credentials, x: string, ctx: ProviderContext) {
              calls.track++;
              call(ctx);
              return toTask(cred, find(x), ctx.now());
            },
          },
        }),
    async testConnection(_cred, ctx) {
      call(ctx);
    },
    consoleUrl: (task) => `https://console.${id}.example/jobs/${encodeURIComponent(task.providerTaskId)}`,
    // Deliberately quotes nothing of the request: a describeError never sees secrets.
    describeError: (err) => ({ zh: `${id} 出错：${err.cls}`, en: `${id} failed (${err.cls}): check the key` }),
  };
  return {
    provider,
    calls,
    total: () => calls.discover + calls.refresh + calls.failedItems + calls.track,
    remote,
    failNext: (...e) => void errors.push(...e),
    contexts,
  };
}
