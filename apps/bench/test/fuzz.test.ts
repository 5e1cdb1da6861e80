/**
 * Fuzz (fast-check): arbitrary token endpoint responses yield a token or a typed
 * VismaAuthError, never another exception, crash or hang; arbitrary option objects yield a
 * provider or a VismaConfigError naming the option. One local server answers every case over
 * keep-alive; its next response is set per case.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isVismaAuthError, VismaConfigError, VismaTokenProvider } from '@visma-auth/core';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';

const RESPONSE_RUNS = 7_000;
const OPTION_RUNS = 5_000;
const CASE_TIMEOUT_MS = 3_000;

interface Scripted {
  status: number;
  headers: [string, string][];
  body: string | Uint8Array;
}

let server: Server;
let tokenUrl: string;
let next: Scripted = { status: 200, headers: [], body: '' };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      try {
        for (const [name, value] of next.headers) res.setHeader(name, value);
        res.writeHead(next.status);
        res.end(next.body);
      } catch {
        // A header node refuses to send: answer plainly so the case still ends.
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/connect/token`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const jsonValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
);

// Bodies: token-shaped JSON with arbitrary fields, OAuth error JSON, any JSON, text, bytes.
const tokenBody = fc
  .record(
    {
      access_token: fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), jsonValue),
      token_type: fc.oneof(fc.constantFrom('Bearer', 'bearer', 'BEARER', 'mac', 'DPoP'), jsonValue),
      expires_in: fc.oneof(
        fc.integer({ min: -10, max: 100_000 }),
        fc.constantFrom('3600', '1e3', 'NaN', 'Infinity', '', 1e308, 0.001, -0),
        jsonValue,
      ),
      scope: jsonValue,
      refresh_token: jsonValue,
      error: fc.oneof(
        fc.constantFrom('invalid_client', 'invalid_scope', 'temporarily_unavailable'),
        jsonValue,
      ),
      error_description: jsonValue,
    },
    { requiredKeys: [] },
  )
  .map((o) => JSON.stringify(o));
const body = fc.oneof(
  { weight: 4, arbitrary: tokenBody },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', '{', 'null', '[]', '<html>login</html>', '{"access_token":'),
  },
);
const header = fc.oneof(
  fc.tuple(
    fc.constant('content-type'),
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/html',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      'application/problem+json',
      '',
    ),
  ),
  fc.tuple(
    fc.constant('retry-after'),
    fc.oneof(
      fc.constantFrom('0', '1', '120', '-1', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', ''),
      fc.integer({ min: -5, max: 100_000 }).map(String),
    ),
  ),
  fc.tuple(
    fc.constant('content-encoding'),
    fc.constantFrom('gzip', 'br', 'deflate', 'identity', 'x-zip'),
  ),
  fc.tuple(fc.constant('www-authenticate'), fc.string({ maxLength: 40 })),
  fc.tuple(fc.constant('cache-control'), fc.constantFrom('no-store', 'max-age=60', 'no-cache')),
  fc.tuple(
    fc.stringMatching(/^x-[a-z]{1,10}$/),
    fc.string({ maxLength: 40 }).filter((v) => /^[\x20-\x7e]*$/.test(v)),
  ),
);
// A valid token response with at most one field replaced by anything: explores the success
// path and its edges, which fully random bodies almost never reach.
const nearValid = fc.record({
  status: fc.constant(200),
  headers: fc
    .array(header, { maxLength: 2 })
    .map((h): [string, string][] => [['content-type', 'application/json'], ...h]),
  body: fc
    .tuple(
      fc.record({
        access_token: fc.string({ minLength: 1, maxLength: 80 }),
        token_type: fc.constantFrom('Bearer', 'bearer'),
        expires_in: fc.integer({ min: 1, max: 100_000 }),
        scope: fc.constant('fuzz_api:read'),
      }),
      fc.dictionary(
        fc.constantFrom('access_token', 'token_type', 'expires_in', 'scope', 'extra'),
        jsonValue,
        { maxKeys: 1 },
      ),
    )
    .map(([base, override]) => JSON.stringify({ ...base, ...override })),
});
const anyResponse = fc.record({
  status: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(200, 400, 401, 403, 404, 429, 500, 502, 503, 504) },
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 599 }) },
  ),
  headers: fc.array(header, { maxLength: 4 }),
  body,
});
const response = fc.oneof(
  { weight: 1, arbitrary: nearValid },
  { weight: 2, arbitrary: anyResponse },
);

it(`token endpoint responses: a token or a typed error (${RESPONSE_RUNS} cases)`, async () => {
  const untyped: string[] = [];
  const seen = { tokens: 0, errors: 0 };
  await fc.assert(
    fc.asyncProperty(response, async (scripted) => {
      next = scripted;
      const provider = new VismaTokenProvider({
        clientId: 'fuzz-client',
        clientSecret: 'fuzz-secret',
        scopes: 'fuzz_api:read',
        tokenUrl,
        // Retries stay on (they read Retry-After, honoured up to the deadline), but short, so a
        // case ends in milliseconds; the server answers at once.
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
        timeoutMs: 250,
        deadlineMs: 300,
        errorCooldownMs: 0,
      });
      let timer: NodeJS.Timeout | undefined;
      const started = Date.now();
      try {
        const outcome = await Promise.race([
          provider.getToken().then(
            (token) => ({ token }),
            (error: unknown) => ({ error }),
          ),
          new Promise<{ hang: true }>((resolve) => {
            timer = setTimeout(() => resolve({ hang: true }), CASE_TIMEOUT_MS);
          }),
        ]);
        if ('hang' in outcome) {
          untyped.push(`hang: ${JSON.stringify(scripted).slice(0, 200)}`);
          return false;
        }
        if ('token' in outcome) {
          seen.tokens++;
          const { token } = outcome;
          return (
            typeof token.accessToken === 'string' &&
            token.accessToken.length > 0 &&
            Number.isFinite(token.expiresAt) &&
            token.expiresAt >= started &&
            token.tokenType.toLowerCase() === 'bearer'
          );
        }
        if (!isVismaAuthError(outcome.error)) {
          untyped.push(`${String(outcome.error)}: ${JSON.stringify(scripted).slice(0, 200)}`);
          return false;
        }
        seen.errors++;
        // A typed error never carries the secret.
        return !JSON.stringify(outcome.error.toJSON()).includes('fuzz-secret');
      } finally {
        clearTimeout(timer);
        await provider.close();
      }
    }),
    { numRuns: RESPONSE_RUNS },
  );
  expect(untyped).toEqual([]);
  // Both outcomes must occur, or the generators stopped exploring one side.
  expect(seen.tokens).toBeGreaterThan(RESPONSE_RUNS / 100);
  expect(seen.errors).toBeGreaterThan(RESPONSE_RUNS / 100);
}, 90_000);

// Found by the fuzz above: a huge `expires_in` once made `expiresAt` Infinity, so the token was
// cached as if it never expired.
it('expires_in 1e306 gives a finite expiry or a typed error', async () => {
  next = {
    status: 200,
    headers: [['content-type', 'application/json']],
    body: JSON.stringify({ access_token: 'opaque-token', token_type: 'Bearer', expires_in: 1e306 }),
  };
  const provider = new VismaTokenProvider({
    clientId: 'fuzz-client',
    clientSecret: 'fuzz-secret',
    scopes: 'fuzz_api:read',
    tokenUrl,
  });
  try {
    const outcome = await provider.getToken().then(
      (token) => token.expiresAt,
      (error: unknown) => error,
    );
    if (typeof outcome === 'number') expect(Number.isFinite(outcome)).toBe(true);
    else expect(isVismaAuthError(outcome)).toBe(true);
  } finally {
    await provider.close();
  }
});

const OPTION_SECRET = 'fuzz-option-secret-value';

const OPTION_NAMES = [
  'clientId',
  'clientSecret',
  'privateKey',
  'keyId',
  'scopes',
  'tenantId',
  'authority',
  'environment',
  'tokenUrl',
  'authMethod',
  'expirySkewSeconds',
  'refreshAhead',
  'refreshAheadJitter',
  'timeoutMs',
  'deadlineMs',
  'retry',
  'errorCooldownMs',
  'cache',
  'maxCacheEntries',
  'fetch',
  'clock',
  'logger',
  'onEvent',
  'meter',
] as const;

const plausible: Record<string, fc.Arbitrary<unknown>> = {
  clientId: fc.constantFrom('app', '', ' '),
  clientSecret: fc.constantFrom('secret', ''),
  scopes: fc.oneof(
    fc.constantFrom('a:read', 'a:read b:write', ''),
    fc.array(fc.string(), { maxLength: 3 }),
  ),
  tokenUrl: fc.constantFrom(
    'https://connect.visma.com/connect/token',
    'http://127.0.0.1:1/connect/token',
    'http://example.com/token',
    'ftp://x',
    'not a url',
  ),
  authority: fc.constantFrom('https://connect.visma.com', 'http://localhost:1', 'nope'),
  environment: fc.constantFrom('production', 'staging', 'dev'),
  authMethod: fc.constantFrom(
    'client_secret_post',
    'client_secret_basic',
    'private_key_jwt',
    'none',
  ),
  expirySkewSeconds: fc.oneof(fc.integer({ min: -5, max: 5_000 }), fc.double()),
  refreshAhead: fc.double({ min: -1, max: 2 }),
  refreshAheadJitter: fc.double({ min: -1, max: 2 }),
  timeoutMs: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double()),
  deadlineMs: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double()),
  retry: fc.oneof(
    fc.constant(false),
    fc.record(
      {
        maxAttempts: fc.oneof(fc.integer({ min: -2, max: 20 }), fc.double()),
        baseDelayMs: fc.oneof(fc.integer({ min: -5, max: 10_000 }), fc.double()),
        maxDelayMs: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double()),
      },
      { requiredKeys: [] },
    ),
  ),
  errorCooldownMs: fc.integer({ min: -5, max: 100_000 }),
  maxCacheEntries: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double()),
  logger: fc.constantFrom(console, {}, { warn() {} }),
  clock: fc.constantFrom({ now: () => 0 }, {}, Date),
};

const optionObject = fc
  .record(
    Object.fromEntries(
      OPTION_NAMES.map((name) => [
        name,
        plausible[name] === undefined
          ? fc.anything()
          : fc.oneof(
              { weight: 3, arbitrary: plausible[name] },
              { weight: 1, arbitrary: fc.anything() },
            ),
      ]),
    ),
    { requiredKeys: [] },
  )
  .chain((o) =>
    // Usually start from a valid base so the fuzzed option is the one that is judged.
    fc.boolean().map((withBase) =>
      withBase
        ? {
            clientId: 'app',
            clientSecret: OPTION_SECRET,
            scopes: 'a:read',
            tokenUrl: 'https://connect.visma.com/connect/token',
            ...o,
          }
        : o,
    ),
  );

it(`option objects: a provider or a VismaConfigError naming the option (${OPTION_RUNS} cases)`, async () => {
  const wrong: string[] = [];
  await fc.assert(
    fc.asyncProperty(fc.oneof(optionObject, fc.anything()), async (options) => {
      let provider: VismaTokenProvider | undefined;
      try {
        provider = new VismaTokenProvider(options as never);
        return true;
      } catch (error) {
        if (!(error instanceof VismaConfigError)) {
          wrong.push(`not a VismaConfigError: ${String(error)}`);
          return false;
        }
        const named =
          typeof error.option === 'string' &&
          OPTION_NAMES.some((n) => error.option === n || error.option.startsWith(`${n}.`));
        // The whole options object is also a legitimate subject ("options must be an object").
        if (!named && error.option !== 'options') {
          wrong.push(`option ${JSON.stringify(error.option)}: ${error.message}`);
          return false;
        }
        return !`${error.message} ${JSON.stringify(error.toJSON())}`.includes(OPTION_SECRET);
      } finally {
        await provider?.close();
      }
    }),
    { numRuns: OPTION_RUNS },
  );
  expect(wrong).toEqual([]);
}, 60_000);
