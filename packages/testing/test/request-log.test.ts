import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MockConnect, startMockConnect } from '../src/index.js';
import { basicAuth, DEMO_TENANT, demoForm, postToken } from './helpers.js';

const SECRET = 'Sup3r$ecret/with+chars';
let connect: MockConnect;
beforeEach(async () => {
  connect = await startMockConnect({
    clients: [
      {
        clientId: 'logged',
        clientSecret: SECRET,
        allowedScopes: ['visma_api:read'],
        tenants: [DEMO_TENANT],
      },
    ],
  });
});
afterEach(async () => {
  await connect.close();
});

describe('request log', () => {
  it('records every endpoint with what each token request claimed', async () => {
    const before = Date.now();
    await fetch(connect.discoveryUrl);
    await fetch(connect.jwksUrl);
    await postToken(
      connect.tokenUrl,
      demoForm({ client_id: 'logged', client_secret: SECRET, tenant_id: DEMO_TENANT }),
    );
    await fetch(`${connect.url}/nope?x=1`);
    const [discovery, jwks, token, missing] = connect.requests;
    expect(discovery).toMatchObject({
      method: 'GET',
      path: '/.well-known/openid-configuration',
      status: 200,
    });
    expect(jwks).toMatchObject({ path: '/.well-known/openid-configuration/jwks', status: 200 });
    expect(token).toMatchObject({
      method: 'POST',
      path: '/connect/token',
      status: 200,
      clientId: 'logged',
      authMethod: 'client_secret_post',
      grantType: 'client_credentials',
      scope: 'visma_api:read',
      tenantId: DEMO_TENANT,
    });
    expect(token?.at).toBeGreaterThanOrEqual(before);
    expect(token?.at).toBeLessThanOrEqual(Date.now());
    expect(token?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(token?.body).toContain('client_secret=[redacted]');
    expect(missing).toMatchObject({ path: '/nope?x=1', status: 404 });
    expect(connect.counts).toEqual({ token: 1, issued: 1, discovery: 1, jwks: 1 });
  });

  it('never keeps a secret or assertion in clear, whatever the request looked like', async () => {
    const { client_id, client_secret, ...form } = demoForm();
    await postToken(connect.tokenUrl, form, { authorization: basicAuth('logged', SECRET) });
    await postToken(connect.tokenUrl, demoForm({ client_id: 'logged', client_secret: SECRET }));
    await postToken(
      connect.tokenUrl,
      demoForm({ client_id: 'logged', client_secret: `${SECRET}-wrong` }),
    );
    await postToken(
      connect.tokenUrl,
      JSON.stringify({ client_id: 'logged', client_secret: SECRET }),
      {
        'content-type': 'application/json',
      },
    );
    await postToken(connect.tokenUrl, `garbage ${SECRET} garbage`, {
      'content-type': 'text/plain',
    });
    await postToken(connect.tokenUrl, {
      ...form,
      client_assertion_type: 'x',
      client_assertion: 'eyJhbGciOi.secret.sig',
    });
    const logged = JSON.stringify(connect.requests);
    expect(connect.requests).toHaveLength(6);
    for (const secret of [
      SECRET,
      encodeURIComponent(SECRET),
      'eyJhbGciOi',
      basicAuth('logged', SECRET),
    ]) {
      expect(logged).not.toContain(secret);
    }
    expect(connect.requests[0]?.headers.authorization).toBe('Basic [redacted]');
  });

  it('keeps only the newest requests when capped, while counters stay exact', async () => {
    const capped = await startMockConnect({ maxRecordedRequests: 2 });
    try {
      for (const path of ['/a', '/b', '/c']) await fetch(capped.url + path);
      expect(capped.requests.map((r) => r.path)).toEqual(['/b', '/c']);
      await fetch(capped.discoveryUrl);
      expect(capped.counts.discovery).toBe(1);
    } finally {
      await capped.close();
    }
  });
});
