#!/usr/bin/env node
/**
 * `pnpm test:under-load`: runs `pnpm test` several times in a row (turbo cache bypassed) while
 * busy-loop processes hold every core, to show that no test depends on a quiet machine.
 * Each busy loop stops by itself after MAX_BUSY_MS even if this script is killed.
 *
 * Options: --runs=N (default 3), --busy=N (busy processes, default one per core),
 * --max-minutes=N (default 60: each busy loop's own limit), e.g.
 * `pnpm test:under-load --runs=1`.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = positiveInt(option('runs'), 3);
const cores = os.availableParallelism?.() ?? os.cpus().length;
const busyCount = positiveInt(option('busy'), cores);
const maxBusyMs = positiveInt(option('max-minutes'), 60) * 60_000;

// A loop bounded in time, and in count as a second guard.
const busyScript = `
  const end = Date.now() + ${maxBusyMs};
  for (let i = 0; i < 1e15 && Date.now() < end; i++) {}
`;

const busy = Array.from({ length: busyCount }, () =>
  spawn(process.execPath, ['-e', busyScript], { stdio: 'ignore' }),
);
const stopBusy = () => {
  for (const child of busy) if (child.exitCode === null) child.kill('SIGKILL');
};
process.on('exit', stopBusy);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopBusy();
    process.exit(130);
  });
}

console.log(`test:under-load: ${busyCount} busy-loop processes on ${cores} cores, ${runs} runs`);
let failed = 0;
for (let run = 1; run <= runs; run++) {
  const started = Date.now();
  const code = await pnpmTest();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `test:under-load: run ${run} of ${runs} ${code === 0 ? 'passed' : 'FAILED'} (${seconds} s)`,
  );
  if (code !== 0) {
    failed = run;
    break;
  }
}
stopBusy();
console.log(
  failed === 0
    ? `test:under-load: pnpm test passed ${runs} times in a row under load`
    : `test:under-load: run ${failed} failed`,
);
process.exitCode = failed === 0 ? 0 : 1;

/** `pnpm test --force`: turbo would otherwise replay cached results instead of running tests. */
function pnpmTest() {
  return new Promise((resolve) => {
    const child = spawn('pnpm', ['test', '--force'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code) => resolve(code ?? 1));
    child.on('error', () => resolve(1));
  });
}

function option(name) {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

function positiveInt(value, fallback) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
