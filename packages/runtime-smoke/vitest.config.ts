import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Each test starts a runtime binary twice; src/runtimes.ts bounds one run at 60 s.
    testTimeout: 90_000,
  },
});
