/**
 * Huawei's error shapes (gateway, DNS, DCS) → error classes, and sentences that say what
 * to do. Every code here has its source in test/fake-cloud/huawei-errors.ts (the signing guide's
 * gateway table, the DNS error-code appendix); a code no page documents is read by its HTTP status.
 */
import { ProviderError, type ErrorClass } from '../types';
import { errorMessages, withCode } from '../sentences';
import type { Message } from '../../i18n/catalogue';
import { parseRetryAfter, type HttpResponse } from '../http';
import { gatewayErrorSchema } from './schemas';
import { known } from '../shape';

const CODE_CLASSES: Record<string, ErrorClass> = {
  'APIGW.0301': 'auth',
  'APIGW.0303': 'auth',
  'APIG.0301': 'auth',
  'APIGW.0101': 'not-found',
  'APIG.0101': 'not-found',
  // "The token must be updated": temporary keys' security token expired. Not a refused key.
  'APIGW.0307': 'expired',
  'APIGW.0308': 'throttled',
  'APIG.0308': 'throttled',
};

/** The gateway says the signature date is off (X-Sdk-Date outside ±15 min). */
const CLOCK_HINT = /(x-sdk-date|timestamp|time ?stamp|request expired|expired)/i;

/** `action`: the IAM action the call needs (named when the answer is a refused permission). */
export function classifyHuaweiError(res: HttpResponse, now: number, action?: string): ProviderError {
  let body: unknown;
  try {
    body = JSON.parse(res.text) as unknown;
  } catch {
    body = undefined;
  }
  const parsed = gatewayErrorSchema.safeParse(body);
  const fields = parsed.success ? parsed.data : {};
  const code = fields.error_code ?? fields.code ?? undefined;
  const message = (fields.error_msg ?? fields.message ?? fields.error_ext_msg ?? '').slice(0, 300);
  const requestId = res.headers.get('x-request-id') ?? fields.request_id ?? undefined;
  const details = {
    code: code ?? undefined,
    httpStatus: res.status,
    requestId,
    serverTime: res.serverTime,
    retryAfterMs: parseRetryAfter(res.headers, now),
    ...(action ? { action } : {}),
  };
  let cls: ErrorClass | undefined = known(CODE_CLASSES, code);
  if (cls === 'auth' && CLOCK_HINT.test(message) && res.serverTime !== undefined) cls = 'clock-skew';
  if (!cls) {
    if (res.status === 401) cls = 'auth';
    else if (res.status === 403) cls = 'permission';
    else if (res.status === 404) cls = 'not-found';
    else if (res.status === 429) cls = 'throttled';
    else if (res.status >= 500) cls = 'server';
    else cls = 'invalid-input';
  }
  return new ProviderError(cls, `Huawei Cloud answered ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`, details);
}

const SENTENCES = errorMessages('providerHuawei', {
  auth: { id: 'errorAuthHuawei' },
  permission: { id: 'errorPermissionHuawei' },
  'not-found': { id: 'errorNotFoundHuawei' },
  'invalid-input': { id: 'errorInvalidInputHuawei' },
});

export function describeHuaweiError(err: ProviderError): Message {
  return withCode(err.cls === 'permission' && err.action ? { id: 'errorPermissionHuaweiAction', action: err.action } : SENTENCES[err.cls], err);
}
