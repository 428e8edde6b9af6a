/**
 * The resubmit file of a CDN refresh or preload (issues 32/33): the consoles' submit boxes take
 * URLs one a line, nothing else; a list that holds records goes in the record layout instead.
 */
import { describe, expect, it } from 'vitest';
import { resubmitFile, toResubmitCsv } from '../../../lib/files/failed-items';
import type { FailedItemView } from '../../../lib/providers/types';

const url = (u: string, message = 'OriginTimeout'): FailedItemView => ({ item: u, message, fields: { URL: u } });
const LOGO = 'https://static.example.com/logo.png';
const HERO = 'https://static.example.com/hero.jpg';

describe('failed URLs go back one a line', () => {
  it('every failed URL on its own line, CRLF-ended, with no header, no BOM and no reason', () => {
    for (const family of ['alibaba', 'huawei', 'dnspod'] as const) {
      expect(toResubmitCsv([url(LOGO), url(HERO)], family), family).toBe(`${LOGO}\r\n${HERO}\r\n`);
    }
  });

  it('the resubmit file leaves out a URL whose reason says it already exists, and counts it', () => {
    expect(resubmitFile([url(LOGO), url(HERO, 'The URL already exists.')], 'alibaba')).toEqual({ content: `${LOGO}\r\n`, leftOut: 1 });
  });
});

describe('a list that is not only URLs is not the URL file', () => {
  it('an item that also carries a record\'s columns goes in the record layout; the URL-only one cannot be a record row', () => {
    const record: FailedItemView = { item: 'www A', message: 'InternalError', fields: { Domain: 'example.com', Rr: 'www', Type: 'A', Value: '192.0.2.1', URL: LOGO } };
    const asRecords = '\uFEFFDomain,Rr,Type,Line,Value,Ttl,Priority\r\nexample.com,www,A,,192.0.2.1,,\r\n';
    expect(toResubmitCsv([url(HERO), record], 'alibaba')).toBe(asRecords);
    expect(toResubmitCsv([record], 'alibaba')).toBe(asRecords);
  });

  it('items with neither a URL nor a record column are the plain CSV', () => {
    const items: FailedItemView[] = [{ item: 'task 7', message: 'The DCS task failed.', fields: {} }];
    const file = toResubmitCsv(items, 'huawei');
    expect(file).toContain('task 7');
    expect(file).toContain('The DCS task failed.');
  });
});
