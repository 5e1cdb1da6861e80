import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start redis-server and Node processes and wait out token lifetimes.
    testTimeout: 30_000,
    hookTimeout: 20_000,
  },
});
