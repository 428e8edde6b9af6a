/**
 * Every Tencent Cloud CDN error code the fake may answer, each with where it is documented and
 * what Batchwatch must make of it (test/unit/providers/tencent-cdn/error-codes.test.ts checks
 * both, and that the fake answers no other). The common API 3.0 codes are DNSPod's table
 * (dnspod-errors.ts): one key, one API family.
 */
import type { ErrorClass } from '../../lib/providers/types';
import type { SourcedCode } from './dnspod-errors';
import { DNSPOD_API3_ERRORS } from './dnspod-errors';

const SDK = (action: string): string => `Tencent SDK, ${action}'s 可能返回的错误码 (tencentcloud-sdk-go cdn/v20180606/client.go, release v1.3.166)`;
const BOTH = `${SDK('DescribePurgeTasks')} and ${SDK('DescribePushTasks')}`;
const PURGE = SDK('DescribePurgeTasks');
const PUSH = SDK('DescribePushTasks');

const code = (source: string, cls: ErrorClass): SourcedCode => ({ source, cls });

/** The two calls' own codes. */
export const TENCENT_CDN_ERRORS = {
  'InternalError.CamSystemError': code(BOTH, 'server'),
  'InternalError.CdnDbError': code(BOTH, 'server'),
  'InternalError.CdnQuerySystemError': code(BOTH, 'server'),
  'InternalError.CdnSystemError': code(BOTH, 'server'),
  'InternalError.Error': code(BOTH, 'server'),
  'InternalError.ProxyServer': code(BOTH, 'server'),
  'InternalError.RouteError': code(BOTH, 'server'),
  'InternalError.UnknownError': code(PURGE, 'server'),
  'InvalidParameter.CdnParamError': code(BOTH, 'invalid-input'),
  'InvalidParameter.CdnHostInvalidParam': code(PUSH, 'invalid-input'),
  'InvalidParameter.CdnInterfaceError': code(PUSH, 'invalid-input'),
  'InvalidParameter.CdnStatInvalidDate': code(PUSH, 'invalid-input'),
  'InvalidParameter.CdnStatInvalidMetric': code(PUSH, 'invalid-input'),
  'InvalidParameter.CdnStatInvalidProjectId': code(PUSH, 'invalid-input'),
  'LimitExceeded.CdnHostOpTooOften': code(PUSH, 'throttled'),
  'ResourceNotFound.CdnHostNotExists': code(`${PUSH} (a domain, never a task: a refusal)`, 'invalid-input'),
  'ResourceNotFound.CdnUserNotExists': code(`${BOTH} (the account has no CDN service: a refusal, never "task gone")`, 'invalid-input'),
  'ResourceUnavailable.CdnHostIsNotOnline': code(PUSH, 'invalid-input'),
  'UnauthorizedOperation.CdnCamUnauthorized': code(`${BOTH} (CAM does not allow the call)`, 'permission'),
  'UnauthorizedOperation.CdnUserAuthFail': code(PUSH, 'permission'),
  'UnauthorizedOperation.CdnUserAuthWait': code(PUSH, 'permission'),
  'UnauthorizedOperation.CdnUserIsSuspended': code(PUSH, 'permission'),
  'UnauthorizedOperation.CdnUserNoWhitelist': code(PUSH, 'permission'),
  'UnauthorizedOperation.OpNoAuth': code(BOTH, 'permission'),
  'UnauthorizedOperation.OperationTooOften': code(BOTH, 'throttled'),
} as const satisfies Record<string, SourcedCode>;

/** What the CDN fake may answer: the calls' own codes and the common ones. */
export const TENCENT_CDN_ANSWERABLE = { ...DNSPOD_API3_ERRORS, ...TENCENT_CDN_ERRORS };
export type TencentCdnCode = Exclude<keyof typeof TENCENT_CDN_ANSWERABLE, 'InvalidParameter.BatchTaskNotExist' | 'FailedOperation.NotBatchTaskOwner' | 'InvalidParameter.ParamsIllegal'>;
