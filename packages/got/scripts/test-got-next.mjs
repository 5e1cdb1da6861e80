// Runs the integration and conformance tests again with got 15 and got 16 on Node 22 (both need
// Node 22; the rest of the suite runs on the Node that runs pnpm with got 14).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { node22 } from '@visma-auth-internal/node-22';

const require = createRequire(import.meta.url);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
for (const major of ['15', '16']) {
  // got's exports hide its package.json; read it beside this package's node_modules link.
  const manifest = new URL(`../node_modules/got-${major}/package.json`, import.meta.url);
  const got = JSON.parse(readFileSync(manifest, 'utf8')).version;
  console.log(`got ${got} on Node ${version}`);
  const run = spawnSync(node22, [vitest, 'run', '--config', 'vitest.got-next.config.ts'], {
    stdio: 'inherit',
    timeout: 300_000,
    env: { ...process.env, GOT_MAJOR: major },
  });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
