import { fileURLToPath } from 'node:url';
import { runExample } from '@visma-auth-internal/demo-kit/test';
import { expect, it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

it('runs end to end against the local Visma Connect and exits 0', async () => {
  const { code, stdout, stderr } = await runExample(appDir, 30_000);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toContain('GET /v1/customer -> 200');
  expect(stdout).toContain('"tenant_id":"af1140c1-52e0-46c7-b684-df894d4b8a5a"');
  // Prints the API's answer, never a token.
  expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+/);
}, 40_000);
