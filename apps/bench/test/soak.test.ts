/**
 * The short chaos soak in CI (~30 s of chaos; fetch, axios and Nest instances on a shared
 * Redis). The invariants are checked by the harness; this test fails on any violation.
 */
import { expect, it } from 'vitest';
import { findLeaks } from '../src/soak/log-scan.js';
import { runSoak } from '../src/soak/run-soak.js';

it('the log scan finds a secret, a JWT and nothing in clean lines', () => {
  const jwt = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4eXoxMjMifQ.${'a'.repeat(20)}`;
  const findings = findLeaks(
    [{ name: 'w', lines: ['ok line', 'secret s3cr3t-value here', `token ${jwt}`] }],
    ['s3cr3t-value'],
  );
  expect(findings).toEqual(['w: line 2 contains a secret or token', 'w: line 3 contains a JWT']);
});

it('chaos soak: no failure while a token is valid, typed errors only, bounded requests, no leaks', async () => {
  // CI length and one fault schedule, so a failure replays; `pnpm soak` runs the full one with a
  // new seed each time (SOAK_SECONDS / --duration, default 60 s; --seed to replay).
  const result = await runSoak({ durationS: 30, seed: 20261129 });
  console.log(result.summary);
  expect(result.violations).toEqual([]);
  expect(result.calls).toBeGreaterThan(100);
}, 180_000);
