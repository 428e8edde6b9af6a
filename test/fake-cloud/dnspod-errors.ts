/**
 * Every DNSPod error code the fake cloud may answer, each with where it is documented and
 * what Batchwatch must make of it. The fake answers only codes listed here (its types say
 * so, and test/unit/providers/dnspod/error-codes.test.ts reads its source to check), and
 * each listed code is checked against the product's mapping.
 */
import type { ErrorClass } from '../../lib/providers/types';

export interface SourcedCode {
  /** Where the code is documented, precisely enough to find it again. */
  source: string;
  /** What Batchwatch makes of it. */
  cls: ErrorClass;
}

const ACTION = "Tencent SDK, DescribeBatchTask's 可能返回的错误码 (tencentcloud-sdk-go dnspod/v20210323/client.go and errors.go; quoted in issue 28)";
const COMMON = 'DNSPod API 3.0 › 错误码 › 公共错误码 (https://cloud.tencent.com/document/api/1427/56192)';
const COMMON_PROVIDERS = `${COMMON} (AuthFailure.* stop the account; SignatureExpire means a clock off by more than five minutes)`;

/** API 3.0 (DescribeBatchTask, the only call Batchwatch makes there): the action's own codes, then the common ones. */
export const DNSPOD_API3_ERRORS = {
  'InvalidParameter.BatchTaskNotExist': { source: `${ACTION}: 任务不存在，无法获取任务详情`, cls: 'not-found' },
  'FailedOperation.NotBatchTaskOwner': { source: `${ACTION}: not the owner of the batch task`, cls: 'not-found' },
  'InvalidParameter.ParamsIllegal': { source: `${ACTION}: 参数不合法`, cls: 'invalid-input' },
  'AuthFailure.InvalidAuthorization': { source: COMMON_PROVIDERS, cls: 'auth' },
  'AuthFailure.InvalidSecretId': { source: COMMON_PROVIDERS, cls: 'auth' },
  'AuthFailure.MFAFailure': { source: COMMON_PROVIDERS, cls: 'auth' },
  'AuthFailure.SecretIdNotFound': { source: COMMON_PROVIDERS, cls: 'auth' },
  'AuthFailure.SignatureExpire': { source: COMMON_PROVIDERS, cls: 'clock-skew' },
  'AuthFailure.SignatureFailure': { source: COMMON_PROVIDERS, cls: 'auth' },
  'AuthFailure.TokenFailure': { source: `${COMMON_PROVIDERS}; Tencent Cloud's common error codes page: Token 错误 (the temporary keys' X-TC-Token, expired or wrong)`, cls: 'expired' },
  'AuthFailure.UnauthorizedOperation': { source: `${COMMON}: 请求未 CAM 授权 (a permission, not a bad key)`, cls: 'permission' },
  UnauthorizedOperation: { source: COMMON, cls: 'permission' },
  IpInBlacklist: { source: COMMON, cls: 'permission' },
  IpNotInWhitelist: { source: COMMON, cls: 'permission' },
  RequestLimitExceeded: { source: COMMON, cls: 'throttled' },
  'RequestLimitExceeded.IPLimitExceeded': { source: COMMON, cls: 'throttled' },
  'RequestLimitExceeded.UinLimitExceeded': { source: COMMON, cls: 'throttled' },
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded': { source: COMMON, cls: 'throttled' },
  InternalError: { source: COMMON, cls: 'server' },
  ServiceUnavailable: { source: COMMON, cls: 'server' },
  ResourceUnavailable: { source: COMMON, cls: 'server' },
  ResourceNotFound: { source: COMMON, cls: 'not-found' },
  FailedOperation: { source: COMMON, cls: 'invalid-input' },
  InvalidAction: { source: COMMON, cls: 'invalid-input' },
  InvalidParameter: { source: COMMON, cls: 'invalid-input' },
  InvalidParameterValue: { source: COMMON, cls: 'invalid-input' },
  InvalidRequest: { source: COMMON, cls: 'invalid-input' },
  MissingParameter: { source: COMMON, cls: 'invalid-input' },
  UnknownParameter: { source: COMMON, cls: 'invalid-input' },
  NoSuchProduct: { source: COMMON, cls: 'invalid-input' },
  NoSuchVersion: { source: COMMON, cls: 'invalid-input' },
  UnsupportedOperation: { source: COMMON, cls: 'invalid-input' },
  UnsupportedProtocol: { source: COMMON, cls: 'invalid-input' },
  UnsupportedRegion: { source: COMMON, cls: 'invalid-input' },
  RequestSizeLimitExceeded: { source: COMMON, cls: 'invalid-input' },
  ResponseSizeLimitExceeded: { source: COMMON, cls: 'server' },
  LimitExceeded: { source: COMMON, cls: 'invalid-input' },
} as const satisfies Record<string, SourcedCode>;

export type DnspodApi3Code = keyof typeof DNSPOD_API3_ERRORS;

const LEGACY_PAGE = 'DNSPod legacy API › 批量任务 › 获取任务详情 (Batch.Detail), its 响应代码 (docs.dnspod.cn)';
const LEGACY_COMMON = 'DNSPod legacy API › API 说明 › 共通返回 (https://support.dnspod.cn/api-wen-dang-api-shuo-ming/)';
const LEGACY_PROVIDERS = `${LEGACY_COMMON} (status.code is a string)`;

/** Legacy Batch.Detail: `status.code`, a string; only "1" is success. */
export const DNSPOD_LEGACY_ERRORS = {
  '-1': { source: `${LEGACY_PROVIDERS}: 登录失败`, cls: 'auth' },
  '-2': { source: `${LEGACY_PROVIDERS}: API 使用超出限制`, cls: 'throttled' },
  '-3': { source: `${LEGACY_COMMON}: 不是合法代理`, cls: 'permission' },
  '-4': { source: `${LEGACY_COMMON}: 不在代理名下`, cls: 'permission' },
  '-7': { source: `${LEGACY_PROVIDERS}: 无权使用此接口`, cls: 'permission' },
  '-8': { source: `${LEGACY_PROVIDERS}: 登录失败次数过多，帐号被暂时封禁`, cls: 'auth' },
  '85': { source: `${LEGACY_PROVIDERS}: 帐号异地登录，请求被拒绝`, cls: 'auth' },
  '-99': { source: `${LEGACY_PROVIDERS}: 此功能暂停开放，请稍候重试`, cls: 'server' },
  '2': { source: `${LEGACY_COMMON}: 只允许 POST 方法`, cls: 'invalid-input' },
  '3': { source: `${LEGACY_COMMON}: 未知错误`, cls: 'server' },
  '8': { source: `${LEGACY_PAGE}: 数据为空，没有查到该任务`, cls: 'not-found' },
} as const satisfies Record<string, SourcedCode>;

export type DnspodLegacyCode = keyof typeof DNSPOD_LEGACY_ERRORS;
