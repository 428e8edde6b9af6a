/**
 * What each documented Alibaba Cloud error code means to Batchwatch. Where every code is
 * documented is listed, per code, in test/fake-cloud/alibaba-errors.ts (the tests check
 * both agree). Alibaba says to branch on Code, not on the HTTP status.
 */
import { known } from '../shape';
import type { ErrorClass } from '../types';

/** The OpenAPI common codes, answered by every Alidns action (Batchwatch calls two). */
export const ALIBABA_CODES: Readonly<Record<string, ErrorClass>> = {
  InvalidAccessKeyId: 'auth',
  'InvalidAccessKeyId.NotFound': 'auth',
  'InvalidAccessKeyId.Inactive': 'auth',
  SignatureDoesNotMatch: 'auth',
  IncompleteSignature: 'auth',
  // Temporary keys past their expiry: new ones are pasted; not a refused key.
  'InvalidSecurityToken.Expired': 'expired',
  'InvalidTimeStamp.Expired': 'clock-skew',
  'InvalidTimeStamp.Format': 'clock-skew',
  // A nonce reused by a retry of ours: signing again with a fresh one is enough.
  SignatureNonceUsed: 'server',
  Throttling: 'throttled',
  'Throttling.User': 'throttled',
  'Throttling.Api': 'throttled',
  'Forbidden.RAM': 'permission',
  ServiceUnavailable: 'server',
  InternalError: 'server',
  'InvalidAction.NotFound': 'invalid-input',
  MissingParameter: 'invalid-input',
  InvalidParameter: 'invalid-input',
};

/**
 * A documented code by its table; an undocumented one by the families Alibaba's own SDK
 * and docs name (any code containing "Throttling"; Forbidden.*), then by the HTTP status.
 * An undocumented code is never "not found": only an answer about the task marks it gone.
 */
export function alibabaErrorClass(code: string | undefined, httpStatus: number): ErrorClass {
  const listed = code ? known(ALIBABA_CODES, code) : undefined;
  if (listed) return listed;
  if (code?.includes('Throttling')) return 'throttled';
  if (code?.startsWith('Forbidden')) return 'permission';
  if (httpStatus >= 500) return 'server';
  if (httpStatus === 429) return 'throttled';
  if (httpStatus === 401) return 'auth';
  if (httpStatus === 403) return 'permission';
  return 'invalid-input';
}
