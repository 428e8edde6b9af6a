/**
 * The DNSPod calls Batchwatch makes. API 3.0's DescribeBatchTask needs the CAM action
 * `dnspod:DescribeBatchTask`; the legacy token's Batch.Detail has no CAM action at all: the
 * token carries every right of its account.
 */
import type { AccessSpec } from '../access';

const TENCENT_KEY_PAGES = [
  { site: 'cn', url: 'https://console.cloud.tencent.com/cam' },
  { site: 'intl', url: 'https://console.tencentcloud.com/cam' },
] as const;

export const DNSPOD_ACCESS: AccessSpec = {
  dialect: 'cam',
  calls: [{ operation: 'DescribeBatchTask', action: 'dnspod:DescribeBatchTask' }],
  keyPages: TENCENT_KEY_PAGES,
  keyIdField: 'secretId',
  // API3_HOSTS.intl in ./index (imported there from here: named again, checked equal by a test).
  siteSetting: { key: 'site', intl: 'dnspod.intl.tencentcloudapi.com' },
};

export const DNSPOD_TOKEN_ACCESS: AccessSpec = {
  calls: [{ operation: 'Batch.Detail' }],
  // A Tencent Cloud API key of a sub-user is what the warning recommends instead.
  keyPages: TENCENT_KEY_PAGES,
  keyIdField: 'tokenId',
  fullRights: true,
};
