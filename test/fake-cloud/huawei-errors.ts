/**
 * Every error code the Huawei fake answers, with where Huawei documents it and the class the
 * product must read it as. A code without a source fails huawei-errors.test.ts: the fake may
 * not invent the provider's behaviour. Answers whose code no page documents (a parameter the
 * service refuses, a task or zone it does not know, a refused IAM permission) are sent with
 * the documented HTTP status and body shape and no code at all.
 */
import type { ErrorClass } from '../../lib/providers/types';

export interface SourcedCode {
  code: string;
  httpStatus: number;
  /** The message the page gives (the fake sends it). */
  message: string;
  /** Where it is documented. */
  source: string;
  cls: ErrorClass;
  /** Which calls may answer it (the calls Batchwatch makes). */
  calls: readonly string[];
}

const SIGN_GUIDE = 'Huawei Cloud API Request Signing Guide, "Error Codes" (support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-errorcode.html)';
const DNS_ERRORS = 'Huawei Cloud DNS API Reference, Appendix "Error Codes" (support.huaweicloud.com/api-dns, 表1 错误码)';
const EVERY_CALL = ['ListBatchOperationTasks', 'ShowBatchOperationTask', 'ShowBatchCreateRecordsetsTask', 'ListDcsTasks', 'KeystoneListProjects', 'KeystoneListAuthProjects'] as const;
const DNS_CALLS = ['ListBatchOperationTasks', 'ShowBatchOperationTask', 'ShowBatchCreateRecordsetsTask'] as const;

export const HUAWEI_ERROR_CODES: readonly SourcedCode[] = [
  { code: 'APIGW.0301', httpStatus: 401, message: 'Incorrect IAM authentication information: verify aksk signature fail', source: SIGN_GUIDE, cls: 'auth', calls: EVERY_CALL },
  { code: 'APIG.0301', httpStatus: 401, message: 'Incorrect IAM authentication information: verify aksk signature fail', source: `${SIGN_GUIDE}; support.huaweicloud.com/eu/live_faq/live_08_0169.html (the APIG. spelling)`, cls: 'auth', calls: EVERY_CALL },
  { code: 'APIGW.0303', httpStatus: 401, message: 'Incorrect app authentication information: the X-Sdk-Date header is expired', source: `${SIGN_GUIDE} (FAQ: x-sdk-date more than 15 min from the gateway's clock)`, cls: 'auth', calls: EVERY_CALL },
  { code: 'APIGW.0307', httpStatus: 401, message: 'The token must be updated.', source: `${SIGN_GUIDE} (Token需要更新: get a new one from IAM; temporary AK/SK carry theirs in X-Security-Token)`, cls: 'expired', calls: EVERY_CALL },
  { code: 'APIGW.0101', httpStatus: 404, message: 'The API does not exist or has not been published in the environment.', source: SIGN_GUIDE, cls: 'not-found', calls: EVERY_CALL },
  { code: 'APIG.0101', httpStatus: 404, message: 'The API does not exist or has not been published in the environment.', source: 'Huawei Cloud API Gateway user guide, "Error Codes" (support.huaweicloud.com/intl/en-us/eu-west-0-usermanual-apig/apig-en-ug-180530090.html)', cls: 'not-found', calls: EVERY_CALL },
  { code: 'APIGW.0308', httpStatus: 429, message: 'The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 minute', source: SIGN_GUIDE, cls: 'throttled', calls: EVERY_CALL },
  { code: 'APIG.0308', httpStatus: 429, message: 'The throttling threshold has been reached.', source: 'Huawei Cloud API Gateway user guide, "Error Codes" (support.huaweicloud.com/intl/en-us/eu-west-0-usermanual-apig/apig-en-ug-180530090.html)', cls: 'throttled', calls: EVERY_CALL },
  { code: 'DNS.0000', httpStatus: 500, message: 'The system is busy. Try again later.', source: DNS_ERRORS, cls: 'server', calls: DNS_CALLS },
  { code: 'DNS.0001', httpStatus: 500, message: 'Internal error.', source: `${DNS_ERRORS} (its example answer body)`, cls: 'server', calls: DNS_CALLS },
];

/**
 * Codes the fake sends inside data (failed items, a task's own error_code), never as an answer's
 * error: they are the provider's words about a record or a task, shown as they are.
 */
export const HUAWEI_DATA_CODES: readonly { code: string; source: string }[] = [
  { code: 'DNS.0312', source: 'Huawei Cloud DNS API Reference, Record Set Management (v2.1), "Querying the Task for Batch Creating Record Sets" (support.huaweicloud.com/intl/en-us/api-dns/): the error_items example' },
  { code: '111400063', source: 'Huawei Cloud DCS API Reference, "Querying the Task List in the Task Center" (support.huaweicloud.com/intl/en-us/api-dcs/): the example answer, a task\'s error_code' },
];

export const sourcedCode = (code: string): SourcedCode => {
  const found = HUAWEI_ERROR_CODES.find((c) => c.code === code);
  if (!found) throw new Error(`${code} has no documented source: the fake may not answer it`);
  return found;
};
