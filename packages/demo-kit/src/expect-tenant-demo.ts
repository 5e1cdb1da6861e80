import { expect } from 'vitest';
import type { ExampleRun } from './run-example.js';

/**
 * Checks what `runTenantDemo` printed: one token request for 50 concurrent calls, each caller on
 * its own tenant, 401 without a key, a generic 502 for a wrong secret with the whole error in the
 * log, nothing left open, and no secret or token anywhere in the output.
 */
export function expectTenantDemo({ code, stdout, stderr }: ExampleRun): void {
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
}
