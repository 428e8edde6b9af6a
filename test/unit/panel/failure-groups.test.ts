import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alreadyExists, groupFailures, groupKeyOf, maskMessage, selectGroups, visibleGroups } from '../../../lib/console/failure-groups';
import type { FailedItemView } from '../../../lib/providers/types';

const failure = (message: string, code?: string): FailedItemView => ({ item: 'x', message, ...(code ? { code } : {}) });

describe('masking a message', () => {
  it.each([
    ['Invalid record value: 300.300.1.1 is not an IPv4 address.', 'Invalid record value: ‹ip› is not an IPv4 address.'],
    ['The TTL must be between 1 and 2147483647.', 'The TTL must be between ‹n› and ‹n›.'],
    ['Duplicate record set exists. (name: www.example.com., type: A, records: 192.168.10.1, 192.168.10.2).', 'Duplicate record set exists. (name: ‹name›, type: A, records: ‹ip›, ‹ip›).'],
    ['Record "www" of zone example.com is invalid', 'Record ‹text› of zone ‹name› is invalid'],
    ['记录已经存在：host7.example.org 第 12 行', '记录已经存在：‹name› 第 ‹n› 行'],
    ['AAAA value 2001:db8::1 is wrong', 'AAAA value ‹ip› is wrong'],
    ['Zone ff8080827d1f2c3b017d2f0b1e0c0a1b not found', 'Zone ‹id› not found'],
    ['Mail admin@example.com bounced', 'Mail ‹name› bounced'],
    ['*.example.com: wildcard not allowed', '‹name›: wildcard not allowed'],
  ])('%s', (message, masked) => expect(maskMessage(message)).toBe(masked));

  it('keeps the words that say what went wrong, and values glued to words ("IPv4", "DNS.0312")', () => {
    expect(maskMessage('Error DNS.0312 for IPv4')).toBe('Error DNS.0312 for IPv4');
    expect(maskMessage('The record set already exists.')).toBe('The record set already exists.');
  });
});

const octet = fc.integer({ min: 0, max: 999 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((p) => p.join('.'));
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 4 }), fc.stringMatching(/^[a-z]{2,6}$/), fc.boolean()).map(([labels, tld, root]) => `${labels.join('.')}.${tld}${root ? '.' : ''}`);
const number = fc.oneof(fc.nat(), fc.integer({ min: -1000, max: 1000 }).map((n) => `${n}.5`)).map(String);
const quoted = fc.string({ maxLength: 20 }).filter((s) => !/["\n]/.test(s)).map((s) => `"${s}"`);
/** Words a message is made of: letters only, so a value cannot hide in them. */
const word = fc.stringMatching(/^[A-Za-z]{1,8}$/);
const template = fc.tuple(fc.array(word, { minLength: 0, maxLength: 4 }), fc.array(word, { minLength: 0, maxLength: 4 })).map(([before, after]) => (value: string) => [...before, value, ...after].join(' '));

describe('grouping failures (properties)', () => {
  it.each([
    ['an IP address', ipv4],
    ['a domain name', domain],
    ['a number', number],
    ['quoted text', quoted],
  ])('two messages differing only in %s land in one group', (_, value) => {
    fc.assert(
      fc.property(template, value, value, (make, a, b) => {
        const groups = groupFailures([failure(make(a)), failure(make(b))]);
        expect(groups).toHaveLength(1);
        expect(groups[0]!.count).toBe(2);
        expect(groups[0]!.example).toBe(make(a));
      }),
      { numRuns: 1000 },
    );
  });

  it('messages that differ in their words stay apart', () => {
    fc.assert(
      fc.property(word, word, ipv4, (a, b, ip) => {
        fc.pre(a !== b);
        expect(groupFailures([failure(`${a} ${ip}`), failure(`${b} ${ip}`)])).toHaveLength(2);
      }),
    );
  });

  it('masking is idempotent: a pattern is its own pattern', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      expect(maskMessage(maskMessage(s))).toBe(maskMessage(s));
    }));
  });

  it('every item is in exactly one group, largest first, and selecting a group gives back its items', () => {
    const items = fc.array(fc.record({ item: fc.string(), message: fc.constantFrom('A 1.2.3.4 bad', 'A 5.6.7.8 bad', 'quota', 'B "x"'), code: fc.option(fc.constantFrom('DNS.0312', 'DNS.0001'), { nil: undefined }) }), { maxLength: 60 });
    fc.assert(
      fc.property(items, (list) => {
        const clean: FailedItemView[] = list.map(({ code, ...rest }) => (code ? { ...rest, code } : rest));
        const groups = groupFailures(clean);
        expect(groups.reduce((n, g) => n + g.count, 0)).toBe(clean.length);
        for (let i = 1; i < groups.length; i++) expect(groups[i - 1]!.count).toBeGreaterThanOrEqual(groups[i]!.count);
        for (const g of groups) expect(selectGroups(clean, new Set([g.key]))).toHaveLength(g.count);
      }),
    );
  });
});

describe('groups', () => {
  it('200 failures whose messages differ only in the address are one group of 200, with one real example', () => {
    const items = Array.from({ length: 200 }, (_, i) => failure(`Invalid record value: ${300 + i}.300.1.${i % 256} is not an IPv4 address.`));
    const groups = groupFailures(items);
    expect(groups.map((g) => [g.pattern, g.count])).toEqual([['Invalid record value: ‹ip› is not an IPv4 address.', 200]]);
    expect(groups[0]!.example).toBe('Invalid record value: 300.300.1.0 is not an IPv4 address.');
  });

  it('a provider code groups whatever the messages say', () => {
    expect(groupFailures([failure('one', 'DNS.0312'), failure('two', 'DNS.0312'), failure('three')]).map((g) => [g.key, g.count])).toEqual([['code:DNS.0312', 2], ['message:three', 1]]);
    expect(groupKeyOf(failure('a 1.2.3.4'))).toBe('message:a ‹ip›');
  });

  it('no selection is everything; a selection keeps the items of the chosen groups in their order', () => {
    const items = [failure('a 1'), failure('q', 'X'), failure('a 2')];
    expect(selectGroups(items, new Set())).toEqual(items);
    expect(selectGroups(items, new Set(['message:a ‹n›']))).toEqual([items[0], items[2]]);
  });

  it('shows the first groups and counts the rest behind "+N more" until expanded', () => {
    const groups = groupFailures(Array.from({ length: 11 }, (_, i) => failure(`problem ${'x'.repeat(i + 1)}`)));
    expect(visibleGroups(groups, 8, false)).toMatchObject({ more: 3 });
    expect(visibleGroups(groups, 8, false).visible).toHaveLength(8);
    expect(visibleGroups(groups, 8, true)).toMatchObject({ more: 0 });
    expect(visibleGroups(groups, 8, true).visible).toHaveLength(11);
    expect(visibleGroups(groups.slice(0, 8), 8, false).more).toBe(0);
  });
});

describe('already exists', () => {
  it.each([
    ['DNS.0312', 'Duplicate record set exists. (name: www.example.com., type: A, records: 192.168.10.1).', true],
    [undefined, 'The record set already exists.', true],
    [undefined, '记录已经存在', true],
    [undefined, '记录已存在', true],
    [undefined, 'The zone does not exist.', false],
    [undefined, '域名不存在', false],
    [undefined, 'Invalid record value', false],
  ])('%s %s → %s', (code, message, expected) => expect(alreadyExists({ message, ...(code ? { code } : {}) })).toBe(expected));
});
