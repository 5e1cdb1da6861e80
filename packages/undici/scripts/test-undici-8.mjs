// Runs the integration and conformance tests again with undici 8 on Node 22 (undici 8 needs
// Node 22.19+; the rest of the suite runs on the Node that runs pnpm).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { node22 } from '@visma-auth-internal/node-22';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`undici 8 on Node ${version}`);
const run = spawnSync(node22, [vitest, 'run', '--config', 'vitest.undici8.config.ts'], {
  stdio: 'inherit',
  timeout: 300_000,
});
process.exit(run.status ?? 1);
