import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { entryDate, normalizeZip } from '../../tools/reproducible-zip';

const FILES: [string, string][] = [
  ['manifest.json', '{"manifest_version":3}'],
  ['_locales/zh_CN/messages.json', '{}'],
  ['_locales/en/messages.json', '{}'],
  ['background.js', 'console.log(1)'],
];

/** A zip as WXT's zip step writes one: entries in whatever order the walk gave, stamped "now". */
async function zipAsWxtWouldAt(order: [string, string][], now: Date): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of order) zip.file(name, content, { date: now, unixPermissions: 0o644 });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

describe('reproducible store packages', () => {
  it('two zips of the same files, added in another order at another time, become the same bytes', async () => {
    const first = await zipAsWxtWouldAt(FILES, new Date('2026-12-07T05:45:01Z'));
    const second = await zipAsWxtWouldAt([...FILES].reverse(), new Date('2026-12-07T05:46:37Z'));
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);

    const [a, b] = [await normalizeZip(first), await normalizeZip(second)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('keeps every file and its content, in byte order of the names, each dated the same', async () => {
    const normalized = await JSZip.loadAsync(await normalizeZip(await zipAsWxtWouldAt(FILES, new Date())));
    const entries = Object.values(normalized.files);
    expect(entries.map((e) => e.name)).toEqual(['_locales/', '_locales/en/', '_locales/en/messages.json', '_locales/zh_CN/', '_locales/zh_CN/messages.json', 'background.js', 'manifest.json']);
    for (const [name, content] of FILES) expect(await normalized.file(name)!.async('string')).toBe(content);
    expect(new Set(entries.map((e) => e.date.toISOString()))).toEqual(new Set(['1980-01-01T00:00:00.000Z']));
  });

  it('dates the entries at SOURCE_DATE_EPOCH when it is set, else at the DOS epoch (a zip cannot say earlier)', () => {
    expect(entryDate({ SOURCE_DATE_EPOCH: '1765000000' }).toISOString()).toBe('2025-12-06T05:46:40.000Z');
    expect(entryDate({}).toISOString()).toBe('1980-01-01T00:00:00.000Z');
    expect(entryDate({ SOURCE_DATE_EPOCH: '0' }).toISOString()).toBe('1980-01-01T00:00:00.000Z');
    expect(entryDate({ SOURCE_DATE_EPOCH: 'soon' }).toISOString()).toBe('1980-01-01T00:00:00.000Z');
  });
});
