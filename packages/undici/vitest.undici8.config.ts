import { defineConfig } from 'vitest/config';

// The same integration and conformance tests with undici 8, run on Node 22 (undici 8 needs
// Node 22.19+): `pnpm test` starts vitest once more on the node-22 package's binary.
export default defineConfig({
  resolve: { alias: [{ find: /^undici$/, replacement: 'undici-8' }] },
  test: {
    include: [
      'test/undici.integration.test.ts',
      'test/unauthorized-delivery.test.ts',
      'test/conformance.test.ts',
      'test/warm-path.test.ts',
    ],
    // The child processes of unauthorized-delivery.test.ts import undici 8 by this name.
    env: { UNDICI_PACKAGE: 'undici-8' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
