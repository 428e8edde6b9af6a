import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { WxtVitest } from 'wxt/testing';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Unit and component tests. Pure lib/ tests run in node; files that need a DOM say
// `// @vitest-environment happy-dom` at the top.
export default defineConfig({
  root,
  plugins: [WxtVitest()],
  test: {
    root,
    include: ['test/unit/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['test/config/indexeddb.setup.ts'],
    testTimeout: 60_000,
    restoreMocks: true,
  },
});
