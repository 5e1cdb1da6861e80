import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // ky 2 needs Node 22: scripts/test-node-22.mjs runs it there.
    exclude: ['**/node_modules/**', 'test/ky-2.test.ts'],
  },
});
