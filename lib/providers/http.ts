/**
 * What every provider client shares: a fetch that only goes to the provider's own API
 * hosts, always has a timeout, reads at most MAX_RESPONSE_BYTES and turns transport failures
 * into ProviderErrors; WebCrypto helpers; and the one clock-skew retry, within bounds.
 */
import { ProviderError, type ProviderContext } from './types';

export const DEFAULT_TIMEOUT_MS = 20_000;
/** Below the 30 s the security checklist allows, whatever a caller asks for. */
export const MAX_TIMEOUT_MS = 29_000;
/** No documented answer comes near this; a bigger one is hostile or broken, never parsed. */
export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/**
 * Providers refuse signatures 5 to 15 minutes off. A server Date further than this from our
 * clock is more likely a hostile or broken answer than a wrong computer clock: never sign with it.
 */
export const MAX_CLOCK_OFFSET_MS = 60 * 60_000;

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  /**
   * The provider's API host match patterns (`Provider.apiHostPatterns`): the request is
   * refused, unsent, unless its URL matches one. Stored settings (a region, an endpoint) are
   * untrusted, and a signed request carries the access key id.
   */
  hosts: readonly string[];
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

/**
 * Whether `url` matches one of the match patterns (`https://host/*`, `https://*.domain/*`):
 * https only, default port, no user info, the host exactly or (for `*.`) a subdomain.
 */
export function matchesHostPatterns(url: string, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return false;
  return patterns.some((pattern) => {
    const match = /^https:\/\/(\*\.)?([a-z0-9.-]+)\/\*$/.exec(pattern);
    if (!match) return false;
    const [, wildcard, domain] = match;
    return parsed.hostname === domain || (wildcard !== undefined && parsed.hostname.endsWith(`.${domain}`));
  });
}

const tooLarge = (): ProviderError =>
  new ProviderError('malformed', `The answer was too large (over ${MAX_RESPONSE_BYTES / 1024 / 1024} MB) and was not read`, {
    code: 'AnswerTooLarge',
    sentence: { id: 'errorAnswerTooLarge' },
  });

/** The body as text, refusing (and cancelling) it once it passes MAX_RESPONSE_BYTES. */
async function readCapped(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_RESPONSE_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    if (received > MAX_RESPONSE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** Sends one request; never throws anything but a ProviderError. */
export async function send(ctx: ProviderContext, req: HttpRequest): Promise<HttpResponse> {
  if (!matchesHostPatterns(req.url, req.hosts)) {
    // Said without the URL's path or query: a planted region could carry anything.
    const host = URL.canParse(req.url) ? new URL(req.url).host : 'an invalid address';
    throw new ProviderError('invalid-input', `Refused to send a signed request to ${host}: not an API host of this provider`, {
      code: 'HostNotAllowed',
      sentence: { id: 'errorHostNotAllowed', host },
    });
  }
  const timeoutMs = Math.min(ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await ctx.fetch(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal,
      // No cookies of a signed-in console ride along, and none are set by the answer.
      credentials: 'omit',
      cache: 'no-store',
      // A redirect would carry the signed headers to wherever the server points.
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
    text = await readCapped(response);
  } catch (cause) {
    if (cause instanceof ProviderError) throw cause;
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

/** A stored clock offset is untrusted: one past MAX_CLOCK_OFFSET_MS counts as none. */
export function boundedClockOffset(offsetMs: number): number {
  return Number.isFinite(offsetMs) && Math.abs(offsetMs) <= MAX_CLOCK_OFFSET_MS ? offsetMs : 0;
}

/**
 * Runs a signed call; on a clock-skew refusal, takes the server's clock, re-signs (the
 * attempt is called again, so nonces and timestamps are fresh) and retries exactly once.
 * A server clock hours away from ours is refused instead: signing with it would spend a
 * signature (providers lock keys after a few bad ones) on a clock nobody can vouch for.
 */
export async function withClockSkewRetry<T>(ctx: ProviderContext, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (err instanceof ProviderError && err.cls === 'clock-skew' && err.serverTime !== undefined) {
      const offMs = Math.abs(err.serverTime - ctx.now());
      if (offMs > MAX_CLOCK_OFFSET_MS) {
        const h = (offMs / 3_600_000).toFixed(1);
        throw new ProviderError('clock-skew', `The server's clock is ${h} hours away from this computer's: not signing with it`, {
          code: 'ClockTooFarOff',
          sentence: { id: 'errorClockTooFarOff', hours: h },
        });
      }
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
