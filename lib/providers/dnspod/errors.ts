/**
 * What each documented DNSPod error code means to Batchwatch. Where every code is documented
 * is listed, per code, in test/fake-cloud/dnspod-errors.ts (the tests check both agree).
 */
import { known } from '../shape';
import type { ErrorClass } from '../types';

/** DescribeBatchTask's own codes (the Tencent SDK's per-action list for that call). */
export const DESCRIBE_BATCH_TASK_CODES: Readonly<Record<string, ErrorClass>> = {
  // The job does not exist: for a tracked job, it is gone.
  'InvalidParameter.BatchTaskNotExist': 'not-found',
  // The job is another account's: this account will never see it, so it is gone for this account too.
  'FailedOperation.NotBatchTaskOwner': 'not-found',
  'InvalidParameter.ParamsIllegal': 'invalid-input',
};

/** Tencent Cloud API 3.0's common codes, answered by every action. */
export const API3_COMMON_CODES: Readonly<Record<string, ErrorClass>> = {
  'AuthFailure.InvalidAuthorization': 'auth',
  'AuthFailure.InvalidSecretId': 'auth',
  'AuthFailure.MFAFailure': 'auth',
  'AuthFailure.SecretIdNotFound': 'auth',
  'AuthFailure.SignatureExpire': 'clock-skew',
  'AuthFailure.SignatureFailure': 'auth',
  // The X-TC-Token of temporary keys is expired or wrong: new ones are pasted; not a refused key.
  'AuthFailure.TokenFailure': 'expired',
  // The key is fine; CAM does not allow this call: a permission to grant, not a key to re-enter.
  'AuthFailure.UnauthorizedOperation': 'permission',
  UnauthorizedOperation: 'permission',
  IpInBlacklist: 'permission',
  IpNotInWhitelist: 'permission',
  RequestLimitExceeded: 'throttled',
  'RequestLimitExceeded.IPLimitExceeded': 'throttled',
  'RequestLimitExceeded.UinLimitExceeded': 'throttled',
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded': 'throttled',
  InternalError: 'server',
  ServiceUnavailable: 'server',
  ResourceUnavailable: 'server',
  ResourceNotFound: 'not-found',
  FailedOperation: 'invalid-input',
  InvalidAction: 'invalid-input',
  InvalidParameter: 'invalid-input',
  InvalidParameterValue: 'invalid-input',
  InvalidRequest: 'invalid-input',
  MissingParameter: 'invalid-input',
  UnknownParameter: 'invalid-input',
  NoSuchProduct: 'invalid-input',
  NoSuchVersion: 'invalid-input',
  UnsupportedOperation: 'invalid-input',
  UnsupportedProtocol: 'invalid-input',
  UnsupportedRegion: 'invalid-input',
  RequestSizeLimitExceeded: 'invalid-input',
  ResponseSizeLimitExceeded: 'server',
  LimitExceeded: 'invalid-input',
};

/**
 * A documented code by its table (the calling action's own codes, then the common ones; another
 * Tencent Cloud product's source passes its action's table); an undocumented one by its family (Tencent names codes
 * `Family.Detail`), and otherwise a refusal of the request, never "not found": only a
 * documented not-found code may mark a job gone.
 */
export function api3ErrorClass(code: string, actionCodes: Readonly<Record<string, ErrorClass>> = DESCRIBE_BATCH_TASK_CODES): ErrorClass {
  const listed = known(actionCodes, code) ?? known(API3_COMMON_CODES, code);
  if (listed) return listed;
  if (code.startsWith('AuthFailure.')) return 'auth';
  if (code.startsWith('RequestLimitExceeded.')) return 'throttled';
  if (code.startsWith('UnauthorizedOperation.')) return 'permission';
  if (code.startsWith('InternalError.') || code.startsWith('ServiceUnavailable.') || code.startsWith('ResourceUnavailable.')) return 'server';
  return 'invalid-input';
}

/**
 * The legacy API's common answers (公共返回) and Batch.Detail's own code 8. Only "1" is
 * success; a code not listed here is a failure too, told in the provider's words.
 */
export const LEGACY_CODES: Readonly<Record<string, ErrorClass>> = {
  '-1': 'auth', // 登录失败: login failed
  '-2': 'throttled', // API 使用超出限制: usage limit exceeded
  '-3': 'permission', // 不是合法代理: not a valid reseller
  '-4': 'permission', // 不在代理名下: not under this reseller
  '-7': 'permission', // 无权使用此接口: no permission for this API
  '-8': 'auth', // 登录失败次数过多，帐号被暂时封禁: too many failed logins, blocked
  '85': 'auth', // 帐号异地登录，请求被拒绝: login from another place refused
  '-99': 'server', // 此功能暂停开放，请稍候重试: temporarily unavailable
  '2': 'invalid-input', // 只允许 POST 方法: POST only
  '3': 'server', // 未知错误: unknown error
  '8': 'not-found', // Batch.Detail: 数据为空，没有查到该任务 (no such job)
};

/** An undocumented code is not success and not "not found": a server-side refusal, retried with backoff. */
export const legacyErrorClass = (code: string): ErrorClass => known(LEGACY_CODES, code) ?? 'server';
