import { defineConfig } from 'vitest/config';

// The same integration and conformance tests with got GOT_MAJOR (15 or 16), which need Node 22:
// `pnpm test` starts vitest again on the node-22 package's binary for each.
const major = process.env.GOT_MAJOR ?? '16';

export default defineConfig({
  resolve: { alias: [{ find: /^got$/, replacement: `got-${major}` }] },
  test: {
    include: ['test/got.integration.test.ts', 'test/conformance.test.ts', 'test/warm-path.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
