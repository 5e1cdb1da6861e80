import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));

it('prints the token claims, never the token', { timeout: 30_000 }, async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    timeout: 25_000,
  });
  expect(stdout).toContain("client_id: 'demo-client'");
  expect(stdout).toContain("scope: 'visma_api:read'");
  expect(stdout).toContain("alg: 'RS256'");
  expect(stdout).toContain('expires_in: 3600s, scope: visma_api:read');
  expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
});
