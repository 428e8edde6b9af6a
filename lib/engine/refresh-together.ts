/**
 * A refresh step for a provider that asks for several tasks in one call (Provider.refreshTasks):
 * which tasks it is offered, and which of the account's queued refreshes its answer settles.
 * Providers are not named here.
 */
import type { Step } from './schedule';
import type { StoredTask } from '../store/index';

/** The step's own task first, then the tasks of the account's other refresh steps still queued in this cycle. */
export function refreshOffer(first: StoredTask, queue: readonly Step[], tasks: Readonly<Record<string, StoredTask>>, skip: ReadonlySet<string>): StoredTask[] {
  const offer = [first];
  for (const step of queue) {
    const task = step.kind === 'refresh' && !skip.has(step.taskKey) && step.taskKey !== first.key ? tasks[step.taskKey] : undefined;
    if (task && !offer.includes(task)) offer.push(task);
  }
  return offer;
}

/** The queued refresh steps of tasks an answer already covered: each task is asked for once a cycle. */
export function dropSettled(queue: Step[], settled: ReadonlySet<string>): void {
  for (let i = queue.length - 1; i >= 0; i--) {
    const step = queue[i]!;
    if (step.kind === 'refresh' && settled.has(step.taskKey)) queue.splice(i, 1);
  }
}
