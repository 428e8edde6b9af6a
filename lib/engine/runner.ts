/**
 * Asks for cycles from many places (alarm, "Refresh now", a saved account, a console visit)
 * without overlapping them and without dropping one: a request made while a cycle runs is
 * remembered and runs once right after, with `force` if any of the waiting requests had it.
 */
import type { CycleOptions } from './deps';

export interface CycleRunner {
  /** Resolves when the requested cycle (or the one it joined) has finished. */
  request(options?: CycleOptions): Promise<void>;
}

export function createCycleRunner(run: (options: CycleOptions) => Promise<unknown>, onError: (err: unknown) => void = () => undefined): CycleRunner {
  let current: Promise<void> | undefined;
  let queued: CycleOptions | undefined;

  async function drain(first: CycleOptions): Promise<void> {
    let next: CycleOptions | undefined = first;
    while (next) {
      try {
        await run(next);
      } catch (err) {
        onError(err);
      }
      next = queued;
      queued = undefined;
    }
  }

  return {
    request(options = {}) {
      if (!current) {
        current = drain(options).finally(() => {
          current = undefined;
        });
        return current;
      }
      // Several requests while one cycle runs become one follow-up cycle (the drain loop
      // runs it before `current` settles).
      queued = { ...(queued?.force || options.force ? { force: true } : {}) };
      return current;
    },
  };
}
