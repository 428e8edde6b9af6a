import { defineConfig } from 'vitest/config';
import unit from './vitest.config';

// The unit tests that exercise the mutated modules (stryker.config.mjs): Stryker's dry run
// and each mutant's run stay within these, so a mutation run fits the machine.
export default defineConfig({
  ...unit,
  test: {
    ...unit.test,
    setupFiles: ['test/config/indexeddb.setup.ts', 'test/config/mutate.setup.ts'],
    // Only the tests that exercise the mutated modules: a mutant in module-level code
    // (a "static" mutant) re-runs all of these.
    include: [
      'test/unit/http/http.test.ts',
      'test/unit/providers/*/sign.test.ts',
      'test/unit/providers/sign-edges.test.ts',
      'test/unit/providers/sign-properties.test.ts',
      'test/unit/providers/*/client.test.ts',
      'test/unit/vault/*.test.ts',
      'test/unit/engine/vault-problems.test.ts',
      'test/unit/messages/router.test.ts',
      'test/unit/engine/page-call-budget.test.ts',
      'test/unit/engine/page-calls.test.ts',
      'test/unit/files/failed-items.test.ts',
      'test/unit/popup/first-frame.test.tsx',
      'test/unit/popup/dom-snapshot.test.ts',
      'test/unit/store/stored-failed-items.test.ts',
      'test/unit/store/stored-state.test.ts',
      'test/unit/files/import-checks.test.ts',
      'test/unit/console/quiet-context.test.ts',
      'test/unit/engine/page-budget-restart.test.ts',
      'test/unit/store/private-area.test.ts',
      'test/unit/store/private-area-failures.test.ts',
      'test/unit/store/indexed-db.test.ts',
      'test/unit/messages/key-test.test.ts',
      'test/unit/files/resubmit.test.ts',
      'test/unit/files/resubmit-urls.test.ts',
      'test/unit/providers/sign-token.test.ts',
      'test/unit/providers/field-check.test.ts',
    ],
  },
});
