/**
 * What every provider client shares: a fetch that always has a timeout and turns
 * transport failures into ProviderErrors, WebCrypto helpers, and the one clock-skew retry.
 */
import { ProviderError, type ProviderContext } from './types';

export const DEFAULT_TIMEOUT_MS = 20_000;

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The server's clock from its Date header (epoch ms), when it sent one. */
  serverTime: number | undefined;
}

export function parseHttpDate(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Retry-After (seconds or an HTTP date) or Alibaba's x-acs-retry-after (seconds), in ms. */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  for (const name of ['retry-after', 'x-acs-retry-after']) {
    const value = headers.get(name)?.trim();
    if (!value) continue;
    if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
    const at = parseHttpDate(value);
    if (at !== undefined) return Math.max(0, at - now);
  }
  return undefined;
}

/** Sends one request; never throws anything but a ProviderError. */
export async function send(ctx: ProviderContext, req: HttpRequest): Promise<HttpResponse> {
  const timeoutMs = Math.min(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS, 29_000);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await ctx.fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch (cause) {
    if (timeout.aborted) {
      throw new ProviderError('timeout', `No answer within ${Math.round(timeoutMs / 1000)} s`, { cause });
    }
    throw new ProviderError('network', 'The request could not be sent (network error)', { cause });
  }
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    const cls = timeout.aborted ? 'timeout' : 'network';
    throw new ProviderError(cls, 'The answer was cut off before it was complete', { cause });
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    serverTime: parseHttpDate(response.headers.get('date')),
  };
}

/** JSON.parse that turns a syntax error into a `malformed` ProviderError. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ProviderError('malformed', `${what}: the answer is not valid JSON`, { cause });
  }
}

/**
 * Runs a signed call; on a clock-skew refusal, takes the server's clock, re-signs (the
 * attempt is called again, so nonces and timestamps are fresh) and retries exactly once.
 */
export async function withClockSkewRetry<T>(ctx: ProviderContext, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof ProviderError && err.cls === 'clock-skew' && err.serverTime !== undefined) {
      ctx.adjustClock(err.serverTime);
      return attempt();
    }
    throw err;
  }
}

const encoder = new TextEncoder();

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = '';
  for (const b of view) out += b.toString(16).padStart(2, '0');
  return out;
}

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary);
}

export const utf8 = (s: string): Uint8Array<ArrayBuffer> => encoder.encode(s) as Uint8Array<ArrayBuffer>;

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

export async function hmac(
  algorithm: 'SHA-256' | 'SHA-1',
  key: string | Uint8Array<ArrayBuffer>,
  message: string,
): Promise<ArrayBuffer> {
  const keyBytes = typeof key === 'string' ? utf8(key) : key;
  const cryptoKey = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: algorithm }, false, ['sign']);
  return crypto.subtle.sign('HMAC', cryptoKey, utf8(message));
}

/** RFC 3986 percent-encoding of UTF-8 bytes: only A-Z a-z 0-9 - _ . ~ stay literal. */
export function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
