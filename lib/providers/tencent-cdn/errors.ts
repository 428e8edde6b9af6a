/**
 * What Tencent Cloud CDN's own codes for DescribePurgeTasks and DescribePushTasks mean to
 * Batchwatch (the common API 3.0 codes are DNSPod's table: one key, one API family). Where each
 * is documented is listed, per code, in test/fake-cloud/tencent-cdn-errors.ts.
 */
import { api3ErrorClass } from '../tencent-api3';
import type { ErrorClass } from '../types';

export const CDN_TASK_CODES: Readonly<Record<string, ErrorClass>> = {
  'InternalError.CamSystemError': 'server',
  'InternalError.CdnDbError': 'server',
  'InternalError.CdnQuerySystemError': 'server',
  'InternalError.CdnSystemError': 'server',
  'InternalError.Error': 'server',
  'InternalError.ProxyServer': 'server',
  'InternalError.RouteError': 'server',
  'InternalError.UnknownError': 'server',
  'InvalidParameter.CdnParamError': 'invalid-input',
  'InvalidParameter.CdnHostInvalidParam': 'invalid-input',
  'InvalidParameter.CdnInterfaceError': 'invalid-input',
  'InvalidParameter.CdnStatInvalidDate': 'invalid-input',
  'InvalidParameter.CdnStatInvalidMetric': 'invalid-input',
  'InvalidParameter.CdnStatInvalidProjectId': 'invalid-input',
  'LimitExceeded.CdnHostOpTooOften': 'throttled',
  // About a domain or the CDN service of the account, never about a task: a refusal, not "task gone".
  'ResourceNotFound.CdnHostNotExists': 'invalid-input',
  'ResourceNotFound.CdnUserNotExists': 'invalid-input',
  'ResourceUnavailable.CdnHostIsNotOnline': 'invalid-input',
  // The key is fine; CAM, or the account's CDN standing, does not allow the call.
  'UnauthorizedOperation.CdnCamUnauthorized': 'permission',
  'UnauthorizedOperation.CdnUserAuthFail': 'permission',
  'UnauthorizedOperation.CdnUserAuthWait': 'permission',
  'UnauthorizedOperation.CdnUserIsSuspended': 'permission',
  'UnauthorizedOperation.CdnUserNoWhitelist': 'permission',
  'UnauthorizedOperation.OpNoAuth': 'permission',
  'UnauthorizedOperation.OperationTooOften': 'throttled',
};

export const cdnErrorClass = (code: string): ErrorClass => api3ErrorClass(code, CDN_TASK_CODES);
