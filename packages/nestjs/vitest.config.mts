import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    server: {
      deps: {
        // Load the workspace's built packages as Node loads them from node_modules, so this
        // package's tests and @visma-auth/axios share one instance of core (one provider registry
        // for the 401 handling), as they do in an app.
        external: [/\/packages\/[^/]+\/dist\//],
      },
    },
  },
});
