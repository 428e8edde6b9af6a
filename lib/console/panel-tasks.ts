/**
 * Which of a console's tasks belong to the page the panel is on: on a DNS page the DNS
 * tasks (on a zone's or domain's record page, that zone's first), on a DCS page the DCS
 * tasks. The others stay in the list, after them. Pure functions over the page's URL and
 * each task's console link, so every provider's pages work the same way; the background
 * orders the panel's tasks with them (it knows which page asks).
 */
import type { PanelTaskView } from '../messaging/messages';
import { detectConsolePage, type ConsolePage } from './pages';
import { sourceConsoles } from '../providers/source-consoles';

/** Kinds some task source's console pages show: never "this page's" on a page of another area. */
const SOURCE_KINDS: ReadonlySet<string> = new Set(sourceConsoles.flatMap((c) => c.kinds));

/** What a task is about, as far as the panel's advice and exports go. */
export type TaskArea = 'dns' | 'dcs';

export function pageArea(page: Pick<ConsolePage, 'page'>): TaskArea {
  return page.page === 'dcs' || page.page.startsWith('dcs-') ? 'dcs' : 'dns';
}

/** The task's kind, from its key (`${accountId}:${kind}:${providerTaskId}`; account ids hold no colon, see accountOfKey). */
export function kindOfKey(key: string): string {
  const first = key.indexOf(':');
  const last = key.lastIndexOf(':');
  return first === -1 || last <= first ? '' : key.slice(first + 1, last);
}

/**
 * DCS (cache instance) tasks have no records: no record advice, no resubmit file. Read from
 * the kind alone, so the panel's module needs no URL parsing (it is loaded on demand, and
 * every byte of it crosses to the console).
 */
export function taskArea(task: Pick<PanelTaskView, 'key'>): TaskArea {
  return kindOfKey(task.key).startsWith('dcs') ? 'dcs' : 'dns';
}

/** The zone or domain a task's console link (or a page) is about: its id and its name. */
function subjectsOf(page: ConsolePage | undefined): string[] {
  const p = page?.params ?? {};
  return [p.zoneId, p.zoneName, p.domain].filter((v): v is string => !!v).map((v) => v.toLowerCase().replace(/\.$/, ''));
}

export interface PageTasks {
  /** The tasks of this page: its zone's (or domain's) first, then the rest of its area. */
  here: PanelTaskView[];
  /** Every other task, still reachable. */
  others: PanelTaskView[];
}

/** Splits the tasks by the page they belong to, each part keeping the order given (newest first). The background runs it for the panel. */
export function tasksForPage(tasks: readonly PanelTaskView[], page: ConsolePage | undefined): PageTasks {
  if (!page) return { here: [...tasks], others: [] };
  if (page.kinds) {
    const kinds = new Set(page.kinds);
    const here = tasks.filter((t) => kinds.has(kindOfKey(t.key)));
    return { here, others: tasks.filter((t) => !kinds.has(kindOfKey(t.key))) };
  }
  const area = pageArea(page);
  const subjects = new Set(subjectsOf(page));
  const sameZone: PanelTaskView[] = [];
  const sameArea: PanelTaskView[] = [];
  const others: PanelTaskView[] = [];
  for (const task of tasks) {
    if (taskArea(task) !== area || SOURCE_KINDS.has(kindOfKey(task.key))) others.push(task);
    else if (task.consoleUrl && subjectsOf(detectConsolePage(task.consoleUrl)).some((s) => subjects.has(s))) sameZone.push(task);
    else sameArea.push(task);
  }
  return { here: [...sameZone, ...sameArea], others };
}
