/**
 * Tencent Cloud API 3.0, as every product's source calls it with one key (a Tencent Cloud key
 * serves DNSPod and CDN alike): TC3 signing, the clock-skew retry, errors inside an HTTP 200
 * `Response.Error`, and the times those APIs give in China Standard Time.
 */
import { z } from 'zod';
import { parseRetryAfter, send, withClockSkewRetry } from './http';
import { object, parseAnswer, text } from './shape';
import { ProviderError, type Credentials, type ErrorClass, type ProviderContext } from './types';
import { signTc3 } from './dnspod/sign';
import { usableToken } from './temporary-keys';

/** The common codes' classes (DNSPod's table), with a product action's own codes. */
export { api3ErrorClass } from './dnspod/errors';

/** The site a Tencent Cloud key is called on (the DNSPod account's setting names the DNSPod host of its site). */
export const API3_HOSTS = { china: 'dnspod.tencentcloudapi.com', intl: 'dnspod.intl.tencentcloudapi.com' } as const;

/** Every API 3.0 answer's error, inside `Response` (HTTP 200). */
export const api3Error = object({ Code: text, Message: text });

/** Tencent Cloud times without a zone are China Standard Time (UTC+8). */
export function parseChinaTime(value: string | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value ?? '');
  if (!m) return undefined;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]! - 8, +m[5]!, +m[6]!);
}

/** `{ Response }` around the call's schema; an answer without it is malformed. */
const responseOf = <T>(schema: z.ZodType<T>) => z.looseObject({ Response: schema.optional().catch(undefined) });

export interface Api3Call<T> {
  /** Which API host of the key's site, and every host the product may be called on. */
  host: string;
  hosts: readonly string[];
  service: string;
  action: string;
  version: string;
  /** The exact JSON body sent (and signed). */
  body: string;
  schema: z.ZodType<T>;
  /** The product's name in developer messages, e.g. 'DNSPod'. */
  who: string;
  /** The product's error classes for this action's own codes (the common ones are added). */
  classify: (code: string) => ErrorClass;
  /** The CAM action the call needs, named on a refused permission. */
  camAction?: string;
}

/**
 * One signed Tencent Cloud API 3.0 call (any product: a Tencent Cloud key serves DNSPod and CDN
 * alike): TC3 signing, the clock-skew retry, HTTP failures and the HTTP 200 `Response.Error`
 * read as ProviderErrors, and the answer's `Response` parsed with the caller's schema.
 */
export async function callApi3<T extends { Error?: { Code?: string | undefined; Message?: string | undefined } | undefined }>(cred: Credentials, ctx: ProviderContext, call: Api3Call<T>): Promise<T> {
  return withClockSkewRetry(ctx, async () => {
    const signed = await signTc3({ host: call.host, service: call.service, action: call.action, version: call.version, body: call.body, timestamp: Math.floor(ctx.now() / 1000), secretId: cred.secrets.secretId ?? '', secretKey: cred.secrets.secretKey ?? '', token: usableToken(cred, ctx.now()) });
    const res = await send(ctx, { url: `https://${call.host}/`, method: 'POST', headers: signed.headers, body: call.body, hosts: call.hosts });
    const retryAfterMs = parseRetryAfter(res.headers, ctx.now());
    if (res.status >= 500) throw new ProviderError('server', `${call.who} answered ${res.status}`, { httpStatus: res.status });
    if (res.status === 429) throw new ProviderError('throttled', `${call.who} answered 429`, { httpStatus: 429, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    const parsed = responseOf(call.schema).safeParse(parseAnswer(res.text, call.action));
    const response = parsed.success ? parsed.data.Response : undefined;
    if (!response) throw new ProviderError('malformed', `${call.action}: the answer does not have the documented shape`, { httpStatus: res.status });
    const error = response.Error;
    if (error) {
      const code = error.Code ?? 'UnknownError';
      const cls = call.classify(code);
      throw new ProviderError(cls, `${call.who} answered ${code}: ${(error.Message ?? '').slice(0, 300)}`, {
        code,
        ...(res.serverTime !== undefined ? { serverTime: res.serverTime } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        ...(cls === 'permission' && call.camAction ? { action: call.camAction } : {}),
      });
    }
    return response;
  });
}
