/**
 * Reproducible packages (issue 31): `npm run zip` on two clean clones of the same commit gives
 * byte-identical zips; under `npm run zip:verify`, also a rebuild from the unpacked sources zip
 * (what AMO reviewers do). It builds HEAD: commit first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import JSZip from 'jszip';
import { dirname, join } from 'node:path';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'batchwatch-zip-'));
afterAll(() => {
  if (!process.env.KEEP_ZIP_CLONES) rmSync(work, { recursive: true, force: true });
});

/** A clean clone of HEAD with the installed packages hard-linked in (no second `npm ci`). */
function cleanClone(dir: string): string {
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  execFileSync('git', ['clone', '--quiet', '--no-checkout', root, dir]);
  execFileSync('git', ['checkout', '--quiet', '--detach', commit], { cwd: dir });
  // Hard links: a build that rewrote a file in place would rewrite ours, so the one folder
  // tools write into (jiti's cache) is left out.
  execFileSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
  rmSync(join(dir, 'node_modules/.cache'), { recursive: true, force: true });
  return dir;
}

/** Entries whose name, date or content differ, to say where two zips part ways. */
async function differingEntries(a: Buffer, b: Buffer): Promise<string[]> {
  const [za, zb] = [await JSZip.loadAsync(a), await JSZip.loadAsync(b)];
  const names = [...new Set([...Object.keys(za.files), ...Object.keys(zb.files)])];
  const differs = await Promise.all(names.map(async (name) => {
    const [ea, eb] = [za.files[name], zb.files[name]];
    if (!ea || !eb || ea.date.getTime() !== eb.date.getTime()) return true;
    return (await ea.async('string')) !== (await eb.async('string'));
  }));
  return names.filter((_, i) => differs[i]);
}

async function unpack(zip: Buffer, dir: string): Promise<void> {
  for (const entry of Object.values((await JSZip.loadAsync(zip)).files)) {
    const path = join(dir, entry.name);
    mkdirSync(entry.dir ? path : dirname(path), { recursive: true });
    if (!entry.dir) writeFileSync(path, await entry.async('nodebuffer'));
  }
}

function zips(dir: string): Map<string, Buffer> {
  const out = join(dir, '.output');
  return new Map(readdirSync(out).filter((f) => f.endsWith('.zip')).sort().map((f) => [f, readFileSync(join(out, f))]));
}

describe('npm run zip', () => {
  it('gives byte-identical Chrome, Firefox and sources zips on two clean clones of one commit', async () => {
    // Paths of different lengths, so that an absolute path in the output would show.
    const built = ['a', 'second-clone'].map((name) => {
      const dir = cleanClone(join(work, name));
      // This process's environment on purpose: vitest's NODE_ENV=test once put Preact's
      // development JSX, with absolute paths, into the bundles (wxt.config.ts now forces production).
      execFileSync('npm', ['run', 'zip'], { cwd: dir, stdio: 'ignore', env: { ...process.env, SOURCE_DATE_EPOCH: '' } });
      return zips(dir);
    });
    const [first, second] = built as [Map<string, Buffer>, Map<string, Buffer>];
    expect([...first.keys()].map((f) => f.replace(/\d+\.\d+\.\d+/, 'X'))).toEqual(['batchwatch-X-chrome.zip', 'batchwatch-X-firefox.zip', 'batchwatch-X-sources.zip']);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) {
      const other = second.get(name)!;
      expect(bytes.equals(other) ? [] : await differingEntries(bytes, other), `${name}: entries that differ (KEEP_ZIP_CLONES=1 keeps ${work})`).toEqual([]);
      expect(bytes.equals(other), name).toBe(true);
    }

    // What AMO's reviewers do: unpack the sources zip, install, rebuild (npm run zip:verify only).
    if (!process.env.ZIP_VERIFY_FROM_SOURCES) return;
    const fromSources = join(work, 'from-sources');
    await unpack(first.get([...first.keys()].find((f) => f.endsWith('-sources.zip'))!)!, fromSources);
    execFileSync('cp', ['-al', join(root, 'node_modules'), join(fromSources, 'node_modules')]);
    rmSync(join(fromSources, 'node_modules/.cache'), { recursive: true, force: true });
    execFileSync('npm', ['run', 'zip'], { cwd: fromSources, stdio: 'ignore', env: { ...process.env, SOURCE_DATE_EPOCH: '' } });
    const rebuilt = zips(fromSources);
    expect([...rebuilt.keys()]).toEqual([...first.keys()].filter((f) => !f.endsWith('-sources.zip')));
    for (const [name, bytes] of rebuilt) expect(bytes.equals(first.get(name)!), `${name} rebuilt from the sources zip`).toBe(true);
  }, 600_000);
});
