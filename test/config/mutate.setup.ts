import { vi } from 'vitest';

/**
 * Under `npm run mutate` each mutant re-runs the tests that cover it: the 10,000-case
 * properties (signers against the SDKs, hostile payloads) run at most FUZZ_RUNS (100) cases, from
 * a fixed seed so that two mutation runs report the same survivors. `npm test` is unchanged.
 */
const FUZZ_RUNS = 100;

vi.mock('fast-check', async (importOriginal) => {
  const actual = await importOriginal<typeof import('fast-check')>();
  const fc = actual.default;
  const assert: typeof fc.assert = ((property: Parameters<typeof fc.assert>[0], params?: Parameters<typeof fc.assert>[1]) =>
    fc.assert(property, { ...params, seed: 20261203, numRuns: Math.min(params?.numRuns ?? 100, FUZZ_RUNS) })) as typeof fc.assert;
  return { ...actual, assert, default: { ...fc, assert } };
});
