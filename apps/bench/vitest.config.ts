import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The soak and the fuzz each want the two cores to themselves; run the files one by one.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
