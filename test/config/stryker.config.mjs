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
  ],
  coverageAnalysis: 'perTest',
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
