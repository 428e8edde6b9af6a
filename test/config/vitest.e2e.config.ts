import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

// End-to-end tests drive the built extension in a real browser: one file at a time,
// because each launches its own browser and the machine has two cores.
export default defineConfig({
  root,
  test: {
    root,
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
