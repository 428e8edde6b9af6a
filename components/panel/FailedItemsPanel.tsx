/**
 * The failed-items panel inside a provider console: that provider's recent tasks with
 * failures (the page's own first), the selected task's failures grouped by reason with a fix
 * hint, every item in a virtual list, and exports of the reasons chosen. API strings are
 * only ever rendered as text.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { FailedItemsView, PanelTaskView } from '../../lib/messaging/messages';
import type { FailedItemView } from '../../lib/providers/types';
import type { ConsoleFamily } from '../../lib/console/pages';
import { alreadyExists, groupFailures, groupKeysOf, selectGroups, visibleGroups } from '../../lib/console/failure-groups';
import { taskArea } from '../../lib/console/panel-tasks';
import { resubmitFile, toCsv, toJson } from '../../lib/files/failed-items';
import { hintKey } from './strings';
import { panelText, type PanelWords } from '../../lib/console/panel-words';
import { VirtualList } from './VirtualList';

export type PanelReply<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface PanelClient {
  /** The console's tasks, the asking page's own first (`here` of them). */
  tasks(): Promise<PanelReply<{ tasks: PanelTaskView[]; here?: number }>>;
  failedItems(taskKey: string): Promise<PanelReply<FailedItemsView>>;
  track(taskId: string): Promise<PanelReply<object>>;
}

export interface PanelProps {
  family: ConsoleFamily;
  /** Its texts, in the language the user chose (the browser's until the background says). */
  words: PanelWords;
  client: PanelClient;
  collapsed: Signal<boolean>;
  onCollapsedChange(collapsed: boolean): void;
  /** Task ids read off the console page, offered for tracking. */
  foundTaskIds: Signal<string[]>;
  /** Counts the console's own navigations: the tasks are asked for again, the new page's first. */
  navigations?: Signal<number>;
  download(filename: string, content: string, mime: string): void;
}

export const ROW_HEIGHT = 28;
export const LIST_HEIGHT = 280;
/** Reasons shown before "+N more": enough for the usual batch, short enough to keep the list in view. */
export const GROUPS_SHOWN = 8;

export function FailedItemsPanel(props: PanelProps) {
  const { words, client } = props;
  const t = (key: Parameters<typeof panelText>[1], ...subs: (string | number)[]): string => panelText(words, key, ...subs);
  const tasks = useSignal<PanelTaskView[] | null>(null);
  /** How many of `tasks`, from the first, are this page's own (undefined: the background did not say). */
  const here = useSignal<number | undefined>(undefined);
  const selected = useSignal('');
  /** The user chose a task: navigating the console no longer changes it. */
  const picked = useSignal(false);
  const view = useSignal<FailedItemsView | null>(null);
  const error = useSignal('');
  const trackedMessage = useSignal('');
  const chosenGroups = useSignal<ReadonlySet<string>>(new Set());
  const groupsExpanded = useSignal(false);
  const keepExisting = useSignal(false);
  const resubmitMessage = useSignal('');
  const navigation = props.navigations?.value ?? 0;
  const ordered = { here: tasks.value?.slice(0, here.value) ?? [], others: here.value === undefined ? [] : (tasks.value?.slice(here.value) ?? []) };
  const firstKey = tasks.value?.[0]?.key ?? '';

  useEffect(() => {
    void client.tasks().then((reply) => {
      if (!reply.ok) {
        error.value = reply.error;
        tasks.value = [];
        return;
      }
      tasks.value = reply.tasks;
      here.value = reply.here;
    });
  }, [navigation]);

  // The page's first task, until the user picks one (and again when the console navigates).
  useEffect(() => {
    if (!picked.value && firstKey) selected.value = firstKey;
  }, [firstKey]);

  useEffect(() => {
    if (!selected.value) return;
    view.value = null;
    error.value = '';
    chosenGroups.value = new Set();
    groupsExpanded.value = false;
    keepExisting.value = false;
    resubmitMessage.value = '';
    const key = selected.value;
    void client.failedItems(key).then((reply) => {
      if (selected.value !== key) return;
      if (reply.ok) view.value = reply;
      else error.value = reply.error;
    });
  }, [selected.value]);

  const collapsed = props.collapsed.value;
  const toggle = (): void => {
    props.collapsed.value = !collapsed;
    props.onCollapsedChange(!collapsed);
  };
  const task = tasks.value?.find((x) => x.key === selected.value);
  const area = task ? taskArea(task) : 'dns';
  const all = view.value?.items ?? [];
  // Once per loaded list, not per render: masking 10,000 messages takes ~130 ms.
  const { keys, groups } = useMemo(() => {
    const itemKeys = groupKeysOf(all);
    return { keys: itemKeys, groups: groupFailures(all, itemKeys) };
  }, [view.value]);
  const { visible, more } = visibleGroups(groups, GROUPS_SHOWN, groupsExpanded.value);
  const items = useMemo(() => selectGroups(all, chosenGroups.value, keys), [keys, chosenGroups.value]);
  const filtered = chosenGroups.value.size > 0;
  const existing = useMemo(() => items.filter(alreadyExists).length, [items]);
  // Fewer items than the task failed, and no more to page to: say so here and in the file names.
  const partial = view.value && !view.value.complete && view.value.total > all.length ? view.value.total : undefined;
  const base = `batchwatch-${props.family}-${task?.providerTaskId ?? 'task'}${partial !== undefined ? `-first-${all.length}-of-${partial}` : ''}${filtered ? `-selected-${items.length}` : ''}`;
  const truncated = partial !== undefined ? { shown: all.length, total: partial, note: t('firstOf', all.length, partial) } : undefined;
  const failedText = (x: PanelTaskView): string => (x.failed === undefined ? '' : x.total !== undefined ? t('failedOf', x.failed, x.total) : t('failed', x.failed));
  // The count first: a narrow menu cuts the end of an option, and the count is what matters.
  const optionText = (x: PanelTaskView): string => [failedText(x), `${x.color ? `[${t(x.color)}] ` : ''}${x.label}`, x.providerTaskId].filter(Boolean).join(' · ');
  const option = (x: PanelTaskView) => (
    <option key={x.key} value={x.key}>
      {optionText(x)}
    </option>
  );
  const chooseGroup = (key: string): void => {
    const next = new Set(chosenGroups.value);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    chosenGroups.value = next;
    resubmitMessage.value = '';
  };
  const downloadResubmit = (): void => {
    const file = resubmitFile(items, props.family, keepExisting.value);
    props.download(`${base}-resubmit.csv`, file.content, 'text/csv;charset=utf-8');
    resubmitMessage.value = file.leftOut ? t('leftOut', file.leftOut) : t('leftOutNone');
  };

  return (
    <section
      class={`panel ${collapsed ? 'collapsed' : ''}`}
      aria-label={t('title')}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !collapsed) toggle();
      }}
    >
      <header>
        <button type="button" class="toggle" aria-expanded={!collapsed} onClick={toggle}>
          <span aria-hidden="true">{collapsed ? '▸' : '▾'} </span>
          {collapsed ? t('expand') : t('collapse')}
          {task?.failed !== undefined ? ` · ${t('failed', task.failed)}` : ''}
        </button>
      </header>
      {!collapsed && (
        <div class="body">
          <h2>{t('title')}</h2>
          {props.foundTaskIds.value.map((id) => (
            <p key={id} class="found">
              {t('trackFound', id)}{' '}
              <button
                type="button"
                onClick={() =>
                  void client.track(id).then((r) => {
                    trackedMessage.value = r.ok ? t('tracked', id) : r.error;
                  })
                }
              >
                {t('track')}
              </button>
            </p>
          ))}
          {trackedMessage.value && <p role="status">{trackedMessage.value}</p>}
          {tasks.value === null ? (
            <p role="status">{t('loading')}</p>
          ) : tasks.value.length === 0 ? (
            <p>{error.value ? `${t('error')} ${error.value}` : t('noTasks')}</p>
          ) : (
            <>
              {here.value === 0 && <p class="note">{t('noneHere')}</p>}
              <label class="task-select">
                <span>{t('task')}</span>
                <select
                  value={selected.value}
                  title={task ? optionText(task) : undefined}
                  onChange={(e) => {
                    picked.value = true;
                    selected.value = e.currentTarget.value;
                  }}
                >
                  {ordered.here.length > 0 && ordered.others.length > 0 ? (
                    <>
                      <optgroup label={t('tasksHere')}>{ordered.here.map(option)}</optgroup>
                      <optgroup label={t('tasksOther')}>{ordered.others.map(option)}</optgroup>
                    </>
                  ) : (
                    [...ordered.here, ...ordered.others].map(option)
                  )}
                </select>
              </label>
              {task?.color && (
                <p class="account-color">
                  <span class={`chip chip-${task.color}`} aria-hidden="true" />
                  {t('accountColor', t(task.color))}
                </p>
              )}
              {error.value && <p role="alert">{`${t('error')} ${error.value}`}</p>}
              {!view.value && !error.value && <p role="status">{t('loading')}</p>}
              {view.value && all.length === 0 && <p>{t('empty')}</p>}
              {all.length > 0 && (
                <>
                  <h3 id="bw-groups">{t('groups')}</h3>
                  <p class="note" id="bw-groups-help">{t('groupsHelp')}</p>
                  <ul class="groups" aria-labelledby="bw-groups" aria-describedby="bw-groups-help">
                    {visible.map((g) => (
                      <li key={g.key}>
                        <button type="button" class="group" aria-pressed={chosenGroups.value.has(g.key)} title={g.example} onClick={() => chooseGroup(g.key)}>
                          <strong>{g.count}</strong>
                          {' × '}
                          {g.code ? <span class="code">{`${g.code} `}</span> : null}
                          <span class="example">{g.code ? g.example : `${t('example')} ${g.example}`}</span>
                        </button>
                        <div class="hint">{t(hintKey(g.code, g.example, area))}</div>
                      </li>
                    ))}
                  </ul>
                  <div class="group-actions">
                    {more > 0 && (
                      <button type="button" aria-expanded={false} onClick={() => (groupsExpanded.value = true)}>
                        {t('moreGroups', more)}
                      </button>
                    )}
                    {filtered && (
                      <button type="button" onClick={() => (chosenGroups.value = new Set())}>
                        {t('showAll', all.length)}
                      </button>
                    )}
                  </div>
                  <h3>{t('items')}</h3>
                  {partial !== undefined && <p role="note">{t('firstOf', all.length, partial)}</p>}
                  <p role="status" class="note">{filtered ? t('selectedOf', items.length, all.length) : ''}</p>
                  <VirtualList
                    items={items}
                    rowHeight={ROW_HEIGHT}
                    height={LIST_HEIGHT}
                    label={t('items')}
                    renderRow={(item: FailedItemView) => (
                      <>
                        <span class="item" title={item.item}>{item.item}</span>
                        {/* Focusable, so the whole reason can be read from the keyboard (it expands on focus). */}
                        <span class="message" tabIndex={0} title={item.message}>{item.message}</span>
                      </>
                    )}
                  />
                  <div class="actions">
                    <button type="button" onClick={() => props.download(`${base}.csv`, toCsv(items, truncated), 'text/csv;charset=utf-8')}>{t('exportCsv')}</button>
                    <button type="button" onClick={() => props.download(`${base}.json`, toJson(items, truncated), 'application/json')}>{t('exportJson')}</button>
                    {area === 'dcs' ? null : <button type="button" onClick={downloadResubmit}>{t('exportResubmit')}</button>}
                  </div>
                  {area === 'dcs' ? (
                    <p class="note">{t('noResubmitDcs')}</p>
                  ) : (
                    existing > 0 && (
                      <label class="keep">
                        <input type="checkbox" checked={keepExisting.value} onChange={(e) => {
                          keepExisting.value = e.currentTarget.checked;
                          resubmitMessage.value = '';
                        }} />
                        {t('includeExisting', existing)}
                      </label>
                    )
                  )}
                  <p role="status" class="note">{resubmitMessage.value}</p>
                </>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}

export const PANEL_CSS = `
:host { all: initial; }
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; width: 440px; max-width: calc(100vw - 32px);
  font: 13px/1.4 system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif;
  color: #1f2328; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; box-shadow: 0 8px 24px rgb(0 0 0 / 0.15); }
.panel.collapsed { width: auto; }
header { display: flex; }
.toggle { flex: 1; text-align: left; font: inherit; font-weight: 600; padding: 8px 12px; background: none; border: none; color: inherit; cursor: pointer; }
.body { padding: 0 12px 12px; max-height: 70vh; overflow: auto; }
h2 { font-size: 14px; margin: 4px 0 8px; }
h3 { font-size: 13px; margin: 10px 0 4px; }
select, button, input { font: inherit; color: inherit; }
.task-select span { display: block; color: #57606a; font-size: 12px; }
.task-select select { width: 100%; padding: 3px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
.account-color { margin: 4px 0 0; font-size: 12px; color: #57606a; display: flex; align-items: center; gap: 6px; }
.chip { display: inline-block; width: 10px; height: 10px; border-radius: 50%; border: 1px solid #d0d7de; }
.chip-red { background: #dc2626; } .chip-orange { background: #ea580c; } .chip-yellow { background: #ca8a04; }
.chip-green { background: #16a34a; } .chip-teal { background: #0d9488; } .chip-blue { background: #2563eb; }
.chip-purple { background: #9333ea; } .chip-pink { background: #db2777; } .chip-grey { background: #6b7280; }
.groups { margin: 0; padding: 0; list-style: none; }
.groups li { margin: 4px 0; overflow-wrap: anywhere; }
.group { display: block; width: 100%; text-align: left; padding: 3px 6px; border: 1px solid #d0d7de; border-radius: 6px; background: none; cursor: pointer; }
.group[aria-pressed="true"] { border-color: #1d4ed8; background: #ddf4ff; box-shadow: inset 3px 0 0 #1d4ed8; }
.group-actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 4px; }
.group-actions button { padding: 2px 8px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
.note { margin: 2px 0; font-size: 12px; color: #57606a; }
.keep { display: flex; gap: 6px; align-items: center; margin-top: 6px; font-size: 12px; }
.code { font-family: ui-monospace, monospace; color: #b42318; }
.hint { color: #116329; font-size: 12px; }
.viewport { position: relative; overflow-y: auto; border: 1px solid #d0d7de; border-radius: 6px; }
.rows { position: relative; margin: 0; padding: 0; list-style: none; }
.row { position: absolute; left: 0; right: 0; display: flex; gap: 8px; align-items: center; padding: 0 8px; border-bottom: 1px solid #eaeef2; white-space: nowrap; overflow: hidden; }
.row .item { flex: 0 0 55%; overflow: hidden; text-overflow: ellipsis; }
.row .message { flex: 1; overflow: hidden; text-overflow: ellipsis; color: #57606a; }
.row:focus-within { overflow: visible; z-index: 1; }
.row .message:focus { position: absolute; top: 0; left: 8px; right: 8px; min-height: 100%; box-sizing: border-box; white-space: normal; overflow: visible; overflow-wrap: anywhere; padding: 4px 6px; background: #fff; color: #1f2328; border: 1px solid #1d4ed8; border-radius: 6px; }
.actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
.actions button, .found button { padding: 3px 8px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .panel { color: #e6edf3; background: #161b22; border-color: #30363d; }
  .task-select select, .actions button, .found button, .group-actions button, .group { background: #0d1117; border-color: #30363d; }
  .group[aria-pressed="true"] { border-color: #79c0ff; background: #0c2d6b; box-shadow: inset 3px 0 0 #79c0ff; }
  .note { color: #9da7b3; }
  .row .message:focus { background: #161b22; color: #e6edf3; border-color: #79c0ff; }
  .row { border-color: #30363d; }
  .row .message, .task-select span { color: #9da7b3; }
  .code { color: #ff7b72; }
  .hint { color: #3fb950; }
  :focus-visible { outline-color: #79c0ff; }
}
`;
