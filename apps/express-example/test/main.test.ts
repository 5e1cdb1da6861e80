import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** Runs `tsx src/main.ts` without any VISMA_* variable, killing it after `timeoutMs`. */
function runExample(timeoutMs: number) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VISMA_')),
  );
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, 'src/main.ts'], { cwd: appDir, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

it('runs end to end against the local Visma Connect, and exits on its own', async () => {
  const { code, stdout, stderr } = await runExample(40_000);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('50 concurrent requests as acme: 50 x 200, 1 token request(s)');
  expect(stdout).toContain('globex: 200 tenant b7e2c1d0-0000-4000-8000-000000000002');
  expect(stdout).toContain('no API key: 401');
  expect(stdout).toContain(
    'wrong client secret: the caller sees 502 {"error":"upstream_error","message":"This service could not authenticate to an upstream service."}',
  );
  expect(stdout).toMatch(/and the log gets: VismaOAuthError: .*invalid_client/);
  expect(stdout).toContain('open handles after shutdown: 0');
  expect(stdout).not.toContain('not-the-secret');
  expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
}, 50_000);
