/**
 * What the three CDN sources share (lib/providers/cdn.ts): the label, the kinds, "Test
 * connection" as one small call of each action, and how a refusal is told: a refusal of one of
 * the source's own calls names the CDN action; the provider's other calls keep its sentence.
 */
import { describe, expect, it } from 'vitest';
import { getProvider } from '../../../lib/providers/index';
import { sources } from '../../../lib/providers/sources';
import { ProviderError } from '../../../lib/providers/types';
import { HUAWEI_CDN_ACTIONS } from '../../../lib/providers/huawei-cdn/index';

describe('the CDN sources', () => {
  it('each says "CDN refresh and preload tasks" on the account form and owns refresh and preload kinds', () => {
    for (const source of sources) {
      expect(source.label).toEqual({ id: 'capabilityCdnTasks' });
      expect(source.kinds).toEqual(expect.arrayContaining(['cdn-refresh-url', 'cdn-refresh-dir', 'cdn-preload']));
    }
  });

  it('a refused CDN call names its action; a refusal of the provider\'s own (DNS) call keeps the provider\'s sentence', () => {
    const said = (provider: string, action: string): string => JSON.stringify(getProvider(provider)!.describeError(new ProviderError('permission', 'denied', { action, code: 'Denied' })));
    expect(said('huawei', HUAWEI_CDN_ACTIONS.ShowHistoryTasks)).toContain(`"id":"errorPermissionCdn","action":"${HUAWEI_CDN_ACTIONS.ShowHistoryTasks}"`);
    expect(said('huawei', 'dns:zone:listPublicZoneBatchOperationRecords')).not.toContain('errorPermissionCdn');
    expect(said('dnspod', 'cdn:DescribePushTasks')).toContain('"id":"errorPermissionCdn","action":"cdn:DescribePushTasks"');
    expect(said('dnspod', 'dnspod:DescribeBatchTask')).not.toContain('errorPermissionCdn');
  });
});
