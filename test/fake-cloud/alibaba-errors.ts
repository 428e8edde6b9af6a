/**
 * Every Alibaba Cloud error code the fake cloud may answer, each with where it is
 * documented and what Batchwatch must make of it. The fake answers only codes listed here
 * (its types say so, and test/unit/providers/alibaba/error-codes.test.ts reads its source to
 * check), and each listed code is checked against the product's mapping.
 *
 * Neither DescribeBatchResultCount nor DescribeBatchResultDetail documents a code of its own
 * (their pages, e.g. https://www.alibabacloud.com/help/en/dns/api-alidns-2015-01-09-describebatchresultcount:
 * "See Error Codes");
 * an unknown task is the documented answer Status -1, not an error.
 */
import type { SourcedCode } from './dnspod-errors';

const PROVIDERS = 'Alibaba Cloud DNS › Error Code Reference (https://help.aliyun.com/document_detail/435312.html) and the OpenAPI client error codes (https://help.aliyun.com/document_detail/51132.html)';
const SDK_THROTTLING = '@alicloud/openapi-core dist/client.js (any Code containing "Throttling" is a ThrottlingError, retry after x-acs-retry-after)';
const COMMON = 'Alibaba Cloud OpenAPI 管控 API 客户端公用错误码 (help.aliyun.com, OpenAPI 错误中心; the same table is echoed by each answer\'s Recommend link)';

/** Both calls Batchwatch makes (DescribeBatchResultCount, DescribeBatchResultDetail) answer these. */
export const ALIBABA_ERRORS = {
  InvalidAccessKeyId: { source: `${PROVIDERS}: InvalidAccessKeyId(.NotFound) = auth, stop`, cls: 'auth' },
  'InvalidAccessKeyId.NotFound': { source: `${PROVIDERS}: InvalidAccessKeyId(.NotFound) = auth, stop`, cls: 'auth' },
  'InvalidAccessKeyId.Inactive': { source: `${COMMON}: the AccessKey is disabled`, cls: 'auth' },
  SignatureDoesNotMatch: { source: `${PROVIDERS}: auth, stop; echoes the string to sign`, cls: 'auth' },
  IncompleteSignature: { source: `${PROVIDERS}: auth, stop`, cls: 'auth' },
  'InvalidSecurityToken.Expired': { source: `${COMMON}: an STS token expired (the temporary keys' x-acs-security-token)`, cls: 'expired' },
  'InvalidTimeStamp.Expired': { source: `${PROVIDERS}: fix the clock, retry once (±15 min)`, cls: 'clock-skew' },
  'InvalidTimeStamp.Format': { source: `${COMMON}: the timestamp is not in the expected format`, cls: 'clock-skew' },
  SignatureNonceUsed: { source: `${PROVIDERS}: a nonce may never be reused, re-sign every retry`, cls: 'server' },
  Throttling: { source: `${PROVIDERS}: any code containing Throttling; ${SDK_THROTTLING}`, cls: 'throttled' },
  'Throttling.User': { source: `${PROVIDERS}: any code containing Throttling; ${SDK_THROTTLING}; ${COMMON}: user flow control`, cls: 'throttled' },
  'Throttling.Api': { source: `${PROVIDERS}: any code containing Throttling; ${SDK_THROTTLING}`, cls: 'throttled' },
  'Forbidden.RAM': { source: `${PROVIDERS}: missing permission, say which`, cls: 'permission' },
  ServiceUnavailable: { source: `${COMMON}: HTTP 503, a temporary failure of the server`, cls: 'server' },
  InternalError: { source: `${COMMON}: HTTP 500`, cls: 'server' },
  'InvalidAction.NotFound': { source: `${COMMON}: HTTP 404, the API is not found`, cls: 'invalid-input' },
  MissingParameter: { source: `${COMMON}: a required parameter is missing`, cls: 'invalid-input' },
  InvalidParameter: { source: `${COMMON}: a parameter is invalid`, cls: 'invalid-input' },
} as const satisfies Record<string, SourcedCode>;

export type AlibabaCode = keyof typeof ALIBABA_ERRORS;
