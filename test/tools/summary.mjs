// Prints one closing line for a run from the vitest JSON reports, and exits non-zero when a
// test failed or nothing passed.
//
//   node test/tools/summary.mjs                      `npm test`: test-results/unit.json and e2e.json
//   node test/tools/summary.mjs LABEL=FILE[:CODE]…   .ci/run: these reports, one line each, then the
//                                                    total; CODE is the exit code of the run that
//                                                    wrote FILE. A report that is missing, or a
//                                                    non-zero CODE with no failed test in the report
//                                                    (an error outside the tests), counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import { browserVersion, findChromium, findFirefox } from './browsers.mjs';

const explicit = process.argv.length > 2;
const runs = explicit
  ? process.argv.slice(2).map((arg) => {
      const [, label, file, code] = /^([^=]+)=([^:]+)(?::(\d+))?$/.exec(arg) ?? [];
      if (!label || !file) throw new Error(`summary: expected LABEL=FILE[:CODE], got ${arg}`);
      return { label, file, code: code === undefined ? 0 : Number(code), required: true };
    })
  : ['unit', 'e2e'].map((label) => ({ label, file: `test-results/${label}.json`, code: 0, required: false }));

let passed = 0;
let failed = 0;
let skipped = 0;
for (const run of runs) {
  if (!existsSync(run.file)) {
    if (!run.required) continue;
    failed++;
    console.log(`  ${run.label}: no report (${run.file}): the run did not finish${run.code ? `, exit code ${run.code}` : ''}`);
    continue;
  }
  const report = JSON.parse(readFileSync(run.file, 'utf8'));
  const runPassed = report.numPassedTests ?? 0;
  // A file whose hooks failed fails no test of its own: count it, or a red run would read "0 failed".
  let runFailed = (report.numFailedTests ?? 0) || (report.numFailedTestSuites ?? 0);
  let note = '';
  if (runFailed === 0 && run.code !== 0) {
    runFailed = 1;
    note = ` (exit code ${run.code} with no failed test: an error outside the tests, above)`;
  }
  const runSkipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (explicit) console.log(`  ${run.label}: ${runPassed} passed, ${runFailed} failed${runSkipped ? `, ${runSkipped} skipped` : ''}${note}`);
  passed += runPassed;
  failed += runFailed;
  skipped += runSkipped;
}
// Which browsers this run tested: they update themselves on users' machines, so it matters.
const tested = [findChromium().path, findFirefox().path].map((found) => (found ? browserVersion(found) : undefined)).filter(Boolean);
console.log(`Tested with ${tested.join(' and ') || 'no browser found'}`);
console.log(`Batchwatch: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
