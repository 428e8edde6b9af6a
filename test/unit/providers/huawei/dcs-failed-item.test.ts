/**
 * Issue 30: a failed DCS task's reason is Batchwatch's sentence (DCS gives a code, no words), so
 * it is a catalogue message, put into words in the language the user chose by every surface
 * that shows failed items and by the exports. What older versions stored (the English string)
 * still reads and shows as it was written.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { huawei } from '../../../../lib/providers/huawei/index';
import type { Credentials, FailedItem, Lang, Task } from '../../../../lib/providers/types';
import { failedItemViews } from '../../../../lib/engine/service/views';
import { failedItemsKey, readFailedItems, writeFailedItems } from '../../../../lib/store/index';
import { resubmitFile, toCsv, toJson } from '../../../../lib/files/failed-items';
import { groupFailures } from '../../../../lib/console/failure-groups';
import { plantPrivate } from '../../support/private-area';
import { testContext } from '../../support/context';
import { storedFailedTask } from '../../support/stored-task';

beforeEach(() => fakeBrowser.reset());

const cred: Credentials = { account: { id: 'acc1', provider: 'huawei', name: 'Prod', settings: { region: 'cn-north-4', dcsRegions: 'cn-north-4' } }, secrets: { accessKeyId: 'AK', secretAccessKey: 'SK' } };
const dcsTask = (over: Partial<Task> = {}): Task => ({
  key: 'acc1:dcs-task:t1',
  provider: 'huawei',
  accountId: 'acc1',
  kind: 'dcs-task',
  providerTaskId: 't1',
  label: 'RESTART',
  status: 'failed',
  locator: { projectId: 'p', region: 'cn-north-4', errorCode: 'DCS.4039' },
  ...over,
});
const noNetwork = testContext(async () => {
  throw new Error('a DCS task’s failed item is read from the task, not asked for');
});

const EN_CODE = 'The DCS task failed with error code DCS.4039.';
const ZH_CODE = 'DCS 任务失败，错误码 DCS.4039。';

describe('a failed DCS task’s reason', () => {
  it('is a catalogue message with the code as its parameter, not an English sentence', async () => {
    const page = await huawei.failedItems(cred, dcsTask(), 1, noNetwork);
    expect(page.items).toEqual([{ item: 'RESTART', code: 'DCS.4039', message: { id: 'failedDcsTaskCode', code: 'DCS.4039' } }]);
    const withoutCode = await huawei.failedItems(cred, dcsTask({ locator: { projectId: 'p', region: 'cn-north-4' } }), 1, noNetwork);
    expect(withoutCode.items).toEqual([{ item: 'RESTART', message: { id: 'failedDcsTask' } }]);
  });

  it('is shown in English or in Chinese, as the user chose', async () => {
    const items = [...(await huawei.failedItems(cred, dcsTask(), 1, noNetwork)).items, ...(await huawei.failedItems(cred, dcsTask({ locator: {} }), 1, noNetwork)).items];
    expect(failedItemViews(items, 'en').map((i) => i.message)).toEqual([EN_CODE, 'The DCS task failed; Huawei Cloud gave no error code.']);
    expect(failedItemViews(items, 'zh').map((i) => i.message)).toEqual([ZH_CODE, 'DCS 任务失败，华为云未给出错误码。']);
  });

  it('leaves the provider’s own words as they are, in every language', () => {
    const provider: FailedItem = { item: 'www A', code: 'DNS.0312', message: 'Duplicate record set exists.' };
    expect(failedItemViews([provider], 'zh')).toEqual([provider]);
  });

  it('groups by its code in the panel, whatever the language', () => {
    const items: FailedItem[] = [
      { item: 'RESTART', code: 'DCS.4039', message: { id: 'failedDcsTaskCode', code: 'DCS.4039' } },
      { item: 'FLUSH', code: 'DCS.4039', message: { id: 'failedDcsTaskCode', code: 'DCS.4039' } },
      { item: 'BACKUP', message: { id: 'failedDcsTask' } },
      { item: 'SCALE', message: { id: 'failedDcsTask' } },
    ];
    for (const lang of ['en', 'zh'] as Lang[]) {
      const groups = groupFailures(failedItemViews(items, lang));
      expect(groups.map((g) => [g.code ?? '', g.count])).toEqual([['DCS.4039', 2], ['', 2]]);
      expect(groups[1]!.example).toBe(lang === 'en' ? 'The DCS task failed; Huawei Cloud gave no error code.' : 'DCS 任务失败，华为云未给出错误码。');
    }
  });
});

describe('the popup’s and the panel’s failed items, from the background', () => {

  it('says a stored DCS reason in the language chosen when it is read, not when it was written', async () => {
    for (const lang of ['en', 'zh'] as Lang[]) {
      fakeBrowser.reset();
      const { key, read } = await storedFailedTask(lang);
      await writeFailedItems(key, (await huawei.failedItems(cred, dcsTask(), 1, noNetwork)).items);
      expect((await read()).map((i) => i.message)).toEqual([lang === 'en' ? EN_CODE : ZH_CODE]);
      // Stored as the message, so a later change of language re-renders it.
      expect(await readFailedItems(key)).toEqual([{ item: 'RESTART', code: 'DCS.4039', message: { id: 'failedDcsTaskCode', code: 'DCS.4039' } }]);
    }
  });

  it('still shows the English string an older version stored, as it was', async () => {
    const { key, read } = await storedFailedTask('zh');
    await plantPrivate({ [failedItemsKey(key)]: [{ item: 'RESTART', code: 'DCS.4039', message: 'DCS error DCS.4039' }, { item: 'SCALE', message: 'The DCS task failed' }] });
    expect(await read()).toEqual([
      { item: 'RESTART', code: 'DCS.4039', message: 'DCS error DCS.4039' },
      { item: 'SCALE', message: 'The DCS task failed' },
    ]);
  });

  it('exports in Chinese when the user chose Chinese: CSV, JSON and the resubmit file', async () => {
    const { key, read } = await storedFailedTask('zh');
    await writeFailedItems(key, (await huawei.failedItems(cred, dcsTask(), 1, noNetwork)).items);
    const items = await read();
    expect(toCsv(items)).toContain(ZH_CODE);
    expect(JSON.parse(toJson(items))).toMatchObject({ items: [{ item: 'RESTART', code: 'DCS.4039', message: ZH_CODE }] });
    // A DCS task has no records: the resubmit file is the CSV, in the same language.
    expect(resubmitFile(items, 'huawei').content).toContain(ZH_CODE);
    for (const file of [toCsv(items), toJson(items), resubmitFile(items, 'huawei').content]) expect(file).not.toMatch(/DCS error|task failed/);
  });
});
