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
    // Bracket the server's clock between readings taken before and after, however slow the machine.
    const before = Date.now() - hour;
    const res = await postToken(connect.tokenUrl, demoForm());
    const serverNow = connect.now();
    const after = Date.now() - hour;
    const claims = claimsOf(res.body);
    expect(claims.iat).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(claims.iat).toBeLessThanOrEqual(Math.ceil(after / 1000));
    expect(claims.nbf).toBe(claims.iat);
    expect(claims.exp).toBe((claims.iat ?? 0) + 3600);
    const date = Date.parse(res.headers.get('date') ?? '');
    // The Date header has whole seconds.
    expect(date).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(date).toBeLessThanOrEqual(after);
    expect(serverNow).toBeGreaterThanOrEqual(before);
    expect(serverNow).toBeLessThanOrEqual(after);
  });

  it('reset() clears faults, counters, the log and the clock offset', async () => {
    connect.setClockOffset(10 * 3_600_000);
    connect.failNext({ status: 500 }, { status: 500 });
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(500);
    connect.reset();
    expect(connect.counts).toEqual({ token: 0, issued: 0, discovery: 0, jwks: 0 });
    expect(connect.requests).toEqual([]);
    const before = Date.now();
    const res = await postToken(connect.tokenUrl, demoForm());
    const after = Date.now();
    expect(res.status).toBe(200);
    expect(claimsOf(res.body).iat).toBeGreaterThanOrEqual(Math.floor(before / 1000));
    expect(claimsOf(res.body).iat).toBeLessThanOrEqual(Math.ceil(after / 1000));
    expect(connect.counts).toEqual({ token: 1, issued: 1, discovery: 0, jwks: 0 });
  });

  it('rejects a non-finite clock offset', () => {
    expect(() => connect.setClockOffset(Number.NaN)).toThrow(TypeError);
  });
});
