import { describe, expect, it } from 'vitest';
import { resubmitFile, toResubmitCsv } from '../../../lib/files/failed-items';
import type { FailedItemView } from '../../../lib/providers/types';

const record = (name: string, message: string, code?: string): FailedItemView => ({ item: `${name} A`, message, ...(code ? { code } : {}), fields: { name, type: 'A', records: '192.0.2.1' } });

const ITEMS = [
  record('a.example.com.', 'Duplicate record set exists. (name: a.example.com., type: A, records: 192.0.2.1).', 'DNS.0312'),
  record('b.example.com.', 'Invalid record value: 300.300.1.1 is not an IPv4 address.'),
  record('c.example.com.', '记录已经存在'),
  record('d.example.com.', 'The zone does not exist.'),
];

describe('the resubmit file', () => {
  it('leaves out the items that already exist, by default, and counts them', () => {
    const file = resubmitFile(ITEMS, 'huawei');
    expect(file.leftOut).toBe(2);
    expect(file.content).toBe(toResubmitCsv([ITEMS[1]!, ITEMS[3]!], 'huawei'));
    expect(file.content).not.toContain('a.example.com.');
    expect(file.content).not.toContain('c.example.com.');
  });

  it('keeps them when asked', () => {
    expect(resubmitFile(ITEMS, 'huawei', true)).toEqual({ content: toResubmitCsv(ITEMS, 'huawei'), leftOut: 0 });
  });

  it('leaves nothing out when nothing already exists', () => {
    expect(resubmitFile([ITEMS[1]!], 'huawei').leftOut).toBe(0);
  });
});

describe('the resubmit file with nothing left', () => {
  it('is the header the console reads, not an empty file', () => {
    expect(resubmitFile([ITEMS[0]!], 'huawei')).toEqual({ content: '\uFEFFname,type,line,ttl,records,weight,description\r\n', leftOut: 1 });
  });
});
