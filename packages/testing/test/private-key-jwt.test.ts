import { randomUUID } from 'node:crypto';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockConnect, startMockConnect } from '../src/index.js';
import { claimsOf, postToken } from './helpers.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let key: CryptoKey;
let otherKey: CryptoKey;
let publicJwk: JWK;
let connect: MockConnect;

beforeAll(async () => {
  ({ privateKey: key, publicKey: otherKey } = await generateKeyPair('ES256'));
  publicJwk = { ...(await exportJWK(otherKey)), kid: 'k1', alg: 'ES256' };
  otherKey = (await generateKeyPair('ES256')).privateKey;
});
beforeEach(async () => {
  connect = await startMockConnect({
    issuer: 'https://connect.example',
    clients: [{ clientId: 'jwt-client', jwks: { keys: [publicJwk] }, allowedScopes: ['a:read'] }],
  });
});
afterEach(async () => {
  await connect.close();
});

/** Signs a client assertion; `claims` override the defaults, `exp` in seconds from now. */
function assertion(
  options: { claims?: Record<string, unknown>; exp?: number; signWith?: CryptoKey } = {},
) {
  const now = Math.floor(connect.now() / 1000);
  const claims = {
    iss: 'jwt-client',
    sub: 'jwt-client',
    aud: connect.tokenUrl,
    iat: now,
    exp: now + (options.exp ?? 60),
    jti: randomUUID(),
    ...options.claims,
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .sign(options.signWith ?? key);
}

function tokenRequest(clientAssertion: string, extra: Record<string, string> = {}) {
  return postToken(connect.tokenUrl, {
    grant_type: 'client_credentials',
    scope: 'a:read',
    client_assertion_type: JWT_BEARER,
    client_assertion: clientAssertion,
    ...extra,
  });
}

describe('private_key_jwt', () => {
  it('issues a token for a good assertion, with or without client_id', async () => {
    const res = await tokenRequest(await assertion());
    expect(res.status).toBe(200);
    expect(claimsOf(res.body)).toMatchObject({ client_id: 'jwt-client', scope: 'a:read' });
    const withId = await tokenRequest(await assertion(), { client_id: 'jwt-client' });
    expect(withId.status).toBe(200);
    expect(connect.requests[0]).toMatchObject({
      authMethod: 'private_key_jwt',
      clientId: 'jwt-client',
    });
  });

  it('accepts the issuer as audience', async () => {
    expect(connect.issuer).not.toBe(connect.url);
    const res = await tokenRequest(await assertion({ claims: { aud: connect.issuer } }));
    expect(res.status).toBe(200);
  });

  it('rejects a bad signature', async () => {
    const res = await tokenRequest(await assertion({ signWith: otherKey }));
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_client' });
    expect(res.body.error_description).toMatch(/signature/);
  });

  it('rejects an expired assertion, judged by the server clock', async () => {
    const expired = await tokenRequest(await assertion({ exp: -30 }));
    expect(expired.body).toMatchObject({ error: 'invalid_client' });
    expect(expired.body.error_description).toMatch(/expired/);
    const fresh = await assertion({ exp: 60 });
    connect.setClockOffset(120_000);
    expect((await tokenRequest(fresh)).body.error_description).toMatch(/expired/);
  });

  it('rejects a replayed jti', async () => {
    const once = await assertion();
    expect((await tokenRequest(once)).status).toBe(200);
    const again = await tokenRequest(once);
    expect(again.status).toBe(401);
    expect(again.body.error_description).toMatch(/already used/);
  });

  it('rejects a wrong audience, a wrong issuer and a missing jti', async () => {
    const aud = await tokenRequest(await assertion({ claims: { aud: 'https://elsewhere' } }));
    expect(aud.body.error_description).toMatch(/aud/);
    const iss = await tokenRequest(await assertion({ claims: { iss: 'someone-else' } }));
    expect(iss.body.error_description).toMatch(/iss/);
    const noJti = await tokenRequest(await assertion({ claims: { jti: undefined } }));
    expect(noJti.body.error_description).toMatch(/jti/);
    for (const res of [aud, iss, noJti]) expect(res).toMatchObject({ status: 401 });
  });

  it('rejects a wrong assertion type, a non-JWT and a client without keys', async () => {
    const type = await tokenRequest(await assertion(), { client_assertion_type: 'urn:other' });
    expect(type.body).toMatchObject({ error: 'invalid_request' });
    const garbage = await tokenRequest('not-a-jwt');
    expect(garbage.body).toMatchObject({ error: 'invalid_client' });
    connect.registerClient({
      clientId: 'jwt-client',
      clientSecret: 'only-a-secret',
      allowedScopes: ['a:read'],
    });
    const noKeys = await tokenRequest(await assertion());
    expect(noKeys.body.error_description).toMatch(/no keys/);
  });

  it('rejects an assertion combined with a client secret', async () => {
    const res = await tokenRequest(await assertion(), { client_secret: 'x' });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });
});
