/**
 * The Alidns calls Batchwatch makes and the RAM action each needs (the action is the
 * operation under the `alidns:` prefix, as on each API page's "Authorization information").
 */
import type { AccessSpec } from '../access';

export const ALIBABA_ACCESS: AccessSpec = {
  dialect: 'ram',
  calls: [
    { operation: 'DescribeBatchResultCount', action: 'alidns:DescribeBatchResultCount' },
    { operation: 'DescribeBatchResultDetail', action: 'alidns:DescribeBatchResultDetail' },
  ],
  keyPages: [
    { site: 'cn', url: 'https://ram.console.aliyun.com/users' },
    { site: 'intl', url: 'https://ram.console.alibabacloud.com/users' },
  ],
  keyIdField: 'accessKeyId',
  // ENDPOINTS.intl in ./index (imported there from here: named again, checked equal by a test).
  siteSetting: { key: 'endpoint', intl: 'alidns.ap-southeast-1.aliyuncs.com' },
};
