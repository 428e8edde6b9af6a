/**
 * A finished DNSPod job with failures, tracked through the router as the popup tracks one, whose
 * failed items the test then plants: `read` asks for them as the popup and the panel do, so what
 * comes back is what the background renders in `lang`.
 */
import { expect } from 'vitest';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import type { FailedItemView, Lang } from '../../../lib/providers/types';
import { scriptedProvider } from '../engine/scripted';
import { CLOCK_START, engineDeps } from './fakes';

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const popup: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

export async function storedFailedTask(lang: Lang): Promise<{ key: string; read: () => Promise<FailedItemView[]> }> {
  const source = scriptedProvider('dnspod', { listable: false, remote: [{ id: '3333', finishAt: CLOCK_START - 1, final: 'failed', failed: 1, createdAt: CLOCK_START - 30_000 }] });
  const env = engineDeps([source.provider], undefined, { lang: () => lang });
  const saved = await routeMessage(env.deps, { type: 'saveAccount', provider: 'dnspod', name: 'd', settings: { region: 'r1' }, secrets: { secretKey: 'secret-0001' } }, popup, SELF);
  const accountId = (saved as unknown as { accountId: string }).accountId;
  await routeMessage(env.deps, { type: 'trackTask', accountId, taskId: '3333' }, popup, SELF);
  const key = `${accountId}:job:3333`;
  return {
    key,
    read: async () => {
      const reply = await routeMessage(env.deps, { type: 'getFailedItems', taskKey: key }, popup, SELF);
      expect(reply).toMatchObject({ ok: true, taskKey: key });
      return (reply as unknown as { items: FailedItemView[] }).items;
    },
  };
}
