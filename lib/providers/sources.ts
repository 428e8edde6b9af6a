/**
 * The task sources' registry and the fold that makes each one part of the providers whose
 * keys it uses. After the fold a provider is still one Provider per account: the engine,
 * the store and the UI see its fields, calls and tasks, never a source. A source is off until
 * its account turns it on (a select on the account form), and only then does it cost a call,
 * ask for a host or appear in the account's policy.
 */
import type { AccessSpec } from './access';
import { alibabaCdn } from './alibaba-cdn/index';
import type { TaskSource } from './source';
import { tencentCdn } from './tencent-cdn/index';
import { huaweiCdn } from './huawei-cdn/index';
import { ProviderError, type CapabilityReport, type Credentials, type FieldSpec, type Provider, type ProviderContext, type Task, type Text } from './types';

/** Every task source, in the order their opt-ins appear on a provider's form. */
export const sources: readonly TaskSource[] = [alibabaCdn, tencentCdn, huaweiCdn];

export const SOURCE_ON = 'on';
export const SOURCE_OFF = 'off';

/** The account setting that turns a source on. */
export const sourceSettingKey = (source: Pick<TaskSource, 'id'>): string => `watch-${source.id}`;

export const sourceEnabled = (source: Pick<TaskSource, 'id'>, settings: Readonly<Record<string, string>>): boolean => settings[sourceSettingKey(source)] === SOURCE_ON;

function optInField(source: TaskSource): FieldSpec {
  return {
    key: sourceSettingKey(source),
    // A label in both languages (no catalogue id) is shown as it is.
    label: 'id' in source.label ? { id: 'sourceWatch', what: source.label } : source.label,
    secret: false,
    required: false,
    defaultValue: SOURCE_OFF,
    options: [
      { value: SOURCE_OFF, label: { id: 'sourceOff' } },
      { value: SOURCE_ON, label: { id: 'sourceOn' } },
    ],
  };
}

function withCalls(access: AccessSpec, extra: readonly TaskSource[]): AccessSpec {
  return { ...access, calls: [...access.calls, ...extra.flatMap((s) => s.calls)] };
}

/**
 * How a source's failure is told: as its own capability, never as the account's problem. A
 * refusal (keys, permission, a wrong request) is "not watched" with the provider's sentence;
 * anything that passes (throttling, the network, a server's bad day) is "retrying", and the
 * tasks already known stay.
 */
export function sourceFailure(source: TaskSource, base: Provider, err: unknown): CapabilityReport {
  const error = err instanceof ProviderError ? err : new ProviderError('malformed', 'unexpected failure');
  const reason: Text = error.sentence ?? source.describeError?.(error) ?? base.describeError(error);
  const refused = ['auth', 'permission', 'invalid-input', 'not-found', 'clock-skew'].includes(error.cls);
  return { id: source.id, label: source.label, state: refused ? 'not-watched' : 'retrying', reason };
}

/**
 * The first task's owner asks for it with as many of the others it owns as one call takes;
 * an owner that asks one task a call answers for the first alone.
 */
async function refreshTogether(base: Provider, owner: (task: Pick<Task, 'kind'>) => TaskSource | undefined, cred: Credentials, tasks: readonly Task[], ctx: ProviderContext): Promise<ReadonlyMap<string, Task | ProviderError>> {
  const [first] = tasks;
  if (!first) return new Map();
  const source = owner(first);
  const same = tasks.filter((t) => owner(t) === source);
  if (source?.refreshTasks) return source.refreshTasks(cred, same, ctx);
  if (!source && base.refreshTasks) return base.refreshTasks(cred, same, ctx);
  return new Map([[first.key, await (source ?? base).refresh(cred, first, ctx)]]);
}

/** A provider with these sources folded in (those that serve it); the provider itself when none does. */
export function withSources(base: Provider, all: readonly TaskSource[]): Provider {
  const mine = all.filter((s) => s.providers.includes(base.id));
  if (!mine.length) return base;
  const enabled = (settings: Readonly<Record<string, string>>): TaskSource[] => mine.filter((s) => sourceEnabled(s, settings));
  const owner = (task: Pick<Task, 'kind'>): TaskSource | undefined => mine.find((s) => s.kinds.includes(task.kind));
  const ownerOfError = (err: ProviderError): TaskSource | undefined => mine.find((s) => s.describeError?.(err) !== undefined);
  return {
    ...base,
    fields: [...base.fields, ...mine.map(optInField)],
    // Everything the manifest may ever ask for (optional host permissions, connect-src).
    apiHostPatterns: [...new Set([...base.apiHostPatterns, ...mine.flatMap((s) => s.apiHostPatterns)])],
    hostPatternsFor: (settings) => [...new Set([...(base.hostPatternsFor?.(settings) ?? base.apiHostPatterns), ...enabled(settings).flatMap((s) => s.apiHostPatterns)])],
    // Every call the folded provider can make: what the fake cloud may see from it.
    ...(base.access ? { access: withCalls(base.access, mine), accessFor: (settings: Readonly<Record<string, string>>) => withCalls(base.accessFor?.(settings) ?? base.access!, enabled(settings)) } : {}),
    async discover(cred, ctx) {
      const tasks = await base.discover(cred, ctx);
      for (const source of enabled(cred.account.settings)) {
        try {
          tasks.push(...(await source.discover(cred, ctx)));
          ctx.capability?.({ id: source.id, label: source.label, state: 'watched' });
        } catch (err) {
          ctx.capability?.(sourceFailure(source, base, err));
        }
      }
      return tasks;
    },
    refresh: (cred, task, ctx) => (owner(task) ?? base).refresh(cred, task, ctx),
    ...(base.refreshTasks || mine.some((s) => s.refreshTasks) ? { refreshTasks: (cred: Credentials, tasks: readonly Task[], ctx: ProviderContext) => refreshTogether(base, owner, cred, tasks, ctx) } : {}),
    ...(base.mergeViews ? { mergeViews: (stored: Task, fresh: Task) => (owner(fresh) ? fresh : base.mergeViews!(stored, fresh)) } : {}),
    failedItems: (cred, task, page, ctx) => (owner(task) ?? base).failedItems(cred, task, page, ctx),
    async testConnection(cred: Credentials, ctx: ProviderContext) {
      const own = await base.testConnection(cred, ctx);
      const on = enabled(cred.account.settings);
      if (!on.length) return own;
      const reports: CapabilityReport[] = [...(own ?? [])];
      for (const source of on) {
        try {
          const found = await source.testConnection(cred, ctx);
          reports.push(...(found.length ? found : [{ id: source.id, label: source.label, state: 'watched' as const }]));
        } catch (err) {
          reports.push(sourceFailure(source, base, err));
        }
      }
      return reports;
    },
    consoleUrl: (task, account) => {
      const source = owner(task);
      return source ? source.consoleUrl(task, account) : base.consoleUrl(task, account);
    },
    describeError: (err) => ownerOfError(err)?.describeError?.(err) ?? base.describeError(err),
  };
}

/** A provider whose every call is one source's: what the provider contract suite runs each source through. */
export function sourceAsProvider(source: TaskSource, provider: Provider): Provider {
  // Only the source's calls: not the provider's Track, views or DNS calls.
  const { track: _track, mergeViews: _views, hostPatternsFor: _hosts, accessFor: _access, ...base } = provider;
  const settings = (cred: Credentials): Credentials => ({ ...cred, account: { ...cred.account, settings: { ...cred.account.settings, [sourceSettingKey(source)]: SOURCE_ON } } });
  const folded = withSources({ ...base, discover: async () => [], testConnection: async () => undefined, ...(base.access ? { access: { ...base.access, calls: [] } } : {}) }, [source]);
  return {
    ...folded,
    discover: (cred, ctx) => folded.discover(settings(cred), ctx),
    testConnection: (cred, ctx) => folded.testConnection(settings(cred), ctx),
  };
}
