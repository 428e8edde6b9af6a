// @ts-check
/**
 * `npm run mutate`: mutation testing of the security-critical modules. Not part of
 * `npm test` (it takes tens of minutes); its JSON report goes to reports/mutation/.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/config/vitest.mutate.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'lib/providers/http.ts',
    'lib/providers/*/sign.ts',
    'lib/vault/**/*.ts',
    'lib/engine/router.ts',
    'lib/engine/page-call-budget*.ts',
    'lib/files/failed-items.ts',
    'components/common/dom-snapshot.ts',
    'lib/store/failed-items.ts',
    'lib/providers/field-check.ts',
    // Issue 29: what a console page can see of the content script, the page budget's store, the vault's timed lock.
    'lib/console/quiet-context.ts',
    'lib/engine/page-call-store.ts',
    'lib/engine/vault-lock.ts',
    // Issue 29, finding 7: what names an account or a task kept out of storage.local, and Chrome's access level.
    'lib/store/private-area.ts',
    'lib/store/access-level.ts',
    // How the vault and the private area open, read and write their IndexedDB databases.
    'lib/indexed-db/*.ts',
  ],
  coverageAnalysis: 'perTest',
  // A mutant in module-level code (a constant, a regex literal) would re-run every test file
  // above, each time: with them the run does not fit the machine. They are reported as
  // ignored; the constants they would change are each pinned by a test of their value or
  // (for the security limits) by the removal table in SECURITY.md's issue-18 section.
  ignoreStatic: true,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  // The machine is shared: two workers at most.
  concurrency: 2,
  timeoutMS: 30_000,
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['.output', 'reports', 'test-results', '.stryker-tmp'],
};
