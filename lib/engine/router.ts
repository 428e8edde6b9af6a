/**
 * The background's single message entry: checks who is asking, validates the request
 * against its table's zod schema, and answers with a Reply. Never throws, never answers
 * a content script with anything of another provider, never returns a secret.
 */
import { detectConsolePage } from '../console/pages';
import { contentRequestSchema, pageRequestSchema, type Reply } from '../messaging/messages';
import { handleContentRequest, handlePageRequest, type ConsoleSender, type ServiceDeps } from './service';

export interface MessageSender {
  id?: string;
  url?: string;
  origin?: string;
  /** Chrome: the sending document (one page load). */
  documentId?: string;
  tab?: { id?: number; url?: string };
}

export interface Self {
  id: string;
  /** e.g. chrome-extension://<id>/ */
  origin: string;
}

const refuse = (error: string): Reply<never> => ({ ok: false, error });

export function isExtensionPageSender(sender: MessageSender, self: Self): boolean {
  if (sender.id !== self.id || !sender.url?.startsWith(self.origin)) return false;
  // An extension page opened in a tab is still ours; a web page's tab never is.
  return !sender.tab || Boolean(sender.tab.url?.startsWith(self.origin));
}

/**
 * Requests that carry keys typed in a form: only the options page's own document may send
 * them, not the popup nor any other page of the extension.
 */
const OPTIONS_PAGE_ONLY: ReadonlySet<string> = new Set(['testKeys']);

export function isOptionsPageSender(sender: MessageSender, self: Self): boolean {
  return isExtensionPageSender(sender, self) && sender.url?.split(/[?#]/)[0] === `${self.origin}options.html`;
}

export function consoleSender(sender: MessageSender, self: Self): ConsoleSender | undefined {
  if (sender.id !== self.id || sender.tab?.id === undefined || !sender.url) return undefined;
  if (sender.url.startsWith(self.origin)) return undefined;
  if (!detectConsolePage(sender.url)) return undefined;
  return { url: sender.url, tabId: sender.tab.id, ...(typeof sender.documentId === 'string' ? { documentId: sender.documentId } : {}) };
}

/**
 * The user opened the popup or the options page: the passphrase vault's idle lock counts from
 * now. Only these count; a reload after a storage change, polling, or anything a console page
 * sends does not (a hostile console renderer could send the panel's messages at will and keep
 * the vault unlocked forever).
 */
async function userActive(deps: ServiceDeps): Promise<void> {
  await deps.secrets.noteUserActivity?.().catch(() => undefined);
}

export async function routeMessage(deps: ServiceDeps, message: unknown, sender: MessageSender, self: Self): Promise<Reply<object>> {
  try {
    if (isExtensionPageSender(sender, self)) {
      const parsed = pageRequestSchema.safeParse(message);
      if (!parsed.success) return refuse('Invalid request');
      if (OPTIONS_PAGE_ONLY.has(parsed.data.type) && !isOptionsPageSender(sender, self)) return refuse('Sender not allowed');
      if (parsed.data.type === 'getState' && parsed.data.opened) await userActive(deps);
      return await handlePageRequest(deps, parsed.data);
    }
    const fromConsole = consoleSender(sender, self);
    if (fromConsole) {
      const parsed = contentRequestSchema.safeParse(message);
      if (!parsed.success) return refuse('Invalid request');
      return await handleContentRequest(deps, parsed.data, fromConsole);
    }
    return refuse('Sender not allowed');
  } catch (err) {
    // A bug must not take the worker down; the message carries no request data.
    console.error('Batchwatch: a message handler failed', err instanceof Error ? err.name : typeof err);
    return refuse('Internal error');
  }
}
