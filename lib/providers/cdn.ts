/**
 * What the CDN task sources (Alibaba, Tencent, Huawei) share: the task kinds the surfaces have
 * words for, the label the account form shows, "Test connection" by one small list call, how a
 * refused CDN call is told, and unreadable rows.
 */
import type { Unreadable } from './shape';
import { withCode } from './sentences';
import type { TaskSource } from './source';
import type { Credentials, ProviderContext, ProviderError, Text } from './types';

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

export type CdnSourceParts = Omit<TaskSource, 'label' | 'kinds' | 'testConnection' | 'describeError'> & {
  /** Its kinds, where the cloud has more than refresh (URLs, directories) and preload. */
  kinds?: readonly string[];
  /** The smallest call of each action the source needs: "Test connection" makes these. */
  probe(cred: Credentials, ctx: ProviderContext): Promise<unknown>;
};

/** A CDN task source from what is its own; the rest is every CDN source's. */
export function cdnSource({ probe, ...own }: CdnSourceParts): TaskSource {
  const actions = new Set(own.calls.map((c) => c.action));
  return {
    label: CDN_TASKS_LABEL,
    kinds: [CDN_KINDS.refreshUrls, CDN_KINDS.refreshDirectories, CDN_KINDS.preload],
    ...own,
    // A refusal is the fold's to tell, as this capability's state.
    async testConnection(cred, ctx) {
      await probe(cred, ctx);
      return [];
    },
    // Only a refusal of its own calls: the provider's DNS calls, refused, keep the provider's sentence.
    describeError: (err) => (err.action !== undefined && actions.has(err.action) ? describeCdnError(err) : undefined),
  };
}
