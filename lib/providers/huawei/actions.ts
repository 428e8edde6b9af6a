/**
 * The Huawei calls Batchwatch makes and the IAM action each needs, from the one table in
 * ./capabilities.ts (which also names the action when a call is refused). The zone's
 * batch-create task and the user's own project list need none (their pages say so).
 */
import type { AccessSpec } from '../access';
import { IAM_ACTIONS } from './capabilities';

export const HUAWEI_ACCESS: AccessSpec = {
  dialect: 'iam',
  calls: [
    ...Object.entries(IAM_ACTIONS).map(([operation, action]) => ({ operation, action })),
    { operation: 'ShowBatchCreateRecordsetsTask' },
    { operation: 'KeystoneListAuthProjects' },
  ],
  keyPages: [
    { site: 'cn', url: 'https://console.huaweicloud.com/iam' },
    { site: 'intl', url: 'https://console-intl.huaweicloud.com/iam' },
  ],
  keyIdField: 'accessKeyId',
  // The DNS site is the account's site: China-site and international accounts are separate.
  siteSetting: { key: 'site', intl: 'intl' },
};
