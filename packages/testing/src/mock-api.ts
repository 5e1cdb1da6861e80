import { createServer, type IncomingMessage } from 'node:http';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { closeServer, json, listen, type Reply, readBody, send } from './http.js';
import { getInternals } from './internals.js';
import { RequestLog } from './request-log.js';
import type { MockApi, MockApiOptions, MockApiRequest } from './types.js';

const REALM = 'Bearer realm="visma-api-mock"';

/**
 * Starts a protected API that accepts only valid access tokens from `connect`: any path answers
 * 200 with the token's `client_id`, `scope` and `tenant_id`; anything else is 401 per RFC 6750.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @example
 * const api = await startMockApi({ connect });
 * const res = await fetch(`${api.url}/v1/customer`, { headers: { authorization: `Bearer ${token}` } });
 */
export async function startMockApi(options: MockApiOptions): Promise<MockApi> {
  const { connect } = options;
  const internals = getInternals(connect);
  // A MockConnect from another copy of this package: fall back to its public JWKS endpoint.
  const keys: JWTVerifyGetKey = internals
    ? (header, token) => createLocalJWKSet(internals.publicKeys())(header, token)
    : createRemoteJWKSet(new URL(connect.jwksUrl));
  const log = new RequestLog<MockApiRequest>(options.maxRecordedRequests ?? 10_000);
  let rejections = 0;
  const counts = { requests: 0, rejected: 0, expired: 0 };

  const server = createServer((req, res) => {
    const record: MockApiRequest = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0 };
    if (req.headers.authorization !== undefined) record.authorization = req.headers.authorization;
    log.push(record);
    readBody(req)
      .then(() => authorize(req))
      .catch((): Reply & { expired?: boolean } => json(500, { error: 'server_error' }))
      .then((reply) => {
        record.status = reply.status;
        counts.requests++;
        if (reply.status === 401) counts.rejected++;
        if (reply.expired === true) counts.expired++;
        send(res, reply, connect.now());
      });
  });
  const url = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');

  async function authorize(req: IncomingMessage): Promise<Reply & { expired?: boolean }> {
    const match = /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) {
      const message = 'Send Authorization: Bearer <access token>.';
      return json(401, { error: 'unauthorized', message }, { 'www-authenticate': REALM });
    }
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(match[1], keys, {
        issuer: connect.issuer,
        currentDate: new Date(connect.now()),
        algorithms: ['RS256'],
        requiredClaims: ['exp', 'nbf'],
      }));
    } catch (error) {
      const reply = invalidToken(describe(error));
      return error instanceof errors.JWTExpired ? { ...reply, expired: true } : reply;
    }
    const tenant = claims.tenant_id;
    if (options.tenants && !options.tenants.includes(String(tenant))) {
      return invalidToken(
        `The token's tenant ${String(tenant ?? '(none)')} has no access to this API.`,
      );
    }
    if (rejections > 0) {
      rejections--;
      return invalidToken('The access token was rejected.');
    }
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    return json(200, {
      path,
      tenant_id: claims.tenant_id,
      scope: claims.scope,
      client_id: claims.client_id,
    });
  }

  const api: MockApi = {
    url,
    get requests() {
      return log.list((r) => ({ ...r }));
    },
    get counts() {
      return { ...counts };
    },
    rejectNext(n = 1) {
      if (!(Number.isInteger(n) && n >= 0))
        throw new TypeError('rejectNext takes a count, 0 or more.');
      rejections += n;
    },
    reset() {
      log.clear();
      rejections = 0;
      counts.requests = 0;
      counts.rejected = 0;
      counts.expired = 0;
    },
    close() {
      detach?.();
      return closeServer(server);
    },
    [Symbol.asyncDispose]: () => api.close(),
  };
  // The connect's admin routes count and reset this API until it closes.
  const detach = internals?.attachApi?.(api);
  return api;
}

function invalidToken(description: string): Reply {
  const challenge = `${REALM}, error="invalid_token", error_description="${description.replace(/"/g, "'")}"`;
  return json(
    401,
    { error: 'invalid_token', error_description: description },
    {
      'www-authenticate': challenge,
    },
  );
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The access token expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.claim === 'nbf'
      ? 'The access token is not valid yet.'
      : `The access token's ${error.claim} claim is wrong.`;
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  ) {
    return 'The access token was not signed by this Visma Connect.';
  }
  return 'The access token is malformed.';
}
