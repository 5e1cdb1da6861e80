import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    server: {
      deps: {
        // Load the workspace's built packages as Node loads them from node_modules, so the
        // nestjs package's ESM wrapper imports its CommonJS build natively (one module instance).
        external: [/\/packages\/[^/]+\/dist\//],
      },
    },
  },
});
