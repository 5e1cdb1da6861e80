import { defineConfig } from 'tsdown';

// jose is ESM-only and is bundled in (MIT), so a CommonJS loader that cannot require() ESM (Jest)
// never meets it.
const deps = { alwaysBundle: ['jose'], onlyBundle: ['jose'] };

export default defineConfig([
  {
    // CommonJS only: scripts/esm-wrapper.mjs writes the ESM entry over it, so import and
    // require share one module instance.
    entry: ['src/index.ts'],
    format: ['cjs'],
    platform: 'node',
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    deps,
    // jose's MIT licence travels with the code it covers.
    copy: [{ from: 'node_modules/jose/LICENSE.md', to: 'dist/licenses', rename: 'jose.md' }],
  },
  {
    // The bin is ESM only and has no types: nothing imports it.
    entry: ['src/cli.ts'],
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: true,
    clean: false,
    deps,
  },
]);
