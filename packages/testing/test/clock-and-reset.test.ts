import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MockConnect, startMockConnect } from '../src/index.js';
import { claimsOf, demoForm, postToken } from './helpers.js';

let connect: MockConnect;
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  await connect.close();
});

describe('clock offset and reset', () => {
  it('shifts iat, nbf, exp and the Date header', async () => {
    const hour = 3_600_000;
    connect.setClockOffset(-hour);
    const res = await postToken(connect.tokenUrl, demoForm());
    const claims = claimsOf(res.body);
    const expectedIat = (Date.now() - hour) / 1000;
    expect(claims.iat).toBeGreaterThan(expectedIat - 5);
    expect(claims.iat).toBeLessThan(expectedIat + 5);
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.exp).toBe((claims.iat ?? 0) + 3600);
    const date = Date.parse(res.headers.get('date') ?? '');
    expect(Math.abs(date - (Date.now() - hour))).toBeLessThan(5000);
    expect(Math.abs(connect.now() - (Date.now() - hour))).toBeLessThan(50);
  });

  it('reset() clears faults, counters, the log and the clock offset', async () => {
    connect.setClockOffset(10 * 3_600_000);
    connect.failNext({ status: 500 }, { status: 500 });
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(500);
    connect.reset();
    expect(connect.counts).toEqual({ token: 0, issued: 0, discovery: 0, jwks: 0 });
    expect(connect.requests).toEqual([]);
    const res = await postToken(connect.tokenUrl, demoForm());
    expect(res.status).toBe(200);
    expect(Math.abs((claimsOf(res.body).iat ?? 0) - Date.now() / 1000)).toBeLessThan(5);
    expect(connect.counts).toEqual({ token: 1, issued: 1, discovery: 0, jwks: 0 });
  });

  it('rejects a non-finite clock offset', () => {
    expect(() => connect.setClockOffset(Number.NaN)).toThrow(TypeError);
  });
});
