/**
 * One page of the task history, in popup order, found from the index and the active list
 * and read a batch at a time: 10,000 stored tasks cost a page what it shows (plus, for a
 * search, the tasks looked at before enough matched), never a read of everything.
 *
 * Popup order: unfinished tasks first (their bodies are in the active list, which a cycle
 * reads anyway), by taskOrder; then finished ones by their index stamp, newest first, key
 * last. It is a total order computed from what the index holds, so pages asked one after
 * another neither repeat nor skip a task while the history does not change.
 */
import type { Account, TaskStatus } from '../providers/types';
import { isTerminal, taskMatchesQuery, taskOrder } from '../providers/types';
import { readActiveTasks, readTaskIndex, readTasks, type StoredTask } from '../store/index';

/** What a page is asked for (getState's task part, already checked by its zod schema). */
export interface TaskPageRequest {
  offset?: number;
  /** Absent: every matching task (tests and tools; surfaces always ask for a page). */
  limit?: number;
  filter?: { provider?: string; accountId?: string; status?: TaskStatus; kind?: string; keys?: readonly string[] };
  /** Matched, case-insensitively, against the provider's task id and the label. */
  query?: string;
}

export interface TaskPage {
  tasks: StoredTask[];
  /** Tasks of existing accounts, whatever the filter. */
  count: number;
  /** Tasks that match, when known without reading the rest of the history. */
  matching?: number;
  /** Matching tasks beyond this page exist. */
  more: boolean;
}

/** Bodies read at a time while a search or a finished-status filter looks for matches. */
export const TASK_PAGE_READ_BATCH = 200;

/** The account a task key belongs to (task keys start with `${accountId}:`; account ids are UUIDs, with no ':'). */
export const accountOfKey = (taskKey: string): string => taskKey.slice(0, taskKey.indexOf(':'));

/** The kind a task key names (`${accountId}:${kind}:${providerTaskId}`; a provider's task id may hold ':', a kind does not). */
export const kindOfTaskKey = (taskKey: string): string => {
  const first = taskKey.indexOf(':');
  const second = taskKey.indexOf(':', first + 1);
  return first === -1 || second === -1 ? '' : taskKey.slice(first + 1, second);
};

/** Whether a task body matches what the index could not decide (status, search). */
function matcher(req: TaskPageRequest): (t: StoredTask) => boolean {
  const status = req.filter?.status;
  return (t) => (!status || t.status === status) && taskMatchesQuery(t, req.query);
}

export async function readTaskPage(accounts: readonly Account[], req: TaskPageRequest = {}): Promise<TaskPage> {
  const live = new Map(accounts.map((a) => [a.id, a]));
  const [index, active] = await Promise.all([readTaskIndex(), readActiveTasks()]);
  const { provider, accountId, status, kind, keys: only } = req.filter ?? {};
  const wanted = only ? new Set(only) : undefined;
  // What the index alone can decide: the account (and so the provider), the kind, and the asked keys.
  const indexed = (key: string): boolean => {
    const account = live.get(accountOfKey(key));
    return Boolean(account && (!accountId || account.id === accountId) && (!provider || account.provider === provider) && (!kind || kindOfTaskKey(key) === kind) && (!wanted || wanted.has(key)));
  };
  let count = 0;
  const candidates: string[] = [];
  for (const key of index.keys()) {
    if (!live.has(accountOfKey(key))) continue;
    count++;
    if (indexed(key)) candidates.push(key);
  }
  const unfinishedKeys = new Set(candidates.filter((k) => active[k] && !isTerminal(active[k].status)));
  const unfinished = [...unfinishedKeys].map((k) => active[k]!).sort(taskOrder);
  const finished = candidates.filter((k) => !unfinishedKeys.has(k)).sort((a, b) => index.get(b)! - index.get(a)! || a.localeCompare(b));

  const offset = req.offset ?? 0;
  const end = req.limit === undefined ? Infinity : offset + req.limit;
  const matches = matcher(req);
  const head = unfinished.filter(matches);
  // Only finished tasks can have a finished status: a filter on an unfinished one needs no finished body.
  const tail = status && !isTerminal(status) ? [] : finished;
  const bodyFilter = Boolean(req.query?.trim() || status);

  if (!bodyFilter) {
    // Every candidate matches: the page is a slice, its bodies read alone.
    const all = head.length + tail.length;
    const fromTail = tail.slice(Math.max(0, offset - head.length), Math.max(0, end - head.length));
    const bodies = await readTasks(fromTail);
    const page = [...head.slice(offset, end), ...fromTail.flatMap((k) => (bodies[k] ? [bodies[k]] : []))];
    return { tasks: page, count, matching: all, more: end < all };
  }

  // A search: finished tasks are read in index order, a batch at a time, until one more
  // than the page has matched (so `more` is known) or the history ends.
  const found: StoredTask[] = [...head];
  let i = 0;
  while (i < tail.length && found.length <= end) {
    const batch = tail.slice(i, i + TASK_PAGE_READ_BATCH);
    i += batch.length;
    const bodies = await readTasks(batch);
    for (const key of batch) {
      const t = bodies[key];
      if (t && matches(t)) found.push(t);
    }
  }
  const exhausted = i >= tail.length;
  return { tasks: found.slice(offset, end), count, ...(exhausted ? { matching: found.length } : {}), more: found.length > end };
}
