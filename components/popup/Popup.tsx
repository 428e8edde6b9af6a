/**
 * The popup: every batch task across providers and accounts, pending first, with account
 * problems on top. Props and signals in, intents out; only the entrypoint touches browser.
 */
import { signal, useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { FailedItemsView, StateView, TaskView, AccountView, Reply } from '../../lib/messaging/messages';
import { capabilityLine } from '../common/capability';
import { isTerminal, taskMatchesQuery, taskOrder, type TaskStatus } from '../../lib/providers/types';
import { ageWords, exactTime } from '../../lib/popup/age';
import { localeTag, type CatalogueKey } from '../../lib/i18n/catalogue';
import { lang, pick, t, words } from '../common/i18n';
import { lastCheckedWords } from '../common/last-checked';
import { kindWords } from '../common/kind';
import { POPUP_FIRST_PAGE } from '../../lib/popup/snapshot';

/** The tasks the popup wants from the worker: a page, filtered and searched there. */
export interface TaskQuery {
  limit: number;
  filter?: { provider?: string; accountId?: string; status?: TaskStatus; kind?: string; keys?: string[] };
  query?: string;
}

/** `answers`: the task query the state was the worker's answer to (absent: the first page, or a snapshot). */
export type LoadState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; state: StateView; answers?: TaskQuery };

export interface PopupIntents {
  /**
   * Asks the worker for the tasks a filter, a search or "show more" needs, when the popup
   * does not hold them all: the worker reads what the page needs, the popup never the history.
   */
  page(query: TaskQuery): void;
  refresh(): void;
  retry(): void;
  openOptions(): void;
  track(accountId: string, taskId: string): Promise<Reply<object>>;
  failedItems(taskKey: string): Promise<Reply<FailedItemsView>>;
  setMuted(taskKey: string, muted: boolean): Promise<Reply<object>>;
  /** Takes tasks that failed off "Needs attention" and the badge without opening them. */
  dismiss?(taskKeys: string[]): Promise<Reply<object>>;
  /** Puts text on the clipboard; false when the browser refused. */
  copy(text: string): Promise<boolean>;
}

/** How long "Copied" stays next to the button. */
export const COPIED_MS = 2000;

const STATUS_KEYS: Record<TaskStatus, CatalogueKey> = {
  pending: 'statusPending',
  running: 'statusRunning',
  succeeded: 'statusSucceeded',
  failed: 'statusFailed',
  partial: 'statusPartial',
  unknown: 'statusUnknown',
};
const STATUS_ICONS: Record<TaskStatus, string> = { pending: '◷', running: '↻', succeeded: '✓', failed: '✕', partial: '!', unknown: '?' };


function ageText(ms: number, now: number): string {
  return ageWords(ms, now, localeTag(lang())) ?? t('justNow');
}

/**
 * Rows in the first frame: a little more than a 600 px popup shows. The rest of the first
 * page follows right after that frame, below the fold; "show more" adds pages after it. So
 * 500 tasks open as fast as eight.
 */
export const FIRST_PAINT_ROWS = 8;
/** Rows of the first page (the background's snapshot holds exactly these). */
export const PAGE_ROWS = POPUP_FIRST_PAGE;
/** Rows each "show more" adds. */
export const MORE_ROWS = 50;

interface Filters {
  limit: Signal<number>;
  provider: Signal<string>;
  account: Signal<string>;
  status: Signal<string>;
  kind: Signal<string>;
  query: Signal<string>;
}

export function Popup({ load, intents, now = Date.now(), focus }: { load: Signal<LoadState>; intents: PopupIntents; now?: number; focus?: Signal<string[] | null> }) {
  const ownFocus = useSignal<string[] | null>(null);
  const filters: Filters = {
    limit: useSignal(FIRST_PAINT_ROWS),
    provider: useSignal(''),
    account: useSignal(''),
    status: useSignal(''),
    kind: useSignal(''),
    query: useSignal(''),
  };
  const current = load.value;
  const checked =
    current.kind === 'ready' && current.state.accounts.length
      ? current.state.accounts.map((a) => words({ id: 'lastCheckedAccount', account: a.name, when: lastCheckedWords(a, current.state.refreshing, now) })).join('\n')
      : undefined;
  return (
    <main class="popup" aria-busy={current.kind === 'loading'}>
      <header class="bar" title={checked}>
        <h1>{t('popupTitle')}</h1>
        {current.kind === 'ready' && (
          <button type="button" class="button" onClick={intents.refresh} disabled={current.state.refreshing} aria-live="polite">
            {current.state.refreshing ? t('refreshing') : t('refreshNow')}
          </button>
        )}
        <button type="button" class="button" onClick={intents.openOptions}>{t('openSettings')}</button>
      </header>
      {current.kind === 'loading' && <p class="state" role="status">{t('loading')}</p>}
      {current.kind === 'error' && (
        <div class="state error" role="alert">
          <p>{t('errorLoading')}</p>
          <p class="detail">{current.message}</p>
          <button type="button" class="button" onClick={intents.retry}>{t('retry')}</button>
        </div>
      )}
      {current.kind === 'ready' && <Ready state={current.state} answers={current.answers} intents={intents} filters={filters} now={now} focus={focus ?? ownFocus} />}
    </main>
  );
}

/** A notification names at most this many tasks for the popup (messages MAX_FOCUS_KEYS). */
const MAX_FOCUS_KEYS = 500;

/** What the filters, the search and the rows shown ask of the worker. */
function wantedQuery(filters: Filters, focus: string[] | null): TaskQuery {
  const q = filters.query.value.trim();
  const filter = {
    ...(filters.provider.value ? { provider: filters.provider.value } : {}),
    ...(filters.account.value ? { accountId: filters.account.value } : {}),
    ...(filters.status.value ? { status: filters.status.value as TaskStatus } : {}),
    ...(filters.kind.value ? { kind: filters.kind.value } : {}),
    ...(focus ? { keys: focus.slice(0, MAX_FOCUS_KEYS) } : {}),
  };
  return { limit: Math.max(filters.limit.value, PAGE_ROWS), ...(Object.keys(filter).length ? { filter } : {}), ...(q ? { query: q } : {}) };
}

const sameQuery = (a: TaskQuery | undefined, b: TaskQuery): boolean => a !== undefined && JSON.stringify(a) === JSON.stringify(b);

function Ready({ state, answers, intents, filters, now, focus }: { state: StateView; answers?: TaskQuery; intents: PopupIntents; filters: Filters; now: number; focus: Signal<string[] | null> }) {
  const focused = focus.value ? new Set(focus.value) : null;
  const wanted = wantedQuery(filters, focus.value);
  /** Every task there is, unfiltered: the popup filters and pages them itself. */
  const whole = !answers?.filter && !answers?.query && !state.more && (state.taskCount ?? state.tasks.length) <= state.tasks.length;
  /** The state is the worker's answer to exactly what is on screen. */
  const answered = sameQuery(answers, wanted);
  const wantedKey = JSON.stringify(wanted);
  // A snapshot's first page is already on its way from the worker: only a change asks again.
  const firstPage = !answers && wantedKey === JSON.stringify({ limit: PAGE_ROWS });
  useEffect(() => {
    if (!whole && !answered && !firstPage) intents.page(wanted);
  }, [wantedKey, whole, answered, firstPage]);
  const accountById = new Map(state.accounts.map((a) => [a.id, a]));
  const providerName = (id: string): string => {
    const meta = state.providers.find((p) => p.id === id);
    return meta ? pick(meta.name) : id;
  };
  const filtersOpen = useSignal(false);
  // What is held is filtered here too: while the worker's answer is on its way, the rows
  // already known to match stay (its answer then holds the same rows and the next ones).
  const visible = [...state.tasks].sort(taskOrder).filter(
    (task) =>
      (!focused || focused.has(task.key)) &&
      (!filters.provider.value || task.provider === filters.provider.value) &&
      (!filters.account.value || task.accountId === filters.account.value) &&
      (!filters.status.value || task.status === filters.status.value) &&
      (!filters.kind.value || task.kind === filters.kind.value) &&
      taskMatchesQuery(task, filters.query.value),
  );
  const shown = Math.min(visible.length, filters.limit.value);
  const unfiltered = !wanted.filter && !wanted.query;
  /** Matching tasks not on screen: a number, 'some' when the worker has more without counting them, 0 when none. */
  const remaining: number | 'some' = whole
    ? visible.length - shown
    : answered
      ? state.matching !== undefined
        ? state.matching - shown
        : state.more || visible.length > shown
          ? 'some'
          : 0
      : unfiltered
        ? (state.taskCount ?? visible.length) - shown
        : visible.length - shown;
  const searching = !whole && !answered && !unfiltered;
  const trackable = state.accounts.filter((a) => state.providers.find((p) => p.id === a.provider)?.track);
  useEffect(() => {
    // After the first frame is on screen, not in it.
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timeout = setTimeout(() => {
        if (filters.limit.value < PAGE_ROWS) filters.limit.value = PAGE_ROWS;
      });
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timeout);
    };
  }, []);
  return (
    <>
      {state.locked && (
        <div class="banner warn" role="alert">
          <p>{t('lockedBanner')}</p>
          <button type="button" class="button" onClick={intents.openOptions}>{t('unlockInOptions')}</button>
        </div>
      )}
      <NeedsAttention state={state} intents={intents} providerName={providerName} accountById={accountById} now={now} />
      {state.untracked?.map((u) => (
        <p key={u.console} class="banner warn" role="status">{words({ id: 'untrackedIds', n: u.count, console: u.console })}</p>
      ))}
      {state.accounts.flatMap((a) => (a.unreadable ?? []).map((note, i) => <UnreadableNote key={`${a.id}:${i}`} message={note.message} shapes={note.shapes} />))}
      {focused && (
        <div class="banner focus" role="status">
          <p>{words({ id: 'focusedTasks', n: focused.size })}</p>
          <button type="button" class="link" onClick={() => (focus.value = null)}>{t('showAllTasks')}</button>
        </div>
      )}
      {state.accounts.length === 0 ? (
        <div class="state empty">
          <p>{t('emptyTasks')}</p>
          <button type="button" class="button primary" onClick={intents.openOptions}>{t('addAccount')}</button>
        </div>
      ) : (
        <>
          {/* Folded until used, so the first failure is on the popup's first screen; kept open while a filter is set. */}
          {filtersOpen.value || filtersSet(filters) ? (
            <FilterBar state={state} filters={filters} providerName={providerName} />
          ) : (
            <button type="button" class="link filters-toggle" aria-expanded="false" onClick={() => (filtersOpen.value = true)}>{t('filterAndSearch')}</button>
          )}
          <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading" class="visually-hidden">{t('tasksHeading')}</h2>
            {(state.taskCount ?? state.tasks.length) === 0 ? (
              <p class="state empty" role="status">{t('emptyTasks')}</p>
            ) : visible.length === 0 ? (
              <p class="state empty" role="status">{t(searching ? 'searching' : 'noMatches')}</p>
            ) : (
              <>
                <ul class="tasks" aria-live="polite">
                  {visible.slice(0, filters.limit.value).map((task, index) => (
                    <TaskRow key={task.key} index={index} task={task} account={accountById.get(task.accountId)} providerName={providerName(task.provider)} now={now} intents={intents} />
                  ))}
                </ul>
                {searching && <p class="state" role="status">{t('searching')}</p>}
                {(remaining === 'some' || remaining > 0) && (
                  <button type="button" class="link more" onClick={() => (filters.limit.value = Math.max(shown, PAGE_ROWS) + MORE_ROWS)}>
                    {remaining === 'some' ? t('showMoreUncounted', MORE_ROWS) : t('showMore', Math.min(MORE_ROWS, remaining), remaining)}
                  </button>
                )}
              </>
            )}
          </section>
          {trackable.length > 0 && <TrackForm accounts={trackable} providerName={providerName} intents={intents} />}
        </>
      )}
    </>
  );
}

const filtersSet = (filters: Filters): boolean => Boolean(filters.provider.value || filters.account.value || filters.status.value || filters.kind.value || filters.query.value);

/**
 * The popup's first section: what needs the user, each with its action. Tasks that finished
 * with failures stay here until opened or dismissed; one opened here stays while the popup is
 * open, so its failed items do not vanish from under the reader.
 */
function NeedsAttention({ state, intents, providerName, accountById, now }: { state: StateView; intents: PopupIntents; providerName: (id: string) => string; accountById: ReadonlyMap<string, AccountView>; now: number }) {
  const opened = useSignal<TaskView[]>([]);
  const dismissed = useSignal<ReadonlySet<string>>(new Set());
  const dismissError = useSignal('');
  const unseen = state.unseen ?? [];
  const unseenKeys = new Set(unseen.map((task) => task.key));
  const failures = [...unseen, ...opened.value.filter((task) => !unseenKeys.has(task.key))].filter((task) => !dismissed.value.has(task.key));
  const problems = state.accounts.filter((a) => a.problem);
  const capabilities = state.accounts.flatMap((a) => (a.capabilities ?? []).filter((c) => c.state !== 'watched').map((c) => ({ account: a, capability: c })));
  const needKeys = state.accounts.filter((a) => a.needsSecrets && !a.problem);
  if (!failures.length && !problems.length && !capabilities.length && !needKeys.length && !dismissError.value) return null;
  const dismiss = async (task: TaskView): Promise<void> => {
    dismissError.value = '';
    dismissed.value = new Set([...dismissed.value, task.key]);
    const reply = intents.dismiss ? await intents.dismiss([task.key]) : { ok: true as const };
    if (!reply.ok) {
      dismissed.value = new Set([...dismissed.value].filter((k) => k !== task.key));
      dismissError.value = t('dismissFailed', reply.error);
    }
  };
  const keep = (task: TaskView): void => {
    if (!opened.value.some((o) => o.key === task.key)) opened.value = [...opened.value, task];
  };
  return (
    <section class="attention" aria-labelledby="attention-heading">
      <h2 id="attention-heading">{t('needsAttention')}</h2>
      {dismissError.value && <p class="field-error" role="alert">{dismissError.value}</p>}
      {failures.length > 0 && (
        <ul class="tasks">
          {failures.map((task, index) => (
            <TaskRow
              key={task.key}
              index={index}
              idPrefix="attention-id"
              task={task}
              account={accountById.get(task.accountId)}
              providerName={providerName(task.provider)}
              now={now}
              intents={intents}
              onOpen={() => keep(task)}
              onDismiss={() => void dismiss(task)}
            />
          ))}
        </ul>
      )}
      {problems.map((a) => (
        <AccountProblem key={a.id} account={a} providerName={providerName(a.provider)} onEdit={intents.openOptions} />
      ))}
      {capabilities.map(({ account: a, capability: c }) => (
        <div key={`${a.id}:${c.id}`} class="banner warn" role="status" data-capability={c.id}>
          <p><strong>{providerName(a.provider)} · {a.name}</strong> — {capabilityLine(c)}</p>
          {c.reason && <p>{c.reason}</p>}
          <button type="button" class="link" onClick={intents.openOptions}>{t('editAccount')}</button>
        </div>
      ))}
      {needKeys.map((a) => (
        <div key={a.id} class="banner warn" role="status">
          <p><strong>{providerName(a.provider)} · {a.name}</strong> — {t('needsKeys')}</p>
          <button type="button" class="link" onClick={intents.openOptions}>{t('editAccount')}</button>
        </div>
      ))}
    </section>
  );
}

function AccountProblem({ account, providerName, onEdit }: { account: AccountView; providerName: string; onEdit: () => void }) {
  const problem = account.problem!;
  return (
    <div class={`banner ${problem.stopped ? 'danger' : 'warn'}`} role="alert">
      <p>
        <strong>{providerName} · {account.name}</strong>
        {problem.stopped ? ` — ${t('problemStopped')}` : ''}
      </p>
      <p>{problem.message}</p>
      <button type="button" class="link" onClick={onEdit}>{t('editAccount')}</button>
    </div>
  );
}

/** Rows a list answer had but Batchwatch could not read: counted, with their shapes for a bug report. */
function UnreadableNote({ message, shapes }: { message: string; shapes: string[] }) {
  return (
    <div class="banner warn" role="status">
      <p>{message}</p>
      {shapes.length > 0 && (
        <details>
          <summary>{t('unreadableShapes')}</summary>
          <pre>{shapes.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}

function FilterBar({ state, filters, providerName }: { state: StateView; filters: Filters; providerName: (id: string) => string }) {
  const providerIds = [...new Set(state.accounts.map((a) => a.provider))];
  // Kinds with a name of their own, among the tasks at hand (and the one chosen).
  const kinds = [...new Set([...state.tasks, ...(state.unseen ?? [])].map((task) => task.kind).concat(filters.kind.value ? [filters.kind.value] : []))].filter((k) => kindWords(k));
  return (
    <div class="filters">
      <label>
        <span>{t('filterProvider')}</span>
        <select aria-label={t('filterProviderName')} value={filters.provider.value} onChange={(e) => (filters.provider.value = e.currentTarget.value)}>
          <option value="">{t('filterAll')}</option>
          {providerIds.map((id) => <option key={id} value={id}>{providerName(id)}</option>)}
        </select>
      </label>
      <label>
        <span>{t('filterAccount')}</span>
        <select aria-label={t('filterAccountName')} value={filters.account.value} onChange={(e) => (filters.account.value = e.currentTarget.value)}>
          <option value="">{t('filterAll')}</option>
          {state.accounts.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
        </select>
      </label>
      <label>
        <span>{t('filterStatus')}</span>
        <select aria-label={t('filterStatusName')} value={filters.status.value} onChange={(e) => (filters.status.value = e.currentTarget.value)}>
          <option value="">{t('filterAll')}</option>
          {(Object.keys(STATUS_KEYS) as TaskStatus[]).map((s) => <option key={s} value={s}>{t(STATUS_KEYS[s])}</option>)}
        </select>
      </label>
      {kinds.length > 0 && (
        <label>
          <span>{t('filterKind')}</span>
          <select aria-label={t('filterKind')} value={filters.kind.value} onChange={(e) => (filters.kind.value = e.currentTarget.value)}>
            <option value="">{t('filterAllKinds')}</option>
            {kinds.map((k) => <option key={k} value={k}>{t(kindWords(k)!)}</option>)}
          </select>
        </label>
      )}
      <label class="search">
        <span>{t('search')}</span>
        <input type="search" aria-label={t('searchName')} value={filters.query.value} onInput={(e) => (filters.query.value = e.currentTarget.value)} />
      </label>
    </div>
  );
}

function TaskRow({
  index,
  idPrefix = 'task-id',
  task,
  account,
  providerName,
  now,
  intents,
  onOpen,
  onDismiss,
}: {
  index: number;
  /** Rows of "Needs attention" and of the list each have their own ids. */
  idPrefix?: string;
  task: TaskView;
  account: AccountView | undefined;
  providerName: string;
  now: number;
  intents: PopupIntents;
  /** Its failed items are being opened (which counts as seeing them). */
  onOpen?: () => void;
  /** Present in "Needs attention": the task can be put away unopened. */
  onDismiss?: () => void;
}) {
  const first = index === 0 && !onDismiss;
  const idId = `${idPrefix}-${index}`;
  const expanded = useSignal(false);
  const muteBusy = useSignal(false);
  const muteError = useSignal('');
  const copied = useSignal('');
  useEffect(() => {
    if (!copied.value) return;
    const timer = setTimeout(() => (copied.value = ''), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied.value]);
  const mute = async (): Promise<void> => {
    muteBusy.value = true;
    muteError.value = '';
    const reply = await intents.setMuted(task.key, !task.muted);
    muteBusy.value = false;
    if (!reply.ok) muteError.value = t('muteFailed', reply.error);
  };
  const copy = async (): Promise<void> => {
    copied.value = (await intents.copy(task.providerTaskId)) ? t('copied') : t('copyFailed');
  };
  const items = useSignal<FailedItemsView | null>(null);
  const itemsError = useSignal('');
  const hasCounts = task.total !== undefined && task.total > 0;
  const done = (task.done ?? 0) + (task.failed ?? 0);
  const when = task.createdAt ?? task.updatedAt;
  const toggle = async (): Promise<void> => {
    expanded.value = !expanded.value;
    if (expanded.value) onOpen?.();
    if (expanded.value && !items.value) {
      const reply = await intents.failedItems(task.key);
      if (reply.ok) items.value = reply;
      else itemsError.value = reply.error;
    }
  };
  return (
    <li class={`task status-${task.status}${task.muted ? ' is-muted' : ''}`}>
      <div class="task-head">
        <span class="mark" title={providerName}>{providerName}</span>
        <span class="account">
          {account?.color && <span class={`chip chip-${account.color}`} aria-hidden="true" />}
          {account?.name ?? ''}
        </span>
        <span class={`status status-${task.status}`}>
          <span aria-hidden="true">{STATUS_ICONS[task.status]} </span>
          {t(STATUS_KEYS[task.status])}
          {task.statusText && task.status === 'unknown' ? ` (${task.statusText})` : ''}
        </span>
      </div>
      {/* Element Timing: when the first task is on screen (what `npm run bench` measures). */}
      <div class="task-label" elementtiming={first ? 'first-task' : undefined}>
        {kindWords(task.kind) && <span class="task-kind">{t(kindWords(task.kind)!)} · </span>}
        {task.label}
      </div>
      <div class="task-id">
        <span class="muted">{t('taskId')}: </span>
        <code id={idId}>{task.providerTaskId}</code>
        <button type="button" class="link" aria-describedby={idId} onClick={() => void copy()}>{t('copyTaskId')}</button>
        <span class="copied" role="status">{copied.value}</span>
      </div>
      {task.muted && <p class="muted-note">{t('muted')}</p>}
      {task.gone && <p class="muted-note gone-note">{t('taskGone', providerName)}</p>}
      {hasCounts && (
        <div class="progress-line">
          <progress max={task.total} value={Math.min(done, task.total ?? 0)} aria-label={t('progress', done, task.total ?? 0)} />
          <span class="muted">{t('progress', done, task.total ?? 0)}</span>
          {(task.failed ?? 0) > 0 && <span class="failed">{t('failedCount', task.failed ?? 0)}</span>}
        </div>
      )}
      {!hasCounts && (task.failed ?? 0) > 0 && <span class="failed">{t('failedCount', task.failed ?? 0)}</span>}
      <div class="task-foot">
        {when !== undefined && <time dateTime={new Date(when).toISOString()} title={exactTime(when, localeTag(lang()))}>{ageText(when, now)}</time>}
        {task.consoleUrl && <a href={task.consoleUrl} target="_blank" rel="noopener noreferrer">{t('openInConsole')}</a>}
        {!isTerminal(task.status) && (
          <button type="button" class="link" aria-describedby={idId} aria-pressed={task.muted ? 'true' : 'false'} disabled={muteBusy.value} onClick={() => void mute()}>
            {task.muted ? t('unmute') : t('mute')}
          </button>
        )}
        {isTerminal(task.status) && (task.failed ?? 0) > 0 && (
          <button type="button" class="link" aria-expanded={expanded.value} onClick={() => void toggle()}>
            {expanded.value ? t('hideFailures') : t('showFailures')}
          </button>
        )}
        {onDismiss && (
          <button type="button" class="link" aria-describedby={idId} onClick={onDismiss}>{t('dismissFailure')}</button>
        )}
      </div>
      {muteError.value && <p class="field-error" role="alert">{muteError.value}</p>}
      {expanded.value && (
        <div class="failures">
          {itemsError.value ? <p role="alert">{itemsError.value}</p> : !items.value ? <p role="status">{t('failedItemsLoading')}</p> : (
            <>
              <ul>
                {items.value.items.slice(0, 5).map((item, i) => (
                  <li key={i}><span class="item">{item.item}</span> — <span class="muted">{item.message}</span></li>
                ))}
              </ul>
              {!items.value.complete && items.value.total > items.value.items.length && <p role="note">{t('firstOfFailed', items.value.items.length, items.value.total)}</p>}
              {task.consoleUrl && <a href={task.consoleUrl} target="_blank" rel="noopener noreferrer">{t('showAllInPanel')}</a>}
            </>
          )}
        </div>
      )}
    </li>
  );
}

function TrackForm({ accounts, providerName, intents }: { accounts: AccountView[]; providerName: (id: string) => string; intents: PopupIntents }) {
  const accountId = useSignal(accounts[0]?.id ?? '');
  const taskId = useSignal('');
  const error = useSignal('');
  const message = useSignal('');
  const busy = useSignal(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    error.value = '';
    message.value = '';
    if (!taskId.value.trim()) {
      error.value = t('required');
      return;
    }
    busy.value = true;
    const reply = await intents.track(accountId.value, taskId.value.trim());
    busy.value = false;
    if (reply.ok) {
      message.value = t('tracked', taskId.value.trim());
      taskId.value = '';
    } else error.value = reply.fieldErrors?.taskId ?? reply.error;
  };
  return (
    <form class="track" onSubmit={(e) => void submit(e)} aria-labelledby="track-heading" noValidate>
      <h2 id="track-heading">{t('trackHeading')}</h2>
      <label>
        <span>{t('account')}</span>
        <select value={accountId.value} onChange={(e) => (accountId.value = e.currentTarget.value)}>
          {accounts.map((a) => <option key={a.id} value={a.id}>{`${a.name} (${providerName(a.provider)})`}</option>)}
        </select>
      </label>
      <label>
        <span>{t('taskId')}</span>
        <input
          value={taskId.value}
          onInput={(e) => (taskId.value = e.currentTarget.value)}
          aria-invalid={error.value ? 'true' : undefined}
          aria-describedby={error.value ? 'track-error' : undefined}
          autocomplete="off"
          spellcheck={false}
        />
      </label>
      {error.value && <p id="track-error" class="field-error" role="alert">{error.value}</p>}
      <button type="submit" class="button" disabled={busy.value}>{busy.value ? t('tracking') : t('track')}</button>
      {message.value && <p role="status">{message.value}</p>}
    </form>
  );
}

export const popupLoad = (): Signal<LoadState> => signal<LoadState>({ kind: 'loading' });
