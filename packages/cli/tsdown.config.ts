import { defineConfig } from 'tsdown';

// ESM only: the package is a command line first; `run` is for ESM scripts and tests.
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
});
