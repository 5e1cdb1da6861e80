import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

/** Runs `tsx src/main.ts` without any VISMA_* variable, killing it after `timeoutMs`. */
function runExample(
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VISMA_')),
  );
  return new Promise((resolve, reject) => {
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

it('runs end to end against the local Visma Connect and exits 0', async () => {
  const { code, stdout, stderr } = await runExample(30_000);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('GET /v1/customer -> 200');
  expect(stdout).toContain('"tenant_id":"af1140c1-52e0-46c7-b684-df894d4b8a5a"');
  // Prints the API's answer, never a token.
  expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
}, 40_000);
