/**
 * Issue 30: where a provider names no failed item, the name Batchwatch shows in its place
 * ('(item)', '(unnamed record set)', '(record)', '(domain)', '(URL)' before) is a catalogue
 * message, said in the language the user chose by the popup, the panel and the exports; and an
 * item that fails without a reason says so. The provider's own names stay text. What older
 * versions stored (the English placeholder) still reads and shows as it was written.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { huawei } from '../../../lib/providers/huawei/index';
import { mapDetailItem } from '../../../lib/providers/alibaba/index';
import { jobFailedItems, type Job } from '../../../lib/providers/dnspod/index';
import { failedItem as cdnFailedItem } from '../../../lib/providers/alibaba-cdn/index';
import { boundedFailedItem, NO_REASON, type Credentials, type FailedItem, type Lang, type Task } from '../../../lib/providers/types';
import { failedItemViews } from '../../../lib/engine/service/views';
import { failedItemsKey, readFailedItems, writeFailedItems } from '../../../lib/store/index';
import { resubmitFile, toCsv, toJson } from '../../../lib/files/failed-items';
import { groupFailures, groupKeysOf, selectGroups } from '../../../lib/console/failure-groups';
import { plantPrivate } from '../support/private-area';
import { testContext } from '../support/context';
import { storedFailedTask } from '../support/stored-task';

beforeEach(() => fakeBrowser.reset());

const PROJECT = '0123456789abcdef0123456789abcdef';
const cred: Credentials = { account: { id: 'hw', provider: 'huawei', name: 'Prod', settings: { region: 'cn-north-4', projectId: PROJECT } }, secrets: { accessKeyId: 'HPUATESTTESTTEST0001', secretAccessKey: 'TestSecretTestSecret000000' } };
const ZONE = 'ff8080826b3b4b0f016b3b7c8c3e0011';
const TASK = '9a186e66977dd48f01977e021c480cac';
const hwTask = (over: Partial<Task>): Task => ({ key: 'hw:dns-batch:t', provider: 'huawei', accountId: 'hw', kind: 'dns-batch', providerTaskId: TASK, label: 'x', status: 'partial', ...over });

/** Huawei's answers by path (the batch task; the zone's batch-create task), as the API pages show them. */
function huaweiAnswering(body: { dns?: unknown; zone?: unknown }): ReturnType<typeof testContext> {
  return testContext(async (input) => {
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    const answer = path.startsWith('/v2.1/zones/') ? body.zone : body.dns;
    return new Response(JSON.stringify(answer ?? {}), { status: 200, headers: { 'content-type': 'application/json' } });
  });
}

/** A failed item of each provider that names none, as each adapter reads it. */
async function unnamedItems(): Promise<Record<string, FailedItem>> {
  // Huawei's batch task: an error item whose `item` is empty (huawei-dns-show-batch-operation-task).
  const batch = await huawei.failedItems(cred, hwTask({}), 1, huaweiAnswering({ dns: { error_items: [{ item: '', error_code: 'DNS.0312', error_message: '' }], metadata: { total_count: 1 } } }));
  // The zone's batch-create task: an error item without name, type or records.
  const zone = await huawei.failedItems(
    cred,
    hwTask({ key: 'hw:dns-zone-batch-create:t', kind: 'dns-zone-batch-create', locator: { zoneId: ZONE } }),
    1,
    huaweiAnswering({ zone: { task_id: TASK, error_count: 1, error_items: [{ error_code: 'DNS.0335', error_message: 'Invalid record.' }] } }),
  );
  const job: Job = { jobId: '1', type: 'x', domains: [{ domain: '', status: 'fail', error: '', records: [] }] };
  return {
    huaweiBatch: batch.items[0]!,
    huaweiZone: zone.items[0]!,
    alibaba: mapDetailItem({}),
    dnspod: jobFailedItems(job)[0]!,
    alibabaCdn: cdnFailedItem({ Description: 'InternalError' }),
  };
}

const SAID: Record<string, { id: string; en: string; zh: string }> = {
  huaweiBatch: { id: 'failedItemUnnamed', en: '(item without a name)', zh: '（未命名条目）' },
  huaweiZone: { id: 'failedItemUnnamedRecordSet', en: '(unnamed record set)', zh: '（未命名记录集）' },
  alibaba: { id: 'failedItemUnnamedRecord', en: '(unnamed record)', zh: '（未命名记录）' },
  dnspod: { id: 'failedItemUnnamedDomain', en: '(unnamed domain)', zh: '（未命名域名）' },
  alibabaCdn: { id: 'failedItemUnnamedUrl', en: '(URL not given)', zh: '（未提供 URL）' },
};
const NO_REASON_SAID = { en: 'Failed; the provider gave no reason.', zh: '失败，服务商未给出原因。' };

describe('the name of a failed item the provider does not name', () => {
  it('is a catalogue message, not an English placeholder, for each provider that can leave it out', async () => {
    const items = await unnamedItems();
    for (const [provider, item] of Object.entries(items)) expect({ provider, item: item.item }).toEqual({ provider, item: { id: SAID[provider]!.id } });
  });

  it('is said in English or in Chinese, as the user chose', async () => {
    const items = await unnamedItems();
    for (const lang of ['en', 'zh'] as Lang[]) {
      const views = failedItemViews(Object.values(items), lang);
      expect(views.map((v) => v.item)).toEqual(Object.keys(items).map((provider) => SAID[provider]![lang]));
    }
  });

  it('leaves a name the provider gave as it is, in every language', () => {
    const named = mapDetailItem({ Rr: 'www', Domain: 'example.com', Type: 'A', Value: '192.0.2.1', Reason: '记录已存在' });
    expect(named).toMatchObject({ item: 'www.example.com A 192.0.2.1', message: '记录已存在' });
    expect(failedItemViews([named], 'en')[0]).toMatchObject({ item: 'www.example.com A 192.0.2.1', message: '记录已存在' });
  });
});

describe('the reason of an item that failed without one', () => {
  it('says that the provider gave none, in the language chosen, rather than nothing', async () => {
    const items = await unnamedItems();
    const reasonless = [items.huaweiBatch!, items.alibaba!, items.dnspod!];
    for (const item of reasonless) expect(item.message).toEqual(NO_REASON);
    for (const lang of ['en', 'zh'] as Lang[]) expect(failedItemViews(reasonless, lang).map((v) => v.message)).toEqual(reasonless.map(() => NO_REASON_SAID[lang]));
    // DNSPod: a failed record with neither its own error nor its domain's.
    const job: Job = { jobId: '1', type: 'x', domains: [{ domain: 'example.com', status: 'fail', error: '', records: [{ name: 'www', type: 'A', line: '', value: '192.0.2.1', ttl: '600', mx: '', status: 'fail', error: '' }] }] };
    expect(jobFailedItems(job)).toMatchObject([{ item: 'www.example.com A 192.0.2.1', message: NO_REASON }]);
  });
});

describe('unnamed items in the panel', () => {
  const unnamed = (code: string, reason: string): FailedItem => ({ item: { id: 'failedItemUnnamed' }, code, message: reason, fields: { item: '' } });

  it('stay two items where there were two, grouped and chosen by their reason, not their name', () => {
    const items = [unnamed('DNS.0312', 'exists'), unnamed('DNS.0312', 'exists'), unnamed('DNS.0335', 'invalid')];
    for (const lang of ['en', 'zh'] as Lang[]) {
      const views = failedItemViews(items, lang);
      const keys = groupKeysOf(views);
      expect(groupFailures(views, keys).map((g) => [g.code, g.count])).toEqual([['DNS.0312', 2], ['DNS.0335', 1]]);
      expect(selectGroups(views, new Set(['code:DNS.0312']), keys)).toHaveLength(2);
      expect(selectGroups(views, new Set(['code:DNS.0335']), keys)).toEqual([views[2]]);
      expect(selectGroups(views, new Set(), keys)).toHaveLength(3);
    }
  });
});

describe('stored unnamed items, read by the popup and the panel from the background', () => {

  it('are said in the language chosen when read; the message is what is stored', async () => {
    const items = Object.values(await unnamedItems());
    for (const lang of ['en', 'zh'] as Lang[]) {
      fakeBrowser.reset();
      const { key, read } = await storedFailedTask(lang);
      await writeFailedItems(key, items);
      expect((await read()).map((i) => i.item)).toEqual(Object.keys(SAID).map((provider) => SAID[provider]![lang]));
      expect((await readFailedItems(key))?.map((i) => i.item)).toEqual(Object.values(SAID).map(({ id }) => ({ id })));
    }
  });

  it('still show the English placeholder an older version stored, as it was', async () => {
    const { key, read } = await storedFailedTask('zh');
    const older = [
      { item: '(item)', code: 'DNS.0312', message: '' },
      { item: '(unnamed record set)', message: 'Invalid record.' },
      { item: '(URL)', code: 'InternalError', message: 'InternalError', fields: { ObjectType: 'file' } },
    ];
    await plantPrivate({ [failedItemsKey(key)]: older });
    expect(await read()).toEqual(older);
  });

  it('export in Chinese when the user chose Chinese: CSV, JSON and the resubmit file', async () => {
    const { key, read } = await storedFailedTask('zh');
    const { huaweiBatch, huaweiZone } = await unnamedItems();
    await writeFailedItems(key, [huaweiBatch!]);
    const items = await read();
    expect(toCsv(items)).toContain('（未命名条目）');
    expect(toCsv(items)).toContain(NO_REASON_SAID.zh);
    expect(JSON.parse(toJson(items))).toMatchObject({ items: [{ item: '（未命名条目）', code: 'DNS.0312', message: NO_REASON_SAID.zh }] });
    // Nothing to resubmit as records: the resubmit file is the CSV, in the same language.
    expect(resubmitFile(items, 'huawei').content).toContain('（未命名条目）');
    await writeFailedItems(key, [huaweiZone!]);
    const zone = await read();
    expect(JSON.parse(toJson(zone))).toMatchObject({ items: [{ item: '（未命名记录集）' }] });
    for (const file of [toCsv(items), toJson(items), resubmitFile(items, 'huawei').content, toCsv(zone), toJson(zone)]) expect(file).not.toMatch(/\((?:item|unnamed|record|domain|URL)|no reason/);
  });
});

describe('stored item names: read with the shape and caps they are written with', () => {
  const planted: [string, unknown][] = [
    ['a name that is an object but no message', [{ item: { toString: 'boom' }, message: 'm' }]],
    ['a name whose id is a number', [{ item: { id: 7 }, message: 'm' }]],
    ['a name whose id is longer than any id', [{ item: { id: 'i'.repeat(101) }, message: 'm' }]],
    ['a name with a parameter longer than kept', [{ item: { id: 'failedItemUnnamed', x: 'x'.repeat(501) }, message: 'm' }]],
    ['a name whose message parameter holds a text longer than kept', [{ item: { id: 'failedItemUnnamed', x: { id: 'failedItemUnnamed', y: 'y'.repeat(501) } }, message: 'm' }]],
    ['a name with more parameters than the catalogue allows', [{ item: { id: 'failedItemUnnamed', ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`p${i}`, 'v'])) }, message: 'm' }]],
    ['a name nested deeper than the catalogue allows', [{ item: { id: 'failedItemUnnamed', a: { id: 'failedItemUnnamed', b: { id: 'failedItemUnnamed', c: { id: 'failedItemUnnamed' } } } }, message: 'm' }]],
    ['a name with a parameter that is a list', [{ item: { id: 'failedItemUnnamed', x: ['a'] }, message: 'm' }]],
    ['a name with a parameter that is null', [{ item: { id: 'failedItemUnnamed', x: null }, message: 'm' }]],
    ['a name with a parameter that is not a finite number', [{ item: { id: 'failedItemUnnamed', x: Number.NaN }, message: 'm' }]],
    ['a name that is the two-language pair, which no failed item was ever stored as', [{ item: { en: '(item)', zh: '（条目）' }, message: 'm' }]],
    ['a name that is a list', [{ item: ['(item)'], message: 'm' }]],
    ['a name that is null', [{ item: null, message: 'm' }]],
  ];
  for (const [what, value] of planted) {
    it(`${what}: read as absent`, async () => {
      await plantPrivate({ [failedItemsKey('a:job:1')]: value });
      expect(await readFailedItems('a:job:1')).toBeNull();
    });
  }

  it('a name at every bound reads back as written; one naming an id this version does not know reads as saying so', async () => {
    const atLimits: FailedItem = { item: { id: 'failedItemUnnamed', x: 'x'.repeat(500), n: 3, inner: { id: 'failedItemUnnamed', y: { id: 'failedItemUnnamed', z: 'z'.repeat(500) } } }, message: 'm' };
    await plantPrivate({ [failedItemsKey('a:job:limits')]: [atLimits] });
    expect(await readFailedItems('a:job:limits')).toEqual([atLimits]);
    await plantPrivate({ [failedItemsKey('a:job:newer')]: [{ item: { id: 'aNameOfANewerVersion' }, message: 'm' }] });
    expect(await readFailedItems('a:job:newer')).toEqual([{ item: { id: 'unknownMessage' }, message: 'm' }]);
  });

  it('a name is cut as text is when written, so what is written is what is read', async () => {
    const written: FailedItem = { item: { id: 'failedItemUnnamed', x: 'x'.repeat(900) }, message: 'm' };
    const bounded = boundedFailedItem(written);
    expect(bounded.item).toEqual({ id: 'failedItemUnnamed', x: `${'x'.repeat(499)}…` });
    await writeFailedItems('a:job:cut', [written]);
    expect(await readFailedItems('a:job:cut')).toEqual([bounded]);
  });
});
