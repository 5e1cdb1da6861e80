import { defineConfig } from 'vitest/config';

// The recipes whose libraries' current majors need Node 22: ky 2 (its own recipe) and got 16
// (the got recipe unchanged), run by scripts/test-node-22.mjs on the node-22 package's binary.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^ky$/, replacement: 'ky-2' },
      { find: /^got$/, replacement: 'got-16' },
    ],
  },
  test: {
    include: ['test/ky-2.test.ts', 'test/got.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
