/**
 * Typed senders for the popup, the options page and console scripts. Only types come from
 * lib/messages.ts, so zod (and every schema) stays out of these bundles; the background
 * validates whatever arrives anyway.
 */
import { browser } from 'wxt/browser';
import type { ContentReply, ContentRequest, PageReply, PageRequest } from './messages';

/** From an extension page (popup, options) to the background. */
export async function sendPageMessage<R extends PageRequest>(request: R): Promise<PageReply<R['type']>> {
  return (await browser.runtime.sendMessage(request)) as PageReply<R['type']>;
}

/** From a console content script (or the injected panel) to the background. */
export async function sendContentMessage<R extends ContentRequest>(request: R): Promise<ContentReply<R['type']>> {
  return (await browser.runtime.sendMessage(request)) as ContentReply<R['type']>;
}
