/**
 * What the console content scripts get as their context instead of WXT's
 * ContentScriptContext: wxt.config.ts points `wxt/utils/content-script-context` here for
 * content-script builds, so WXT's entrypoint wrapper constructs this class.
 *
 * WXT's context announces every start to the page (a `window.postMessage` to "*" and a
 * `document` event, both named after the extension id) so that an older copy of the script
 * stops, and it stops itself when such an event arrives with another id. Any console page
 * could thus learn that Batchwatch is installed (and its id), and switch it off with one
 * forged event (issue 29, finding 1). This one sends nothing a page can see, dispatches no
 * event, and listens to nothing but the page events its caller asks for: it ends only when
 * the extension itself goes away (reloaded or removed under the page).
 */

/** WXT's name for "the page's address changed" (single-page navigation). */
const LOCATION_CHANGE = 'wxt:locationchange';
/** How often the address is compared while someone follows it. */
export const LOCATION_POLL_MS = 1000;

interface ExtensionGlobal {
  runtime?: { id?: string };
}

const extensionAlive = (): boolean => {
  const g = globalThis as unknown as { browser?: ExtensionGlobal; chrome?: ExtensionGlobal };
  return (g.browser ?? g.chrome)?.runtime?.id != null;
};

export class ContentScriptContext {
  readonly #controller = new AbortController();
  #locationListeners: (() => void)[] | undefined;

  /** The same parameters as WXT's constructor, which the entrypoint wrapper passes; neither is announced anywhere. */
  constructor(
    readonly contentScriptName: string,
    readonly options?: unknown,
  ) {}

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the extension is gone: its APIs throw from then on, so the script winds down. */
  get isInvalid(): boolean {
    if (!extensionAlive()) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  onInvalidated(callback: () => void): () => void {
    this.signal.addEventListener('abort', callback);
    return () => this.signal.removeEventListener('abort', callback);
  }

  notifyInvalidated(): void {
    this.#controller.abort('The extension is gone');
  }

  /** A promise that never settles, for work that must not go on after the extension is gone. */
  block<T>(): Promise<T> {
    return new Promise<T>(() => undefined);
  }

  setTimeout(handler: () => void, ms: number): number {
    const id = window.setTimeout(() => {
      if (this.isValid) handler();
    }, ms);
    this.onInvalidated(() => window.clearTimeout(id));
    return id;
  }

  setInterval(handler: () => void, ms: number): number {
    const id = window.setInterval(() => {
      if (this.isValid) handler();
    }, ms);
    this.onInvalidated(() => window.clearInterval(id));
    return id;
  }

  /**
   * A page event, removed when the context ends. "wxt:locationchange" is followed here by
   * comparing the address: WXT dispatches it as a window event (named after the extension
   * id, so visible to the page, and forgeable by it); here the listener is called directly.
   */
  addEventListener(target: EventTarget, type: string, handler: () => void, options?: AddEventListenerOptions): void {
    if (type !== LOCATION_CHANGE) {
      target.addEventListener(type, handler, options);
      this.onInvalidated(() => target.removeEventListener(type, handler, options));
      return;
    }
    if (this.#locationListeners) {
      this.#locationListeners.push(handler);
      return;
    }
    const listeners = (this.#locationListeners = [handler]);
    let last = location.href;
    this.setInterval(() => {
      if (location.href === last) return;
      last = location.href;
      for (const listener of listeners) listener();
    }, LOCATION_POLL_MS);
  }
}
