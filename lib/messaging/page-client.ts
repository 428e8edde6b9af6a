/**
 * The typed sender for the popup and the options page (console scripts use lib/console/client.ts). Only types come from
 * lib/messaging/messages.ts, so zod (and every schema) stays out of these bundles; the background
 * validates whatever arrives anyway.
 */
import { browser } from 'wxt/browser';
import type { PageReply, PageRequest } from './messages';

/** From an extension page (popup, options) to the background. */
export async function sendPageMessage<R extends PageRequest>(request: R): Promise<PageReply<R['type']>> {
  return (await browser.runtime.sendMessage(request)) as PageReply<R['type']>;
}
