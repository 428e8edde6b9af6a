/**
 * A failed URL the provider names without a URL, or without a reason, is still a row the user
 * can read: its name and reason are catalogue messages (said in the chosen language), never an
 * English placeholder or an empty cell. The provider's own words stay as they were given.
 */
import { describe, expect, it } from 'vitest';
import { failedItem } from '../../../lib/providers/alibaba-cdn/index';
import { failedRows } from '../../../lib/providers/tencent-cdn/index';
import { huaweiCdn } from '../../../lib/providers/huawei-cdn/index';
import { NO_REASON, type Credentials } from '../../../lib/providers/types';
import { testContext } from '../support/context';

const UNNAMED_URL = { id: 'failedItemUnnamedUrl' };

describe('a CDN failed URL without a URL or a reason', () => {
  it('Alibaba Cloud CDN: no ObjectPath is the unnamed URL, no Description says no reason was given (grouped by the status word)', () => {
    expect(failedItem({})).toMatchObject({ item: UNNAMED_URL, message: NO_REASON, code: 'Failed' });
    expect(failedItem({ ObjectPath: 'https://a.example/x', Description: ' OriginTimeout ' })).toMatchObject({ item: 'https://a.example/x', message: 'OriginTimeout', code: 'OriginTimeout' });
  });

  it('Tencent Cloud CDN: no Url is the unnamed URL, and the status word stays the reason', () => {
    const [blank] = failedRows([{ TaskId: 't1', Status: 'fail' }]);
    expect(blank).toMatchObject({ item: UNNAMED_URL, message: 'fail' });
    const rows = failedRows([{ TaskId: 't1', Url: 'https://a.example/y', Status: 'fail' }]);
    expect(rows[0]).toMatchObject({ item: 'https://a.example/y', message: 'fail' });
  });

  it('Huawei Cloud CDN: no url is the unnamed URL, no fail_desc, fail_classify or status says no reason was given', async () => {
    const cred: Credentials = { account: { id: 'hw-words', provider: 'huawei', name: 'HW', settings: {} }, secrets: { accessKeyId: 'AK', secretAccessKey: 'SK' } };
    const body = { id: 'a1', urls: [{ id: 'u1' }, { url: 'https://a.example/z', status: 'failed', fail_desc: 'origin 502' }] };
    const fetcher: typeof fetch = async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    const page = await huaweiCdn.failedItems(cred, { key: 'k', provider: 'huawei', accountId: 'hw-words', kind: 'cdn-refresh-url', providerTaskId: 'a1', label: '', status: 'partial' }, 1, testContext(fetcher));
    expect(page.items[0]).toMatchObject({ item: UNNAMED_URL, message: NO_REASON });
    expect(page.items[1]).toMatchObject({ item: 'https://a.example/z', message: 'origin 502' });
  });
});
