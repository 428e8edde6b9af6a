/**
 * What the CDN task sources (Tencent, Huawei) share: the task kinds the surfaces have words for,
 * the label the account form shows, how a refused CDN call is told, and unreadable rows.
 */
import type { Unreadable } from './shape';
import { withCode } from './sentences';
import type { ProviderContext, ProviderError, Text } from './types';

/** Task kinds of CDN refresh and preload, named alike on every cloud (the surfaces' words follow the kind). */
export const CDN_KINDS = { refreshUrls: 'cdn-refresh-url', refreshDirectories: 'cdn-refresh-dir', preload: 'cdn-preload' } as const;

export const CDN_TASKS_LABEL: Text = { id: 'capabilityCdnTasks' };

/** A refused permission names the CDN action to grant; other errors keep the provider's sentence. */
export function describeCdnError(err: ProviderError): Text | undefined {
  return err.cls === 'permission' && err.action ? withCode({ id: 'errorPermissionCdn', action: err.action }, err) : undefined;
}

/** Rows a CDN list had but Batchwatch could not read (no task ID): counted and told, never dropped silently. */
export function reportCdnUnreadable(ctx: Pick<ProviderContext, 'unreadable'>, kind: string, accountName: string, unreadable: Unreadable): void {
  if (unreadable.count === 0) return;
  ctx.unreadable?.({ kind, count: unreadable.count, message: { id: 'cdnRowsUnreadable', n: unreadable.count, account: accountName }, shapes: unreadable.shapes });
}
