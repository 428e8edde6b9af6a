/**
 * Issue 29, finding 5: stored failed items are untrusted when read (a content script could write
 * storage.local in Firefox, where they were kept until finding 7; an older version or a bug may have written them). Planted sets were served whole: 50,001 wrong-typed items in an
 * 11.5 MB reply. They are read with the shape and caps they are written with.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing';
import { routeMessage, type MessageSender } from '../../../lib/engine/router';
import { boundedFailedItem, type FailedItem } from '../../../lib/providers/types';
import { failedItemsKey, MAX_STORED_FAILED_ITEMS, readFailedItems, writeFailedItems } from '../../../lib/store/index';
import { storedFailedItems } from '../../../lib/store/failed-items';
import { CLOCK_START, engineDeps } from '../support/fakes';
import { scriptedProvider } from '../engine/scripted';
import { plantPrivate } from '../support/private-area';

beforeEach(() => fakeBrowser.reset());

const SELF = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const popup: MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const plant = (taskKey: string, value: unknown) => plantPrivate({ [failedItemsKey(taskKey)]: value });
const good = (n: number): FailedItem[] => Array.from({ length: n }, (_, i) => ({ item: `r${i}.example.com A`, code: 'E1', message: 'conflict', fields: { name: `r${i}`, type: 'A' } }));

describe('stored failed items: read as they could have been written, or not at all', () => {
  const planted: [string, unknown][] = [
    ['an item that is a number', [1]],
    ['null in the list', [null]],
    ['an item without a message', [{ item: 'x' }]],
    ['a message that is an object', [{ item: 'x', message: { toString: 'boom' } }]],
    ['a code that is a number', [{ item: 'x', message: 'm', code: 7 }]],
    ['a field value that is a number', [{ item: 'x', message: 'm', fields: { ttl: 600 } }]],
    ['fields that are a list', [{ item: 'x', message: 'm', fields: ['a'] }]],
    ['a message longer than any server message is kept', [{ item: 'x', message: 'm'.repeat(501) }]],
    ['an item longer than kept', [{ item: 'x'.repeat(501), message: 'm' }]],
    ['a code longer than kept', [{ item: 'x', message: 'm', code: 'c'.repeat(81) }]],
    ['a field name longer than kept', [{ item: 'x', message: 'm', fields: { ['k'.repeat(81)]: 'v' } }]],
    ['a field value longer than kept', [{ item: 'x', message: 'm', fields: { value: 'v'.repeat(4097) } }]],
    ['41 fields', [{ item: 'x', message: 'm', fields: Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`f${i}`, 'v'])) }]],
    ['good items and one bad', [...good(3), { item: 5, message: 'm' }]],
    // Reasons of Batchwatch's own (a catalogue message), planted:
    ['a message with a parameter longer than any server message is kept', [{ item: 'x', message: { id: 'failedDcsTaskCode', code: 'c'.repeat(501) } }]],
    ['a message whose message parameter holds a text longer than kept', [{ item: 'x', message: { id: 'failedDcsTaskCode', code: { id: 'providerHuawei', x: 'c'.repeat(501) } } }]],
    ['a message with more parameters than the catalogue allows', [{ item: 'x', message: { id: 'failedDcsTaskCode', ...Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`p${i}`, 'v'])) } }]],
    ['messages nested deeper than the catalogue allows', [{ item: 'x', message: { id: 'failedDcsTaskCode', code: { id: 'failedDcsTask', a: { id: 'failedDcsTask', b: { id: 'failedDcsTask' } } } } }]],
    ['a message whose id is a number', [{ item: 'x', message: { id: 7 } }]],
    ['a message whose id is longer than any id', [{ item: 'x', message: { id: 'i'.repeat(101) } }]],
    ['a message with a parameter that is a list', [{ item: 'x', message: { id: 'failedDcsTaskCode', code: ['DCS.4039'] } }]],
    ['a message with a parameter that is null', [{ item: 'x', message: { id: 'failedDcsTaskCode', code: null } }]],
    ['a message with a parameter that is not a finite number', [{ item: 'x', message: { id: 'failedDcsTaskCode', code: Infinity } }]],
    ['the two-language pair, which no failed item was ever stored as', [{ item: 'x', message: { en: 'failed', zh: '失败' } }]],
    ['one item more than the cap', good(MAX_STORED_FAILED_ITEMS + 1)],
    ['50,001 items', good(50_001)],
    ['an object instead of a list', { 0: good(1)[0], length: 1 }],
    ['a string', 'items'],
  ];
  for (const [what, value] of planted) {
    it(`${what}: read as absent`, async () => {
      await plant('a:job:1', value);
      expect(await readFailedItems('a:job:1')).toBeNull();
    });
  }

  it('the cap itself and every bound at its limit are read back as written', async () => {
    await plant('a:job:cap', good(MAX_STORED_FAILED_ITEMS));
    expect(await readFailedItems('a:job:cap')).toHaveLength(MAX_STORED_FAILED_ITEMS);
    const atLimits: FailedItem = {
      item: 'i'.repeat(500),
      code: 'c'.repeat(80),
      message: 'm'.repeat(500),
      fields: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`${i}`.padEnd(80, 'k'), 'v'.repeat(4096)])),
    };
    await plant('a:job:limits', [atLimits, { item: '', message: '' }]);
    expect(await readFailedItems('a:job:limits')).toEqual([atLimits, { item: '', message: '' }]);
  });

  it('a message at every bound is read back as written; one naming an id this version does not know reads as saying so', async () => {
    const atLimits: FailedItem = {
      item: 'x',
      message: { id: 'failedDcsTaskCode', code: 'c'.repeat(500), ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, i])), deep: { id: 'failedDcsTaskCode', code: { id: 'failedDcsTaskCode', code: 'd'.repeat(500) } } },
    };
    await plant('a:job:limits', [atLimits]);
    expect(await readFailedItems('a:job:limits')).toEqual([atLimits]);
    await plant('a:job:newer', [{ item: 'x', message: { id: 'aMessageOfANewerVersion', code: 'E1' } }]);
    expect(await readFailedItems('a:job:newer')).toEqual([{ item: 'x', message: { id: 'unknownMessage' } }]);
  });

  it('a message reason is cut as text is when written, so what is written is what is read', async () => {
    const written: FailedItem = { item: 'x', message: { id: 'failedDcsTaskCode', code: 'c'.repeat(900), n: 3, inner: { id: 'failedDcsTask', why: 'w'.repeat(600) } } };
    const bounded = boundedFailedItem(written);
    expect(bounded.message).toEqual({ id: 'failedDcsTaskCode', code: `${'c'.repeat(499)}…`, n: 3, inner: { id: 'failedDcsTask', why: `${'w'.repeat(499)}…` } });
    await writeFailedItems('a:job:cut', [written]);
    expect(await readFailedItems('a:job:cut')).toEqual([bounded]);
  });

  it('a field named __proto__ is never written, so what is written is what is read', async () => {
    const fields = Object.fromEntries([['__proto__', 'x'], ['name', 'www']]) as Record<string, string>;
    const written = boundedFailedItem({ item: 'x', message: 'm', fields });
    expect(Object.keys(written.fields ?? {})).toEqual(['name']);
    await writeFailedItems('a:job:proto', [{ item: 'x', message: 'm', fields }]);
    expect(await readFailedItems('a:job:proto')).toEqual([written]);
  });

  it('keys no stored item has are dropped, not served', async () => {
    await plant('a:job:1', [{ item: 'x', message: 'm', html: '<img src=x onerror=alert(1)>' }]);
    expect(await readFailedItems('a:job:1')).toEqual([{ item: 'x', message: 'm' }]);
  });

  it('whatever the provider answered, what is written reads back unchanged (property: one schema both ways)', async () => {
    const item = fc.record(
      { item: fc.string({ maxLength: 700 }), code: fc.string({ maxLength: 120 }), message: fc.string({ maxLength: 700 }), fields: fc.dictionary(fc.string({ maxLength: 100 }), fc.string({ maxLength: 4200 }), { maxKeys: 45 }) },
      { requiredKeys: ['item', 'message'] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 5 }), async (items) => {
        await writeFailedItems('a:job:p', items);
        expect(await readFailedItems('a:job:p')).toEqual(items.map(boundedFailedItem));
      }),
      { numRuns: 300 },
    );
  });

  it('whatever our message says, what is written reads back unchanged (property)', async () => {
    const param = fc.oneof(fc.string({ maxLength: 700 }), fc.integer());
    const message = fc.record({ id: fc.constantFrom('failedDcsTask', 'failedDcsTaskCode'), code: param, n: param });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ item: fc.string({ maxLength: 20 }), message: fc.oneof(message, fc.record({ id: fc.constant('failedDcsTaskCode'), code: message })) }), { maxLength: 5 }), async (items) => {
        await writeFailedItems('a:job:m', items);
        expect(await readFailedItems('a:job:m')).toEqual(items.map(boundedFailedItem));
      }),
      { numRuns: 200 },
    );
  });

  it('whatever is planted, what is read is null or items within every bound (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const read = storedFailedItems(raw);
        if (read === null) return;
        expect(read.length).toBeLessThanOrEqual(MAX_STORED_FAILED_ITEMS);
        for (const it of read) expect(boundedFailedItem(it)).toEqual(it);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('a planted set never reaches a reply', () => {
  it('50,001 wrong-typed items under a finished task: the reply holds the provider\'s own failed items, fetched again', async () => {
    const dnspod = scriptedProvider('dnspod', { listable: false, remote: [{ id: '3333', finishAt: CLOCK_START - 1, final: 'failed', failed: 3, createdAt: CLOCK_START - 30_000 }] });
    const env = engineDeps([dnspod.provider]);
    const saved = await routeMessage(env.deps, { type: 'saveAccount', provider: 'dnspod', name: 'd', settings: { region: 'r1' }, secrets: { secretKey: 'secret-0001' } }, popup, SELF);
    const accountId = (saved as unknown as { accountId: string }).accountId;
    await routeMessage(env.deps, { type: 'trackTask', accountId, taskId: '3333' }, popup, SELF);
    const key = `${accountId}:job:3333`;
    const plantedItem = { item: 12345, message: ['PLANTED'], fields: { value: 99 } };
    await plant(key, Array.from({ length: 50_001 }, () => plantedItem));
    const reply = await routeMessage(env.deps, { type: 'getFailedItems', taskKey: key }, popup, SELF);
    expect(reply).toMatchObject({ ok: true, taskKey: key, total: 3 });
    const items = (reply as unknown as { items: FailedItem[] }).items;
    expect(items).toEqual([0, 1, 2].map((i) => ({ item: `www${i}.example.com A`, code: 'E1', message: `conflict ${i}` })));
    expect(JSON.stringify(reply)).not.toContain('PLANTED');
    // The fetched set replaced the planted one.
    expect(await readFailedItems(key)).toEqual(items);
  });
});
