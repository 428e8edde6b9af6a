/** The unseen failures as stored: untrusted on read, bounded, newest kept. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { markSeen, markUnseen, MAX_UNSEEN, parseUnseen, readUnseen, withoutUnseen, withUnseen } from '../../../lib/store/unseen';
import { plantPrivate } from '../support/private-area';

beforeEach(() => fakeBrowser.reset());

describe('unseen failures', () => {
  it('reads only task keys from storage, once each, whatever else was written there', () => {
    expect(parseUnseen(['a', 7, null, '', 'x'.repeat(601), 'b', 'a', { key: 'c' }])).toEqual(['b', 'a']);
    expect(parseUnseen('a')).toEqual([]);
    expect(parseUnseen({ 0: 'a' })).toEqual([]);
  });

  it(`keeps the newest ${MAX_UNSEEN}: the oldest go first`, () => {
    const many = Array.from({ length: MAX_UNSEEN + 5 }, (_, i) => `k${i}`);
    const kept = parseUnseen(many);
    expect(kept).toHaveLength(MAX_UNSEEN);
    expect(kept[0]).toBe('k5');
    expect(kept.at(-1)).toBe(`k${MAX_UNSEEN + 4}`);
  });

  it('adds a key again as the newest, and takes keys out', () => {
    expect(withUnseen(['a', 'b'], ['a', 'c'])).toEqual(['b', 'a', 'c']);
    expect(withoutUnseen(['a', 'b', 'c'], ['b', 'z'])).toEqual(['a', 'c']);
  });

  it('remembers them until seen, and says whether anything changed', async () => {
    await markUnseen(['t1', 't2']);
    expect(await readUnseen()).toEqual(['t1', 't2']);
    expect(await markSeen(['t1'])).toBe(true);
    expect(await markSeen(['t1'])).toBe(false);
    expect(await readUnseen()).toEqual(['t2']);
  });

  it('reads a planted oversized or malformed value as bounded keys', async () => {
    await plantPrivate({ unseenFailures: [...Array.from({ length: 5000 }, (_, i) => `k${i}`), 42] });
    expect(await readUnseen()).toHaveLength(MAX_UNSEEN);
    await plantPrivate({ unseenFailures: 'not a list' });
    expect(await readUnseen()).toEqual([]);
  });
});
