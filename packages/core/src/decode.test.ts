import { describe, expect, it } from 'vitest';
import { decodeAccessToken } from './decode.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('decodeAccessToken', () => {
  it('decodes header and payload without verifying', () => {
    const jwt = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ tenant_id: 't', exp: 1 })}.sig`;
    expect(decodeAccessToken(jwt)).toEqual({
      header: { alg: 'RS256', kid: 'k' },
      payload: { tenant_id: 't', exp: 1 },
    });
  });

  it('returns undefined for opaque or broken tokens', () => {
    expect(decodeAccessToken('opaque-token')).toBeUndefined();
    expect(decodeAccessToken('a.b.c')).toBeUndefined();
  });
});
