/**
 * The CDN calls Batchwatch makes and the RAM action each needs: each API page's "授权信息"
 * (help.aliyun.com/zh/cdn/api-describerefreshtaskbyid: cdn:DescribeRefreshTaskById, get,
 * all resources; …/api-cdn-2018-05-10-describerefreshtasks: cdn:DescribeRefreshTasks).
 */
import type { ApiCall } from '../access';

export const ALIBABA_CDN_CALLS: readonly ApiCall[] = [
  { operation: 'DescribeRefreshTasks', action: 'cdn:DescribeRefreshTasks' },
  { operation: 'DescribeRefreshTaskById', action: 'cdn:DescribeRefreshTaskById' },
];
