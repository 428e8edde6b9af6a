import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { columnsOf, neutralise, quoteCell, toCsv, toCsvRows, toJson, toResubmitCsv } from '../../../lib/files/failed-items';
import type { FailedItemView } from '../../../lib/providers/types';

/** A small RFC 4180 reader, written for the test so the exporter is checked by a second implementation. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = (): void => {
    row.push(cell);
    cell = '';
  };
  const endRow = (): void => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endCell();
    else if (c === '\r' && text[i + 1] === '\n') {
      endRow();
      i++;
    } else cell += c;
  }
  if (cell || row.length) endRow();
  return rows;
}

const item = (over: Partial<FailedItemView> = {}): FailedItemView => ({ item: 'www.example.com A 192.0.2.1', code: 'DNS.0312', message: 'The record set already exists.', fields: { name: 'www.example.com.', type: 'A', records: '192.0.2.1' }, ...over });

describe('CSV export', () => {
  it('starts with a BOM and a header, quotes commas, quotes and line breaks', () => {
    const csv = toCsv([item({ message: 'bad "value", see\ndocs' })]);
    expect(csv.startsWith('\uFEFFitem,code,message,name,type,records\r\n')).toBe(true);
    expect(parseCsv(csv.slice(1))[1]).toEqual(['www.example.com A 192.0.2.1', 'DNS.0312', 'bad "value", see\ndocs', 'www.example.com.', 'A', '192.0.2.1']);
  });

  it('quotes exactly the cells holding a comma, a semicolon, a quote or a line break', () => {
    // A spreadsheet set to a Chinese or European locale splits an unquoted cell on `;`.
    for (const cell of ['a,b', 'a;b', 'a"b', 'a\nb', 'a\rb']) expect(quoteCell(cell)).toBe(`"${cell.replace(/"/g, '""')}"`);
    for (const cell of ['plain', 'a b', 'a\tb', '中文', '']) expect(quoteCell(cell)).toBe(cell);
    expect(toCsv([{ item: 'x;y', message: 'm' }]).split('\r\n')[1]).toBe('"x;y",,m');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralise(`${start}cmd|' /C calc'!A0`).startsWith("'")).toBe(true);
    expect(neutralise('www')).toBe('www');
    const rows = parseCsv(toCsv([item({ item: '=HYPERLINK("http://evil")', message: '@SUM(1)' })]).slice(1));
    expect(rows[1]![0]).toBe('\'=HYPERLINK("http://evil")');
    expect(rows[1]![2]).toBe("'@SUM(1)");
  });

  it('round-trips any unicode cell through a CSV reader, and no cell starts a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ item: fc.string({ unit: 'grapheme' }), message: fc.string({ unit: 'grapheme' }), code: fc.option(fc.string(), { nil: undefined }) }), { maxLength: 20 }), (items) => {
        const rows = parseCsv(toCsv(items).slice(1));
        expect(rows).toHaveLength(items.length + 1);
        items.forEach((it, i) => {
          const [cellItem, cellCode, cellMessage] = rows[i + 1]!;
          expect(cellItem).toBe(neutralise(it.item));
          expect(cellCode).toBe(neutralise(it.code ?? ''));
          expect(cellMessage).toBe(neutralise(it.message));
        });
        for (const row of rows) for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('exports 10,000 rows', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => item({ item: `host${i}.example.com A 192.0.2.${i % 250}` }));
    expect(parseCsv(toCsv(items).slice(1))).toHaveLength(10_001);
  });
});

describe('JSON and resubmit exports', () => {
  it('JSON keeps every item with null for a missing code, and truncated null when the file has every item', () => {
    expect(JSON.parse(toJson([item({ code: undefined })]))).toEqual({ truncated: null, items: [{ item: 'www.example.com A 192.0.2.1', code: null, message: 'The record set already exists.', fields: { name: 'www.example.com.', type: 'A', records: '192.0.2.1' } }] });
  });
});

describe('an export with fewer items than the task failed says so in its contents (issue 19)', () => {
  const truncated = { shown: 2, total: 4500, note: 'First 2 of 4500 failed items; the console has the rest.' };
  const two = [item(), item({ item: 'b', fields: { name: '@', type: 'MX', records: '10 mx.example.com.' } })];

  it('JSON carries truncated: {shown, total, note}', () => {
    expect(JSON.parse(toJson(two, truncated))).toMatchObject({ truncated, items: [{ item: two[0]!.item }, { item: 'b' }] });
  });

  it('the CSV starts with the note as one "#" cell above the header; the rows below are unchanged', () => {
    const rows = parseCsv(toCsv(two, truncated).slice(1));
    expect(rows[0]).toEqual(['# First 2 of 4500 failed items; the console has the rest.']);
    expect(rows.slice(1)).toEqual(parseCsv(toCsv(two).slice(1)));
  });

  it('a note in any language stays one cell, and a complete export has no note line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (note) => {
        expect(parseCsv(toCsv(two, { shown: 2, total: 9, note }).slice(1))[0]).toEqual([`# ${note}`]);
      }),
      { numRuns: 200 },
    );
    expect(toCsv(two).startsWith('\uFEFFitem,code,message')).toBe(true);
  });
  it('a Huawei resubmit file holds only the record columns of the failed record sets', () => {
    const rows = parseCsv(toResubmitCsv([item()], 'huawei').slice(1));
    expect(rows[0]).toEqual(['name', 'type', 'line', 'ttl', 'records', 'weight', 'description']);
    expect(rows[1]).toEqual(['www.example.com.', 'A', '', '', '192.0.2.1', '', '']);
  });
  it('a resubmit file gives the console back its own values: an apex @ stays @, nothing is neutralised', () => {
    const apex: FailedItemView = { item: '@ MX', message: 'exists', fields: { Domain: 'example.com', Rr: '@', Type: 'MX', Value: '10 mail.example.com', Ttl: '600', Priority: '10' } };
    const lines = toResubmitCsv([apex, { item: '-x', message: 'm', fields: { Rr: '-x', Type: 'TXT', Value: '=v; "q"' } }], 'alibaba').split('\r\n');
    expect(lines[0]).toBe('\uFEFFDomain,Rr,Type,Line,Value,Ttl,Priority');
    expect(lines[1]).toBe('example.com,@,MX,,10 mail.example.com,600,10');
    expect(lines[2]).toBe(',-x,TXT,,"=v; ""q""",,');
  });

  it('round-trips any record values into the console\'s import columns unchanged', () => {
    const value = fc.string({ unit: 'grapheme' });
    fc.assert(
      fc.property(fc.array(fc.record({ name: value, type: value, records: value }), { minLength: 1, maxLength: 20 }), (records) => {
        const items = records.map((fields) => ({ item: 'x', message: 'm', fields: { ...fields, name: `n${fields.name}` } }));
        const rows = parseCsv(toResubmitCsv(items, 'huawei').slice(1));
        expect(rows).toHaveLength(items.length + 1);
        items.forEach((it, i) => expect(rows[i + 1]).toEqual([it.fields.name, it.fields.type, '', '', it.fields.records, '', '']));
      }),
      { numRuns: 500 },
    );
  });

  it('falls back to the CSV columns when the items carry no record columns', () => {
    expect(toResubmitCsv([{ item: 'x', message: 'y' }], 'alibaba')).toBe(toCsv([{ item: 'x', message: 'y' }]));
  });
});

describe('export columns and layouts', () => {
  it('lists each provider column once, after the shared ones, never repeating a shared one', () => {
    expect(columnsOf([
      { item: 'a', message: 'm', fields: { message: 'dup', name: 'n', type: 'A' } },
      { item: 'b', message: 'm', fields: { type: 'AAAA', ttl: '600', code: 'c', item: 'i' } },
      { item: 'c', message: 'm' },
    ])).toEqual(['item', 'code', 'message', 'name', 'type', 'ttl']);
    expect(toCsv([{ item: 'a', message: 'm', fields: { ttl: '600' } }, { item: 'b', code: 'E1', message: 'n' }])).toBe('\uFEFFitem,code,message,ttl\r\na,,m,600\r\nb,E1,n,\r\n');
  });

  it('a resubmit file keeps only the items that carry record columns', () => {
    const csv = toResubmitCsv([{ item: 'no columns', message: 'm' }, { item: 'x', message: 'm', fields: { sub_domain: 'www', record_type: 'A', value: '192.0.2.1' } }], 'dnspod');
    expect(csv).toBe('\uFEFFdomain,sub_domain,record_type,record_line,value,ttl,mx\r\n,www,A,,192.0.2.1,,\r\n');
  });

  it('writes the spreadsheet CSV rows with the formula guard by default', () => {
    expect(toCsvRows([['=1', 'a;b']])).toBe(`'=1,"a;b"`);
    expect(toCsvRows([['=1'], ['@']], quoteCell)).toBe('=1\r\n@');
  });
});
