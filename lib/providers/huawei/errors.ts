/**
 * Huawei's error shapes (gateway, DNS, DCS) → error classes, and sentences that say what
 * to do. Every code here has its source in test/fake-cloud/huawei-errors.ts (the signing guide's
 * gateway table, the DNS error-code appendix); a code no page documents is read by its HTTP status.
 */
import { ProviderError, type ErrorClass, type Lang, type Text } from '../types';
import { parseRetryAfter, type HttpResponse } from '../http';
import { gatewayErrorSchema } from './schemas';
import { known } from '../shape';

const CODE_CLASSES: Record<string, ErrorClass> = {
  'APIGW.0301': 'auth',
  'APIGW.0303': 'auth',
  'APIG.0301': 'auth',
  'APIGW.0101': 'not-found',
  'APIG.0101': 'not-found',
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

const SENTENCES: Record<ErrorClass, Text> = {
  auth: {
    en: 'Huawei Cloud rejected the access key. Check the Access key ID and Secret access key (a key is locked for 5 minutes after repeated failures), then edit the account to resume polling.',
    zh: '华为云拒绝了该访问密钥。请检查 Access key ID 与 Secret access key（多次失败后密钥会被锁定 5 分钟），然后编辑账号以恢复轮询。',
  },
  permission: {
    en: 'The key works but lacks a permission: give this IAM user read access to DNS (DNS ReadOnlyAccess) and DCS (DCS ReadOnlyAccess).',
    zh: '密钥有效但缺少权限：请为该 IAM 用户授予 DNS（DNS ReadOnlyAccess）和 DCS（DCS ReadOnlyAccess）的只读权限。',
  },
  throttled: {
    en: 'Huawei Cloud is throttling this account. Batchwatch will slow down and try again by itself.',
    zh: '华为云正在对该账号限流。Batchwatch 会自动降低频率并稍后重试。',
  },
  'clock-skew': {
    en: "Your computer's clock is more than 15 minutes off. Batchwatch corrected for it; if this stays, set the system clock automatically.",
    zh: '您的电脑时钟偏差超过 15 分钟。Batchwatch 已自动校正；如仍出现，请开启系统自动对时。',
  },
  'not-found': {
    en: 'Huawei Cloud does not know this task (or the region is wrong). Check the Region of the account.',
    zh: '华为云找不到该任务（或区域不正确）。请检查账号的区域设置。',
  },
  network: {
    en: 'Huawei Cloud could not be reached. Check your network; Batchwatch will retry.',
    zh: '无法连接华为云。请检查网络，Batchwatch 会自动重试。',
  },
  timeout: {
    en: 'Huawei Cloud did not answer in time. Batchwatch will retry.',
    zh: '华为云未及时响应，Batchwatch 会自动重试。',
  },
  malformed: {
    en: 'Huawei Cloud sent an answer Batchwatch could not read. The tasks shown are from the last good answer.',
    zh: '华为云返回了无法解析的内容。当前显示的是上次成功获取的任务。',
  },
  server: {
    en: 'Huawei Cloud had an internal error. Batchwatch will retry.',
    zh: '华为云内部错误，Batchwatch 会自动重试。',
  },
  'invalid-input': {
    en: 'Huawei Cloud refused the request as invalid. Check the task ID and the Project ID.',
    zh: '华为云认为请求无效。请检查任务 ID 与项目 ID。',
  },
};

export function describeHuaweiError(err: ProviderError, lang: Lang): string {
  const sentence = err.cls === 'permission' && err.action
    ? lang === 'zh' ? `密钥有效但缺少权限 ${err.action}：请为该 IAM 用户授予此授权项。` : `The key works but lacks the permission ${err.action}: give this IAM user that action.`
    : SENTENCES[err.cls][lang];
  return err.code ? `${sentence} (${err.code})` : sentence;
}
