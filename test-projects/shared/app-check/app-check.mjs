// The check every framework cell runs on its built app: a local Visma Connect and Visma API in a
// process of their own (`visma-auth-mock --admin --api`, as a test of a deployed app would start
// them), read and steered only through the mock's admin endpoints. Loopback only; every wait is
// bounded. Lines starting with "check " are what the consumer runner reports under the cell.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { DEMO_CLIENT } from '@visma-auth/testing';

/** Concurrent cold requests per check; all of them must share one token request. */
export const CONCURRENT = 50;
/** How long the mock holds the first token response, so every request waits on the same one. */
const HOLD_MS = 500;
/** Upper bound of any single wait (a server starting, a request answering). */
const WAIT_MS = 60_000;
/** A tenant the demo client may not ask for: Visma Connect answers `invalid_request`. */
export const UNKNOWN_TENANT = '00000000-0000-4000-8000-000000000000';

/** Apps run in process groups of their own; a stopped check (the runner's time limit) ends them. */
const apps = new Set();
process.once('SIGTERM', () => {
  for (const child of apps) kill(child, 'SIGKILL');
  process.exit(143);
});

/** Starts `visma-auth-mock --admin --api` from the installed @visma-auth/testing. */
export async function startMock() {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const pkgFile = require.resolve('@visma-auth/testing/package.json');
  const { bin } = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const cli = join(dirname(pkgFile), bin['visma-auth-mock']);
  const child = spawn(process.execPath, [cli, '--admin', '--api'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const banner = await waitForOutput(child, (text) => text.includes('Press Ctrl+C'), 'the mock');
  const field = (name) => banner.match(new RegExp(`^\\s*${name}\\s+(\\S+)`, 'm'))?.[1];
  const issuer = field('issuer');
  const apiUrl = field('api');
  const adminUrl = field('admin');
  if (!issuer || !apiUrl || !adminUrl) throw new Error(`unexpected mock banner:\n${banner}`);
  const admin = async (path, init) => {
    const res = await fetch(`${adminUrl}/${path}`, {
      ...init,
      signal: AbortSignal.timeout(WAIT_MS),
    });
    if (!res.ok) throw new Error(`mock admin ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json().catch(() => undefined);
  };
  return {
    /** What the app reads at run time (never at build time). */
    env: {
      VISMA_AUTHORITY: issuer,
      VISMA_CLIENT_ID: DEMO_CLIENT.clientId,
      VISMA_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
      VISMA_TENANT_ID: DEMO_CLIENT.tenants[0],
      VISMA_API_URL: apiUrl,
    },
    counts: () => admin('counts'),
    reset: () => admin('reset', { method: 'POST' }),
    failNext: (fault) =>
      admin('fail-next', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      }),
    close: () => stop(child),
  };
}

/** A free loopback port for an app that wants one on its command line. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the app's server and waits until `url` answers at all; returns a handle to stop it.
 * Its output is kept and shown only if it fails to start.
 */
export async function startApp({ command, args, env, url, cwd = process.cwd() }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  apps.add(child);
  child.once('exit', () => apps.delete(child));
  let output = '';
  const keep = (chunk) => {
    if (output.length < 20_000) output += chunk;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode}):\n${output}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      () => true,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`the app did not answer at ${url} within ${WAIT_MS / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { output: () => output, stop: () => stop(child) };
}

/**
 * Sends CONCURRENT requests at once to `url` while the mock holds the first token response, and
 * checks that every one succeeded and Visma Connect saw exactly one token request.
 */
export async function expectOneTokenRequest(mock, label, call) {
  await mock.reset();
  await mock.failNext({ delayMs: HOLD_MS });
  const answers = await Promise.all(Array.from({ length: CONCURRENT }, () => call()));
  const failed = answers.filter((a) => a.status !== 200);
  if (failed.length > 0)
    throw new Error(
      `${label}: ${failed.length} of ${CONCURRENT} failed: ${JSON.stringify(failed[0])}`,
    );
  const { connect } = await mock.counts();
  console.log(
    `check ${label}: ${CONCURRENT} concurrent requests -> ${connect.token} token request(s)`,
  );
  if (connect.token !== 1)
    throw new Error(
      `${label}: expected 1 token request for ${CONCURRENT} calls, got ${connect.token}`,
    );
}

/** Checks that the error the app caught inside its bundle kept its class name. */
export function expectErrorName(label, answer, name) {
  console.log(`check ${label}: error in the bundle -> ${answer.body?.error}`);
  if (answer.body?.error !== name)
    throw new Error(`${label}: expected ${name}, the app reported ${JSON.stringify(answer)}`);
}

/** GETs `url` (optionally for a tenant); resolves with the status and the JSON body. */
export async function get(url, tenantId) {
  const res = await fetch(url, {
    headers: tenantId ? { 'x-tenant-id': tenantId } : {},
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { text: text.slice(0, 300) };
  }
  return { status: res.status, body };
}

function waitForOutput(child, done, name) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error(`${name} did not start within ${WAIT_MS / 1000} s:\n${text}`));
    }, WAIT_MS);
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (done(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before it was ready:\n${text}`));
    });
  });
}

/** Stops a child (and, when it leads a process group, the group), waiting for it to exit. */
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      kill(child, 'SIGKILL');
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    kill(child, 'SIGTERM');
  });
}

function kill(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
