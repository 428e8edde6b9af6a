/**
 * Huawei accounts watch two things that fail apart: DNS batch tasks (global, one endpoint per
 * site) and DCS task-center tasks (regional, one project per region). Each reports its own state.
 */
import { ProviderError, type CapabilityReport, type Text } from '../types';

/**
 * The identity-policy action each call needs, from each API page's "Authorization Information"
 * (support.huaweicloud.com/intl/en-us/api-dns/ListBatchOperationTasks.html,
 * …/api-dns/ShowBatchOperationTask.html, …/api-dcs/ListCenterTask.html).
 * ShowBatchCreateRecordSetsTask's page says it needs no identity-policy permission.
 * The IAM project listing's action is the name IAM's policies use for KeystoneListProjects,
 * not checked against its page here (unverified); the fallback (/v3/auth/projects) needs none.
 */
export const IAM_ACTIONS: Readonly<Record<string, string>> = {
  ListBatchOperationTasks: 'dns:zone:listPublicZoneBatchOperationRecords',
  ShowBatchOperationTask: 'dns:zone:getPublicZoneBatchOperationResult',
  ListDcsTasks: 'dcs:task:list',
  KeystoneListProjects: 'iam:projects:listProjects',
};

export const DNS_CAPABILITY = 'dns';
export const dcsCapability = (region: string): string => `dcs:${region}`;

export const dnsLabel = (): Text => ({ en: 'DNS tasks', zh: 'DNS 任务' });
export const dcsLabel = (region: string): Text => ({ en: `DCS tasks in ${region}`, zh: `${region} 的 DCS 任务` });

/** Raised when no project of a region could be found (neither given nor listed by IAM). */
export class UnknownProjectError extends ProviderError {
  constructor(readonly region: string) {
    super('invalid-input', `No project named ${region} was found: enter the Project ID in the account`);
  }
}

export function watched(id: string, label: Text): CapabilityReport {
  return { id, label, state: 'watched' };
}

/**
 * A capability's failure as its state, or undefined when it is the whole account's problem
 * (a refused key, a clock Batchwatch could not correct, or no provider error at all): that one
 * goes to the engine as before.
 */
export function capabilityFailure(id: string, label: Text, err: unknown, region?: string): CapabilityReport | undefined {
  // Network failures arrive as ProviderErrors (http.ts); anything else is a bug, not a capability's state.
  if (!(err instanceof ProviderError)) return undefined;
  if (err instanceof UnknownProjectError) {
    return { id, label, state: 'not-watched', reason: { en: `No project was found for ${err.region}: enter its project ID in the account, or check that the region is enabled.`, zh: `未找到 ${err.region} 的项目：请在账号中填写其项目 ID，或确认该区域已开通。` } };
  }
  switch (err.cls) {
    case 'auth':
    case 'clock-skew':
      return undefined;
    case 'permission': {
      const action = err.action ?? '';
      return {
        id, label, state: 'not-watched',
        reason: action
          ? { en: `Missing permission ${action}: give this IAM user that action (or a read-only policy that includes it).`, zh: `缺少权限 ${action}：请为该 IAM 用户授予此授权项（或包含它的只读策略）。` }
          : { en: 'Missing permission: give this IAM user read access to it.', zh: '缺少权限：请为该 IAM 用户授予只读权限。' },
      };
    }
    case 'not-found':
    case 'invalid-input':
      return {
        id, label, state: 'not-watched',
        reason: region
          ? { en: `Huawei Cloud refused the call in ${region} (${err.code ?? err.httpStatus ?? ''}): check that the region is enabled for this account and its project ID is right.`, zh: `华为云拒绝了 ${region} 的请求（${err.code ?? err.httpStatus ?? ''}）：请确认该区域已为此账号开通，且项目 ID 正确。` }
          : { en: `Huawei Cloud refused the call (${err.code ?? err.httpStatus ?? ''}): check the account's DNS site.`, zh: `华为云拒绝了请求（${err.code ?? err.httpStatus ?? ''}）：请检查账号的 DNS 站点。` },
      };
    default:
      return { id, label, state: 'retrying', reason: err.cls === 'throttled' ? THROTTLED : RETRY };
  }
}

const THROTTLED: Text = { en: 'Huawei Cloud is throttling these calls: the tasks already known stay, and Batchwatch tries again.', zh: '华为云正在限流：已知任务保留，Batchwatch 会稍后重试。' };
const RETRY: Text = { en: 'Huawei Cloud could not be reached or failed: the tasks already known stay, and Batchwatch tries again.', zh: '无法连接华为云或其出错：已知任务保留，Batchwatch 会稍后重试。' };
