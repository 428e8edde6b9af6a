/**
 * The failed-items panel inside a provider console: that provider's recent tasks with
 * failures, the selected task's failures grouped by reason with a fix hint, every item in a
 * virtual list, and exports. API strings are only ever rendered as text.
 */
import { useSignal, type Signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { FailedItemsView, PanelTaskView } from '../../lib/messaging/messages';
import type { FailedItem } from '../../lib/providers/types';
import type { ConsoleFamily } from '../../lib/console/pages';
import { toCsv, toJson, toResubmitCsv } from '../../lib/files/failed-items';
import { hintKey, panelText, type PanelLang } from './strings';
import { VirtualList } from './VirtualList';

export type PanelReply<T> = ({ ok: true } & T) | { ok: false; error: string };

export interface PanelClient {
  tasks(): Promise<PanelReply<{ tasks: PanelTaskView[] }>>;
  failedItems(taskKey: string): Promise<PanelReply<FailedItemsView>>;
  track(taskId: string): Promise<PanelReply<object>>;
}

export interface PanelProps {
  family: ConsoleFamily;
  lang: PanelLang;
  client: PanelClient;
  collapsed: Signal<boolean>;
  onCollapsedChange(collapsed: boolean): void;
  /** Task ids read off the console page, offered for tracking. */
  foundTaskIds: Signal<string[]>;
  download(filename: string, content: string, mime: string): void;
}

export const ROW_HEIGHT = 28;
export const LIST_HEIGHT = 280;

export interface FailureGroup {
  key: string;
  code?: string;
  message: string;
  count: number;
}

/** Group by error code, or by message where there is no code; largest first. */
export function groupFailures(items: readonly FailedItem[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const item of items) {
    const key = item.code ? `code:${item.code}` : `message:${item.message}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { key, ...(item.code ? { code: item.code } : {}), message: item.message, count: 1 });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export function FailedItemsPanel(props: PanelProps) {
  const { lang, client } = props;
  const t = (key: Parameters<typeof panelText>[1], ...subs: (string | number)[]): string => panelText(lang, key, ...subs);
  const tasks = useSignal<PanelTaskView[] | null>(null);
  const selected = useSignal('');
  const view = useSignal<FailedItemsView | null>(null);
  const error = useSignal('');
  const trackedMessage = useSignal('');

  useEffect(() => {
    void client.tasks().then((reply) => {
      if (!reply.ok) {
        error.value = reply.error;
        tasks.value = [];
        return;
      }
      tasks.value = reply.tasks;
      if (reply.tasks[0]) selected.value = reply.tasks[0].key;
    });
  }, []);

  useEffect(() => {
    if (!selected.value) return;
    view.value = null;
    error.value = '';
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
  const items = view.value?.items ?? [];
  // Fewer items than the task failed, and no more to page to: say so here and in the file names.
  const partial = view.value && !view.value.complete && view.value.total > items.length ? view.value.total : undefined;
  const base = `batchwatch-${props.family}-${task?.providerTaskId ?? 'task'}${partial !== undefined ? `-first-${items.length}-of-${partial}` : ''}`;
  const truncated = partial !== undefined ? { shown: items.length, total: partial, note: t('firstOf', items.length, partial) } : undefined;

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
              <label class="task-select">
                <span>{t('task')}</span>
                <select value={selected.value} onChange={(e) => (selected.value = e.currentTarget.value)}>
                  {tasks.value.map((x) => (
                    <option key={x.key} value={x.key}>
                      {`${x.color ? `[${t(x.color)}] ` : ''}${x.label} · ${x.providerTaskId}${x.failed !== undefined ? ` · ${x.total !== undefined ? t('failedOf', x.failed, x.total) : t('failed', x.failed)}` : ''}`}
                    </option>
                  ))}
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
              {view.value && items.length === 0 && <p>{t('empty')}</p>}
              {items.length > 0 && (
                <>
                  <h3>{t('groups')}</h3>
                  <ul class="groups">
                    {groupFailures(items).slice(0, 8).map((g) => (
                      <li key={g.key}>
                        <strong>{g.count}</strong> × <span class="code">{g.code ?? ''}</span> <span>{g.message}</span>
                        <div class="hint">{t(hintKey(g.code, g.message))}</div>
                      </li>
                    ))}
                  </ul>
                  <h3>{t('items')}</h3>
                  {partial !== undefined && <p role="note">{t('firstOf', items.length, partial)}</p>}
                  <VirtualList
                    items={items}
                    rowHeight={ROW_HEIGHT}
                    height={LIST_HEIGHT}
                    label={t('items')}
                    renderRow={(item) => (
                      <>
                        <span class="item">{item.item}</span>
                        <span class="message">{item.message}</span>
                      </>
                    )}
                  />
                  <div class="actions">
                    <button type="button" onClick={() => props.download(`${base}.csv`, toCsv(items, truncated), 'text/csv;charset=utf-8')}>{t('exportCsv')}</button>
                    <button type="button" onClick={() => props.download(`${base}.json`, toJson(items, truncated), 'application/json')}>{t('exportJson')}</button>
                    <button type="button" onClick={() => props.download(`${base}-resubmit.csv`, toResubmitCsv(items, props.family), 'text/csv;charset=utf-8')}>{t('exportResubmit')}</button>
                  </div>
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
select, button { font: inherit; color: inherit; }
.task-select span { display: block; color: #57606a; font-size: 12px; }
.task-select select { width: 100%; padding: 3px; border: 1px solid #d0d7de; border-radius: 6px; background: #fff; }
.account-color { margin: 4px 0 0; font-size: 12px; color: #57606a; display: flex; align-items: center; gap: 6px; }
.chip { display: inline-block; width: 10px; height: 10px; border-radius: 50%; border: 1px solid #d0d7de; }
.chip-red { background: #dc2626; } .chip-orange { background: #ea580c; } .chip-yellow { background: #ca8a04; }
.chip-green { background: #16a34a; } .chip-teal { background: #0d9488; } .chip-blue { background: #2563eb; }
.chip-purple { background: #9333ea; } .chip-pink { background: #db2777; } .chip-grey { background: #6b7280; }
.groups { margin: 0; padding-left: 16px; }
.groups li { margin: 2px 0; overflow-wrap: anywhere; }
.code { font-family: ui-monospace, monospace; color: #b42318; }
.hint { color: #116329; font-size: 12px; }
.viewport { position: relative; overflow-y: auto; border: 1px solid #d0d7de; border-radius: 6px; }
.rows { position: relative; margin: 0; padding: 0; list-style: none; }
.row { position: absolute; left: 0; right: 0; display: flex; gap: 8px; align-items: center; padding: 0 8px; border-bottom: 1px solid #eaeef2; white-space: nowrap; overflow: hidden; }
.row .item { flex: 0 0 55%; overflow: hidden; text-overflow: ellipsis; }
.row .message { flex: 1; overflow: hidden; text-overflow: ellipsis; color: #57606a; }
.actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
.actions button, .found button { padding: 3px 8px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .panel { color: #e6edf3; background: #161b22; border-color: #30363d; }
  .task-select select, .actions button, .found button { background: #0d1117; border-color: #30363d; }
  .row { border-color: #30363d; }
  .row .message, .task-select span { color: #9da7b3; }
  .code { color: #ff7b72; }
  .hint { color: #3fb950; }
  :focus-visible { outline-color: #79c0ff; }
}
`;
