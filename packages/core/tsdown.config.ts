import { defineConfig } from 'tsdown';

// CommonJS only: scripts/esm-wrapper.mjs writes the ESM entry over it, so import and require
// share one module instance. jose and oauth4webapi are ESM-only and are bundled in (both MIT),
// so a CommonJS loader that cannot require() ESM (Jest) never meets them.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  deps: { alwaysBundle: ['jose', 'oauth4webapi'], onlyBundle: ['jose', 'oauth4webapi'] },
  // Their MIT licences travel with the code they cover.
  copy: [
    { from: 'node_modules/jose/LICENSE.md', to: 'dist/licenses', rename: 'jose.md' },
    {
      from: 'node_modules/oauth4webapi/LICENSE.md',
      to: 'dist/licenses',
      rename: 'oauth4webapi.md',
    },
  ],
});
