/**
 * A fixed-row-height window over a long list: only the rows in view (plus a few) are in the
 * DOM, so 10,000 failed items stay smooth. A few dozen lines instead of a 9 KB library.
 */
import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  height: number;
  overscan?: number;
  label: string;
  renderRow(item: T, index: number): ComponentChildren;
}

export function visibleRange(scrollTop: number, height: number, rowHeight: number, count: number, overscan: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  return [first, last];
}

export function VirtualList<T>({ items, rowHeight, height, overscan = 8, label, renderRow }: VirtualListProps<T>) {
  const [scrollTop, setScrollTop] = useState(0);
  const [first, last] = visibleRange(scrollTop, height, rowHeight, items.length, overscan);
  const rows = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <li key={i} class="row" role="listitem" aria-setsize={items.length} aria-posinset={i + 1} style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}>
        {renderRow(items[i] as T, i)}
      </li>,
    );
  }
  return (
    <div class="viewport" tabIndex={0} aria-label={label} style={{ height: `${Math.min(height, items.length * rowHeight || rowHeight)}px` }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <ul class="rows" role="list" style={{ height: `${items.length * rowHeight}px` }}>
        {rows}
      </ul>
    </div>
  );
}
