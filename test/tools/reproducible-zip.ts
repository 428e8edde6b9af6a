/**
 * Reproducible store packages (issue 31): the same commit must give byte-identical zips on any
 * clone, so that a reviewer (or a user who trusts us with keys) can rebuild what the stores
 * ship. The build itself is deterministic (content-hashed chunk names, no absolute paths);
 * what differed between two clean clones was WXT's zip step: JSZip stamps each entry with the
 * moment it was added, and the files are added in the order an asynchronous directory walk
 * returns them (measured: `_locales/zh_CN/` moved between two runs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import JSZip from 'jszip';

/**
 * The time every entry carries: SOURCE_DATE_EPOCH when the caller sets one (the
 * reproducible-builds convention), else the DOS epoch. Not the commit's time: a reviewer who
 * rebuilds from the sources zip has no git history to read it from.
 */
export function entryDate(env: Record<string, string | undefined> = process.env): Date {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  // A zip's DOS time cannot say anything before 1980; a later epoch is honoured as given.
  const dosEpoch = Date.UTC(1980, 0, 1);
  return new Date(Number.isFinite(epoch) && epoch * 1000 > dosEpoch ? epoch * 1000 : dosEpoch);
}

/**
 * The same files, in byte order of their names, each with the same date and no permission
 * bits from the machine that zipped them, compressed as WXT does (DEFLATE, level 9).
 */
export async function normalizeZip(bytes: Uint8Array, date: Date = entryDate()): Promise<Uint8Array> {
  const source = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  const names = Object.keys(source.files).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const entry = source.files[name]!;
    if (entry.dir) out.file(name, null, { dir: true, date, createFolders: false });
    else out.file(name, await entry.async('uint8array'), { date, createFolders: false, binary: true });
  }
  return out.generateAsync({ type: 'uint8array', platform: 'DOS', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

export async function normalizeZipFile(path: string): Promise<void> {
  writeFileSync(path, await normalizeZip(readFileSync(path)));
}

/**
 * AMO's source-code package: the git-tracked files of HEAD, as `git archive` writes them
 * (entries in tree order, each dated at the commit's time, so the same commit gives the same
 * bytes). Nothing untracked can slip in (logs, local notes, test output). Outside a git work
 * tree (someone rebuilding from this very package) there is nothing to package, and it says so.
 */
export function writeSourcesZip(root: string, outPath: string, log: (line: string) => void): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  let top = '';
  try {
    top = git('rev-parse', '--show-toplevel').trim();
  } catch {
    // Not a git work tree.
  }
  // Sources unpacked inside some other repository must not package that repository.
  if (!top || realpathSync(top) !== realpathSync(root)) {
    log('Not the root of a git work tree: no sources zip (it is made from the git-tracked files of HEAD).');
    return;
  }
  const changed = git('status', '--porcelain', '--untracked-files=no').trim();
  if (changed) log(`Uncommitted changes are not in the sources zip, which holds HEAD:\n${changed}`);
  mkdirSync(dirname(outPath), { recursive: true });
  git('archive', '--format=zip', `--output=${outPath}`, 'HEAD');
}
