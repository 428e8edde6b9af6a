/**
 * Failed items as CSV, JSON and a resubmit file. Pure functions: the panel only turns the
 * result into a download. Cells that a spreadsheet would run as a formula are neutralised
 * in the CSV meant for spreadsheets only: the resubmit file goes back into the console's
 * batch import, where an apex `@` must stay `@` (a `'@` would be a new, wrong record).
 */
import type { FailedItemView } from '../providers/types';
import { alreadyExists } from '../console/failure-groups';

/** A spreadsheet runs a cell starting with these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralise(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** RFC 4180 quoting; `;` too, since a spreadsheet in a Chinese or European locale splits on it. */
export function quoteCell(value: string): string {
  return /[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Rows as CSV text; `cell` turns each value into its written form. */
export function toCsvRows(rows: readonly (readonly string[])[], cell: (value: string) => string = (v) => quoteCell(neutralise(v))): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n');
}

/** The columns every export shares, then the provider's own, in first-seen order. */
export function columnsOf(items: readonly FailedItemView[]): string[] {
  const extra: string[] = [];
  for (const item of items) for (const key of Object.keys(item.fields ?? {})) if (!extra.includes(key)) extra.push(key);
  return ['item', 'code', 'message', ...extra.filter((k) => !['item', 'code', 'message'].includes(k))];
}

/**
 * The export holds fewer items than the task failed (the API pages no further): the file
 * must say so itself, since a file outlives its name. `note` is the sentence in the user's
 * language ("First 4000 of 4500 failed items; the console has the rest.").
 */
export interface Truncation {
  shown: number;
  total: number;
  note: string;
}

/**
 * UTF-8 with a BOM, so Excel shows Chinese text correctly; RFC 4180 quoting. A truncated
 * export starts with one line, the note as a single cell marked `#`, above the header: this
 * file is for reading in a spreadsheet, where the first line is what is seen.
 */
export function toCsv(items: readonly FailedItemView[], truncated?: Truncation): string {
  const columns = columnsOf(items);
  const rows = items.map((item) => columns.map((c) => (c === 'item' ? item.item : c === 'code' ? (item.code ?? '') : c === 'message' ? item.message : (item.fields?.[c] ?? ''))));
  const note = truncated ? [[`# ${truncated.note}`]] : [];
  return `\uFEFF${toCsvRows([...note, columns, ...rows])}\r\n`;
}

/** Always `{ truncated, items }`: `truncated` is null when every failed item is in the file. */
export function toJson(items: readonly FailedItemView[], truncated?: Truncation): string {
  return `${JSON.stringify(
    {
      truncated: truncated ? { shown: truncated.shown, total: truncated.total, note: truncated.note } : null,
      items: items.map((i) => ({ item: i.item, code: i.code ?? null, message: i.message, fields: i.fields ?? {} })),
    },
    null,
    2,
  )}\n`;
}

/**
 * Only the failed records, in the columns the console's batch import takes where that is
 * known from the fields the provider gave; otherwise the same columns as the CSV. It never
 * carries the truncation note: the console would import that line as a record. Its file
 * name says "first N of M" instead.
 */
export function toResubmitCsv(items: readonly FailedItemView[], family: 'huawei' | 'alibaba' | 'dnspod'): string {
  const layouts: Record<string, string[]> = {
    huawei: ['name', 'type', 'line', 'ttl', 'records', 'weight', 'description'],
    alibaba: ['Domain', 'Rr', 'Type', 'Line', 'Value', 'Ttl', 'Priority'],
    dnspod: ['domain', 'sub_domain', 'record_type', 'record_line', 'value', 'ttl', 'mx'],
  };
  const columns = layouts[family] ?? [];
  // Failed URLs (a refresh or preload) go back as the consoles' submit boxes take them: one a line, nothing else.
  if (items.length && items.every((i) => i.fields?.URL && !columns.some((c) => i.fields?.[c]))) return `${items.map((i) => i.fields!.URL).join('\r\n')}\r\n`;
  const usable = items.filter((i) => columns.some((c) => i.fields?.[c]));
  if (!usable.length) return toCsv(items);
  // Verbatim (quoted only): the console reads these values back as records.
  return `\uFEFF${toCsvRows([columns, ...usable.map((i) => columns.map((c) => i.fields?.[c] ?? ''))], quoteCell)}\r\n`;
}

export interface ResubmitFile {
  content: string;
  /** Items left out because their reason says they already exist: resubmitted, they would fail again. */
  leftOut: number;
}

/**
 * The resubmit file the panel offers: by default without the items that already exist
 * (the fix hint for them says to skip them); `keepExisting` puts them back.
 */
export function resubmitFile(items: readonly FailedItemView[], family: 'huawei' | 'alibaba' | 'dnspod', keepExisting = false): ResubmitFile {
  const kept = keepExisting ? items : items.filter((i) => !alreadyExists(i));
  // Nothing left: the header the full file would have had, so the console still reads it.
  const content = kept.length ? toResubmitCsv(kept, family) : `${toResubmitCsv(items, family).split('\r\n')[0] ?? ''}\r\n`;
  return { content, leftOut: items.length - kept.length };
}
