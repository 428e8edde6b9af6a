// Prints one closing line for the whole `npm test` run from the vitest JSON reports.
import { existsSync, readFileSync } from 'node:fs';
import { browserVersion, findChromium, findFirefox } from './browsers.mjs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of ['test-results/unit.json', 'test-results/e2e.json']) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
// Which browsers this run tested: they update themselves on users' machines, so it matters.
const tested = [findChromium().path, findFirefox().path].map((found) => (found ? browserVersion(found) : undefined)).filter(Boolean);
console.log(`Tested with ${tested.join(' and ') || 'no browser found'}`);
console.log(`Batchwatch: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
