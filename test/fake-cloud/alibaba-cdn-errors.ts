/**
 * Every Alibaba Cloud CDN error code the CDN fake may answer, with where it is documented and
 * what Batchwatch makes of it. The OpenAPI common codes are Alidns's (./alibaba-errors.ts: the
 * same gateway answers both products); the CDN pages add their own.
 *
 * DescribeRefreshTaskById's page (help.aliyun.com/zh/cdn/api-describerefreshtaskbyid, 错误码)
 * lists InvalidTaskId.Malformed, InvalidObjectPath.Malformed, MissingTimeParameter and
 * MissingParameter.ObjectType, all HTTP 400; DescribeRefreshTasks's page
 * (help.aliyun.com/zh/cdn/developer-reference/api-cdn-2018-05-10-describerefreshtasks) names
 * MissingParameter.ObjectType's rule ("当指定 DomainName 或 Status 参数时，ObjectType 参数为必传参数").
 * A task older than three days is no error: the answer has no row for it.
 */
import { ALIBABA_ERRORS } from './alibaba-errors';
import type { SourcedCode } from './dnspod-errors';

const BY_ID = 'Alibaba Cloud CDN › DescribeRefreshTaskById, 错误码 (https://help.aliyun.com/zh/cdn/api-describerefreshtaskbyid)';

export const ALIBABA_CDN_ERRORS = {
  ...ALIBABA_ERRORS,
  'InvalidTaskId.Malformed': { source: `${BY_ID}: 400 The specified TaskId is invalid.`, cls: 'invalid-input' },
  'InvalidObjectPath.Malformed': { source: `${BY_ID}: 400 The specified ObjectPath is invalid.`, cls: 'invalid-input' },
  MissingTimeParameter: { source: `${BY_ID}: 400 The StartTime and EndTime must be both specified.`, cls: 'invalid-input' },
  'MissingParameter.ObjectType': { source: `${BY_ID}: 400 ObjectType is required with DomainName or Status`, cls: 'invalid-input' },
} as const satisfies Record<string, SourcedCode>;

export type AlibabaCdnCode = keyof typeof ALIBABA_CDN_ERRORS;
