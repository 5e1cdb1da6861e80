import { defineConfig } from 'tsdown';

// CommonJS only: scripts/esm-wrapper.mjs writes the ESM entry over it, so import and require
// share one module instance.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
});
