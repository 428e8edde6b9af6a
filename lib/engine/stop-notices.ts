/**
 * Nothing stops in silence (issue 32): when an account stops polling (keys refused, unreadable
 * or, later, expired: any `problem.stopped` in its runtime) or a capability stops being watched
 * (a Huawei DCS region refused), one notification says what stopped and what to do. Once per
 * stop: it is remembered as told until it is over, not told again at every cycle.
 *
 * Whatever stops an account only has to store `problem: { stopped: true, message, since }`;
 * the cycle's end calls `sendStopNotices`. No browser API here.
 */
import type { Account, Lang } from '../providers/types';
import { say, wordsSchema } from '../i18n/words';
import { render } from '../i18n/catalogue';
import { accountsItem, readToldStops, runtimeItem, writeToldStops, type AccountRuntime, type ToldStops } from '../store/index';
import type { EngineDeps, Notice } from './deps';

/** Stop notices' ids start with this (clicking one opens the options page, where keys are edited). */
export const STOP_NOTICE_PREFIX = 'stop:';

export interface Stop {
  /** `account:<id>` or `capability:<account id>:<capability id>`. */
  key: string;
  /** When it stopped (an account's problem.since); 0 for a capability. */
  since: number;
  account: Account;
  /** What is no longer watched: absent for the whole account. */
  capability?: string;
  /** Why, with what to do, in words. */
  reason?: string;
}

const text = (stored: unknown, lang: Lang): string | undefined => {
  const words = wordsSchema.safeParse(stored);
  return words.success ? say(words.data, lang) || undefined : undefined;
};

/** Every stop there is now, from the stored runtime (pure). */
export function currentStops(accounts: readonly Account[], runtime: Readonly<Record<string, AccountRuntime | undefined>>, lang: Lang): Stop[] {
  return accounts.flatMap((account): Stop[] => {
    const rt = runtime[account.id];
    if (rt?.problem?.stopped) {
      // A stopped account's capabilities are not watched either: the account's stop says it all.
      const reason = text(rt.problem.message, lang);
      return [{ key: `account:${account.id}`, since: rt.problem.since, account, ...(reason ? { reason } : {}) }];
    }
    return (rt?.capabilities ?? []).flatMap((report): Stop[] => {
      if (report.state !== 'not-watched') return [];
      const capability = text(report.label, lang);
      if (typeof report.id !== 'string' || !capability) return [];
      const reason = text(report.reason, lang);
      return [{ key: `capability:${account.id}:${report.id}`, since: 0, account, capability, ...(reason ? { reason } : {}) }];
    });
  });
}

/**
 * The stops not told yet, and what is remembered as told next: the stops there are now (a
 * stop that is over is forgotten, so its next one is told). An account stopped again (a new
 * `since`) is a new stop.
 */
export function untoldStops(stops: readonly Stop[], told: Readonly<ToldStops>): { due: Stop[]; next: ToldStops } {
  return {
    due: stops.filter((stop) => told[stop.key] !== stop.since),
    next: Object.fromEntries(stops.map((stop) => [stop.key, stop.since])),
  };
}

/** The one notification for stops found together, in `lang`. */
export function stopNotice(stops: readonly Stop[], providerName: (id: string) => string, lang: Lang, id: string): Notice {
  const where = (stop: Stop): string => `${providerName(stop.account.provider)} · ${stop.account.name}`;
  const what = (stop: Stop): string =>
    stop.capability === undefined ? render({ id: 'stopNoticeAccount', account: where(stop) }, lang) : render({ id: 'stopNoticeCapability', account: where(stop), capability: stop.capability }, lang);
  const action = render({ id: 'stopNoticeAction' }, lang);
  if (stops.length === 1) {
    const stop = stops[0]!;
    return { id, title: what(stop), message: [stop.reason, action].filter(Boolean).join('\n') };
  }
  return { id, title: render({ id: 'stopNoticeMany', n: stops.length }, lang), message: [...stops.map(what), action].join('\n') };
}

/**
 * Tells the stops not told yet, in one notification. They are remembered as told before it is
 * shown: a worker killed in between may lose a notice but never repeats one.
 */
export async function sendStopNotices(deps: Pick<EngineDeps, 'notify' | 'lang' | 'now' | 'providers'>): Promise<Stop[]> {
  const [accounts, runtime, told] = await Promise.all([accountsItem.getValue(), runtimeItem.getValue(), readToldStops()]);
  const lang = deps.lang();
  const { due, next } = untoldStops(currentStops(accounts, runtime, lang), told);
  const same = Object.keys(next).length === Object.keys(told).length && Object.entries(next).every(([key, since]) => told[key] === since);
  if (!same) await writeToldStops(next);
  if (!due.length) return [];
  const providerName = (id: string): string => {
    const provider = deps.providers.get(id);
    return provider ? say(provider.name, lang) : id;
  };
  // A notification that cannot be shown must not fail the cycle; the popup says it too.
  await deps.notify(stopNotice(due, providerName, lang, `${STOP_NOTICE_PREFIX}${deps.now()}`)).catch(() => undefined);
  return due;
}
