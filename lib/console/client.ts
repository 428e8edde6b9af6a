/**
 * What runs on console pages talks to the background through this: the extension global
 * directly (no polyfill, no zod), so the manifest content script stays a few KB.
 */
import type { ContentRequest } from '../messaging/messages';

interface RuntimeLike {
  runtime: { sendMessage(message: unknown): Promise<unknown> };
  i18n: { getUILanguage(): string };
}

export function extensionApi(): RuntimeLike {
  const g = globalThis as unknown as { browser?: RuntimeLike; chrome?: RuntimeLike };
  const api = g.browser ?? g.chrome;
  if (!api) throw new Error('Batchwatch: no extension API in this context');
  return api;
}

export async function sendContentMessage<T>(request: ContentRequest): Promise<T> {
  return (await extensionApi().runtime.sendMessage(request)) as T;
}
