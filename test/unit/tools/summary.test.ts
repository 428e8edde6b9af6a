import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A vitest JSON report with these counts, written to a temporary file. */
function report(counts: { numPassedTests: number; numFailedTests: number; numFailedTestSuites?: number }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'batchwatch-summary-'));
  dirs.push(dir);
  const file = path.join(dir, 'report.json');
  writeFileSync(file, JSON.stringify({ numPendingTests: 0, numTodoTests: 0, numFailedTestSuites: 0, ...counts }));
  return file;
}

function summary(...args: string[]): { status: number | null; lastLine: string } {
  const run = spawnSync(process.execPath, ['test/tools/summary.mjs', ...args], { encoding: 'utf8' });
  return { status: run.status, lastLine: run.stdout.trim().split('\n').at(-1) ?? '' };
}

describe('the closing line of npm test and .ci/run', () => {
  it('adds up every run it is given (npm test\'s and the shuffled end-to-end run) and passes when none failed', () => {
    const unit = report({ numPassedTests: 300, numFailedTests: 0 });
    const e2e = report({ numPassedTests: 55, numFailedTests: 0 });
    const shuffled = report({ numPassedTests: 55, numFailedTests: 0 });
    expect(summary(`unit=${unit}`, `e2e=${e2e}`, `e2e shuffled (seed 7)=${shuffled}:0`)).toEqual({ status: 0, lastLine: 'Batchwatch: 410 passed, 0 failed' });
  });

  it('fails when the shuffled run failed a test', () => {
    const shuffled = report({ numPassedTests: 54, numFailedTests: 1, numFailedTestSuites: 1 });
    expect(summary(`unit=${report({ numPassedTests: 300, numFailedTests: 0 })}`, `e2e shuffled (seed 7)=${shuffled}:1`)).toEqual({ status: 1, lastLine: 'Batchwatch: 354 passed, 1 failed' });
  });

  it('counts as failed a run that exited non-zero with no failed test (an error outside the tests), a file whose hooks failed, and a report that is missing', () => {
    expect(summary(`e2e shuffled (seed 7)=${report({ numPassedTests: 55, numFailedTests: 0 })}:1`)).toEqual({ status: 1, lastLine: 'Batchwatch: 55 passed, 1 failed' });
    expect(summary(`e2e=${report({ numPassedTests: 50, numFailedTests: 0, numFailedTestSuites: 1 })}`)).toEqual({ status: 1, lastLine: 'Batchwatch: 50 passed, 1 failed' });
    expect(summary(`unit=${report({ numPassedTests: 300, numFailedTests: 0 })}`, 'e2e=/nowhere/e2e.json:1')).toEqual({ status: 1, lastLine: 'Batchwatch: 300 passed, 1 failed' });
  });
});
