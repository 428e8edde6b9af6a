/**
 * Reproducible packages (issue 31): `npm run zip` on two clean clones of the same commit gives
 * byte-identical zips. Also `npm run zip:verify` on its own. It builds from HEAD: commit first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const work = mkdtempSync(join(tmpdir(), 'batchwatch-zip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

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

function zips(dir: string): Map<string, Buffer> {
  const out = join(dir, '.output');
  return new Map(readdirSync(out).filter((f) => f.endsWith('.zip')).sort().map((f) => [f, readFileSync(join(out, f))]));
}

describe('npm run zip', () => {
  it('gives byte-identical Chrome, Firefox and sources zips on two clean clones of one commit', () => {
    // Paths of different lengths, so that an absolute path in the output would show.
    const built = ['a', 'second-clone'].map((name) => {
      const dir = cleanClone(join(work, name));
      execFileSync('npm', ['run', 'zip'], { cwd: dir, stdio: 'ignore', env: { ...process.env, SOURCE_DATE_EPOCH: '' } });
      return zips(dir);
    });
    const [first, second] = built as [Map<string, Buffer>, Map<string, Buffer>];
    expect([...first.keys()].map((f) => f.replace(/\d+\.\d+\.\d+/, 'X'))).toEqual(['batchwatch-X-chrome.zip', 'batchwatch-X-firefox.zip', 'batchwatch-X-sources.zip']);
    expect([...second.keys()]).toEqual([...first.keys()]);
    for (const [name, bytes] of first) expect(bytes.equals(second.get(name)!), name).toBe(true);
  }, 600_000);
});
