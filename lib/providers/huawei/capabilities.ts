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

export const dnsLabel = (): Text => ({ id: 'capabilityDnsTasks' });
export const dcsLabel = (region: string): Text => ({ id: 'capabilityDcsTasks', region });

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
    return { id, label, state: 'not-watched', reason: { id: 'capabilityNoProject', region: err.region }, cause: { kind: 'region', region: err.region } };
  }
  switch (err.cls) {
    case 'auth':
    case 'clock-skew':
    case 'expired':
      return undefined;
    case 'permission': {
      const action = err.action ?? '';
      return {
        id, label, state: 'not-watched',
        reason: action
          ? { id: 'capabilityMissingAction', action }
          : { id: 'capabilityMissingPermission' },
        cause: { kind: 'permission', ...(action ? { action } : {}) },
      };
    }
    case 'not-found':
    case 'invalid-input':
      return {
        id, label, state: 'not-watched',
        reason: region
          ? { id: 'capabilityRefusedInRegion', region, code: err.code ?? String(err.httpStatus ?? '') }
          : { id: 'capabilityRefused', code: err.code ?? String(err.httpStatus ?? '') },
        ...(region ? { cause: { kind: 'region' as const, region } } : {}),
      };
    default:
      return { id, label, state: 'retrying', reason: err.cls === 'throttled' ? THROTTLED : RETRY };
  }
}

const THROTTLED: Text = { id: 'capabilityThrottled' };
const RETRY: Text = { id: 'capabilityUnreachable' };
