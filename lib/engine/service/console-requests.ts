/**
 * Requests from console content scripts and their handler table. A console only ever sees
 * its own family's providers, and what it may cause is bounded by the page-call budget.
 */
import { detectConsolePage, FAMILY_PROVIDERS, type ConsoleFamily, type ConsolePage } from '../../console/pages';
import { tasksForPage } from '../../console/panel-tasks';
import type { ContentReplies, ContentRequest, PanelTaskView, Reply, TaskView } from '../../messaging/messages';
import type { Account } from '../../providers/types';
import { VaultLockedError } from '../../vault/types';
import { accountsItem, panelCollapsedItem, readAccountPrefs, readTask, readTaskIndex, readTasks, runtimeItem, visitsItem, type StoredTask } from '../../store/index';
import { accountEligible, mayHaveFailedItems } from '../schedule';
import { say } from '../../i18n/words';
import { type ServiceDeps, fail, accountOfKey, requestDiscovery, lockedReply } from './common';
import { toPanelView } from './views';
import { panelWords } from './panel-words';
import { pageCallBudget } from '../page-call-store';
import { pageRefusal, budgetMessage, noteUntracked, trackTask, failedItemsView } from './calls';
import { seenFailures } from './seen';

export const VISIT_DISCOVERY_MS = 30_000;

const PANEL_TASKS = 50;
/** Tasks read at a time while looking for the panel's: most consoles find theirs in the first batch. */
const PANEL_READ_BATCH = 200;

/** Recent tasks with failures that a console family may see: newest first, read a batch at a time until there are enough. */
async function familyTasks(deps: ServiceDeps, family: ConsoleFamily): Promise<PanelTaskView[]> {
  const allowed = new Set(FAMILY_PROVIDERS[family]);
  const accounts = (await accountsItem.getValue()).filter((a) => allowed.has(a.provider));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const index = await readTaskIndex();
  const keys = [...index.keys()].filter((k) => accountById.has(accountOfKey(k))).sort((a, b) => index.get(b)! - index.get(a)! || a.localeCompare(b));
  const found: StoredTask[] = [];
  for (let i = 0; i < keys.length && found.length < PANEL_TASKS; i += PANEL_READ_BATCH) {
    const batch = await readTasks(keys.slice(i, i + PANEL_READ_BATCH));
    for (const key of keys.slice(i, i + PANEL_READ_BATCH)) {
      const t = batch[key];
      if (t && allowed.has(t.provider) && accountById.has(t.accountId) && mayHaveFailedItems(t)) found.push(t);
    }
  }
  const prefs = await readAccountPrefs();
  return found.slice(0, PANEL_TASKS).map((t) => toPanelView(t, deps.providers.get(t.provider), accountById.get(t.accountId), deps.lang(), prefs[t.accountId]?.color));
}

/** Who is asking, as the router established it from the sender (never from the payload). */
export interface ConsoleSender {
  url: string;
  tabId: number;
  /** The document (Chrome gives each page load its own); absent in Firefox. */
  documentId?: string;
}

interface ConsoleScope {
  family: ConsoleFamily;
  /** The page asking, as its URL says at the time of asking (it follows the console's own navigation). */
  page: ConsolePage;
  allowed: ReadonlySet<string>;
  tabId: number;
  /** One page load of one tab: the unit of "new ids taken per page view". */
  pageView: string;
  /** The console's host name, as the popup names it. */
  host: string;
}

type ContentHandlers = {
  [K in ContentRequest['type']]: (deps: ServiceDeps, req: Extract<ContentRequest, { type: K }>, scope: ConsoleScope) => Promise<Reply<ContentReplies[K]>>;
};

/**
 * Accounts a console page may cause a discovery for: eligible (not stopped, not backing
 * off), not discovered in the last VISIT_DISCOVERY_MS, and with a call left in the page budget.
 */
async function pageDiscoverable(deps: ServiceDeps, accounts: readonly Account[]): Promise<Account[]> {
  const [runtime, pending] = await Promise.all([runtimeItem.getValue(), visitsItem.getValue()]);
  const now = deps.now();
  const budget = pageCallBudget(deps);
  await budget.ready();
  // A discovery already asked for is asked once, however many visits ask again before it
  // runs; the cycle spends the budget for each of its signed calls (issue 29, finding 2).
  return accounts.filter((a) => !(a.id in pending) && accountEligible(runtime[a.id], now) && now - (runtime[a.id]?.lastDiscoveryAt ?? 0) >= VISIT_DISCOVERY_MS && budget.remaining(a.id, now) > 0);
}

/** Console content scripts: each sees only its own family's providers. */
export const contentHandlers: ContentHandlers = {
  consoleVisit: async (deps, _req, scope) => {
    // A console's single-page navigation can fire a visit every few seconds: discover at
    // most once per VISIT_DISCOVERY_MS per account, so browsing never costs more calls.
    const due = await pageDiscoverable(deps, (await accountsItem.getValue()).filter((a) => scope.allowed.has(a.provider)));
    if (due.length) {
      await requestDiscovery(deps, due.map((a) => a.id));
      deps.pollSoon();
    }
    // The console's content script mounts the panel itself: the background has no host access there.
    return { ok: true, show: (await familyTasks(deps, scope.family)).length > 0 };
  },
  panelTasks: async (deps, req, scope) => {
    // The page's own tasks first (a DNS page's DNS tasks, a zone page's zone), the others after.
    const now = req.url ? detectConsolePage(req.url) : undefined;
    const page = now?.family === scope.family ? now : scope.page;
    const { here, others } = tasksForPage(await familyTasks(deps, scope.family), page);
    return { ok: true, tasks: [...here, ...others], here: here.length };
  },
  panelFailedItems: async (deps, req, scope) => {
    const task = await readTask(req.taskKey);
    if (!task || !scope.allowed.has(task.provider)) return fail(say({ id: 'consoleNoSuchTask' }, deps.lang()));
    // Shown in the panel is seen (only a task of this console's own provider, checked above).
    await seenFailures(deps, [req.taskKey]);
    return failedItemsView(deps, req.taskKey, true);
  },
  panelState: async (deps) => ({ ok: true, collapsed: await panelCollapsedItem.getValue(), words: panelWords(deps.lang()) }),
  setPanelCollapsed: async (_deps, req) => {
    await panelCollapsedItem.setValue(req.collapsed);
    return { ok: true };
  },
  trackFromPage: async (deps, req, scope) => {
    const lang = deps.lang();
    const taskId = req.taskId.trim();
    const accounts = (await accountsItem.getValue()).filter((a) => scope.allowed.has(a.provider));
    const accountById = new Map(accounts.map((a) => [a.id, a]));
    // The same id is seen again at every visit of that page: a known task costs no call.
    // Task keys end in the provider's id: only the keys that could match are read.
    const suffix = `:${taskId.toLowerCase()}`;
    const candidates = [...(await readTaskIndex()).keys()].filter((k) => accountById.has(accountOfKey(k)) && k.toLowerCase().endsWith(suffix));
    const known = Object.values(await readTasks(candidates)).find((t) => accountById.has(t.accountId) && t.providerTaskId.toLowerCase() === taskId.toLowerCase());
    if (known) return { ok: true, task: toPanelView(known, deps.providers.get(known.provider), accountById.get(known.accountId), deps.lang()), ...(mayHaveFailedItems(known) ? { show: true } : {}) };
    const trackers = accounts.filter((a) => {
      const track = deps.providers.get(a.provider)?.track;
      return track && !track.validateId(taskId);
    });
    // A stopped or backing-off account costs nothing: the id goes to the next one of this
    // console that may call (its refusal is said only when none may).
    const runtimeNow = await runtimeItem.getValue();
    const tracker = trackers.find((a) => accountEligible(runtimeNow[a.id], deps.now())) ?? trackers[0];
    const listing = accounts.filter((a) => !deps.providers.get(a.provider)?.track);
    if (!tracker && !listing.length) return fail(say({ id: 'consoleNoTracker' }, lang));
    const budget = pageCallBudget(deps);
    await budget.ready();
    // A page that shows ids at machine speed gets 20 of them looked at; the rest are dropped, and counted.
    if (!budget.takeNewId(scope.pageView)) {
      await noteUntracked(deps, scope.host);
      return fail(budgetMessage(lang));
    }
    if (tracker) {
      const refused = await pageRefusal(deps, tracker);
      if (refused) return fail(refused);
      // One call in flight per account, and at most PAGE_CALL_LIMITS a minute: the rest are dropped, not queued.
      if (budget.begin(tracker.id, deps.now())) {
        await noteUntracked(deps, scope.host);
        return fail(budgetMessage(lang));
      }
      let reply: Reply<{ task: TaskView }>;
      try {
        reply = await trackTask(deps, tracker.id, taskId, true);
      } finally {
        budget.end(tracker.id);
      }
      if (!reply.ok) return reply;
      const stored = await readTask(reply.task.key);
      return { ok: true, ...(stored ? { task: toPanelView(stored, deps.providers.get(stored.provider), tracker, deps.lang()), ...(mayHaveFailedItems(stored) ? { show: true } : {}) } : {}) };
    }
    // Providers that list their tasks will find it at the next discovery (or the one after,
    // when the page budget or a stop holds this one back: nothing is lost by waiting).
    const due = await pageDiscoverable(deps, listing);
    if (due.length) {
      await requestDiscovery(deps, due.map((a) => a.id));
      deps.pollSoon();
    }
    const runtime = await runtimeItem.getValue();
    const held = listing.filter((a) => !accountEligible(runtime[a.id], deps.now()));
    if (held.length === listing.length) return fail((await pageRefusal(deps, listing[0]!)) ?? budgetMessage(lang));
    return { ok: true, discovering: true };
  },
};

export async function handleContentRequest(deps: ServiceDeps, req: ContentRequest, sender: ConsoleSender): Promise<Reply<object>> {
  const page = detectConsolePage(sender.url);
  if (!page) return fail(say({ id: 'consoleNotConsolePage' }, deps.lang()));
  const scope: ConsoleScope = {
    family: page.family,
    page,
    allowed: new Set(FAMILY_PROVIDERS[page.family]),
    tabId: sender.tabId,
    pageView: `${sender.tabId}|${sender.documentId ?? pageWithoutRoute(sender.url)}`,
    host: new URL(sender.url).hostname,
  };
  const handler = contentHandlers[req.type] as (deps: ServiceDeps, req: ContentRequest, scope: ConsoleScope) => Promise<Reply<object>>;
  try {
    return await handler(deps, req, scope);
  } catch (err) {
    if (err instanceof VaultLockedError) return lockedReply(deps);
    throw err;
  }
}

/** Firefox names no document: a page load is approximated by the tab and the page's path (hash routes share it). */
function pageWithoutRoute(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}
