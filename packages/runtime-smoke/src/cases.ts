/**
 * The smoke cases every runtime runs: plain ES module code that needs only `fetch`, timers and
 * Web Crypto, so Node, Bun, Deno and workerd run the very same file.
 */
import { isVismaAuthError, VismaOAuthError, VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import {
  closeVismaProviders,
  type VismaVariables,
  vismaAuth,
  vismaOnError,
} from '@visma-auth/hono';
import { Hono } from 'hono';

/** Where the local Visma Connect and the two APIs listen, and the client registered there. */
export interface SmokeConfig {
  tokenUrl: string;
  apiUrl: string;
  otherApiUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

/** One case's outcome, as the runner prints it. */
export interface CaseResult {
  name: string;
  ok: boolean;
  detail?: string;
}

/** The case names, in the order they run, so the driver can check that none went missing. */
export const CASE_NAMES = [
  'token fetched',
  'token cached',
  'token refreshed ahead of expiry',
  'invalid_client is a typed VismaOAuthError',
  'fetch wrapper sends the token to the allowed origin',
  'fetch wrapper sends no token to another origin',
  'hono middleware: options from c.env, one provider for every request',
  'hono onError answers a wrong secret with a generic 502',
] as const;

type Check = () => Promise<void>;

/** Runs every case against `config` and returns one result per case, never throwing. */
export async function runSmoke(config: SmokeConfig): Promise<CaseResult[]> {
  let offsetMs = 0;
  const provider = new VismaTokenProvider({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scopes: [config.scope],
    tokenUrl: config.tokenUrl,
    refreshAheadJitter: 0,
    clock: { now: () => Date.now() + offsetMs },
  });
  let first = '';
  const checks: Record<(typeof CASE_NAMES)[number], Check> = {
    'token fetched': async () => {
      const token = await provider.getToken();
      assert(token.tokenType === 'Bearer', `tokenType ${token.tokenType}`);
      assert(token.accessToken.split('.').length === 3, 'the access token is not a JWT');
      first = token.accessToken;
    },
    'token cached': async () => {
      const again = await provider.getToken();
      assert(again.accessToken === first, 'a second call got another token');
    },
    'token refreshed ahead of expiry': async () => {
      const { expiresAt } = await provider.getToken();
      // Past the refresh-ahead point (80% of the life) but still valid: served at once, renewed behind.
      offsetMs = Math.floor((expiresAt - Date.now()) * 0.9);
      const served = await provider.getToken();
      assert(served.accessToken === first, 'the still-valid token was not served at once');
      const renewed = await waitFor(async () => {
        const t = await provider.getToken();
        return t.accessToken !== first ? t : undefined;
      });
      assert(renewed !== undefined, 'no background refresh replaced the token');
    },
    'invalid_client is a typed VismaOAuthError': async () => {
      const wrongSecret = `${config.clientSecret}-wrong`;
      const bad = new VismaTokenProvider({
        clientId: config.clientId,
        clientSecret: wrongSecret,
        scopes: [config.scope],
        tokenUrl: config.tokenUrl,
        retry: false,
      });
      try {
        const error: unknown = await bad.getToken().then(
          () => undefined,
          (e: unknown) => e,
        );
        assert(error instanceof VismaOAuthError, `got ${describe(error)}`);
        assert(isVismaAuthError(error) && error.error === 'invalid_client', `got ${error.error}`);
        assert(!JSON.stringify(error).includes(wrongSecret), 'the secret reached toJSON');
        assert(!error.message.includes(wrongSecret), 'the secret reached the message');
      } finally {
        await bad.close();
      }
    },
    'fetch wrapper sends the token to the allowed origin': async () => {
      const vfetch = createVismaFetch(provider, { baseUrl: config.apiUrl });
      const res = await vfetch('/v1/whoami');
      const body = (await res.json()) as { client_id?: string };
      assert(res.status === 200, `status ${res.status}`);
      assert(body.client_id === config.clientId, 'the API saw another client');
    },
    'fetch wrapper sends no token to another origin': async () => {
      const vfetch = createVismaFetch(provider, { baseUrl: config.apiUrl });
      const res = await vfetch(`${config.otherApiUrl}/v1/whoami`);
      await res.arrayBuffer();
      // The other API accepts the same tokens: a 401 means none was sent.
      assert(res.status === 401, `status ${res.status}`);
    },
    'hono middleware: options from c.env, one provider for every request': async () => {
      const app = honoApp(config);
      for (let i = 0; i < 3; i++) {
        const res = await app.request('/whoami', {}, { SECRET: config.clientSecret });
        const body = (await res.json()) as { client_id?: string };
        assert(res.status === 200, `status ${res.status}`);
        assert(body.client_id === config.clientId, 'the API saw another client');
      }
    },
    'hono onError answers a wrong secret with a generic 502': async () => {
      const wrongSecret = `${config.clientSecret}-wrong`;
      const res = await honoApp(config).request('/whoami', {}, { SECRET: wrongSecret });
      const text = await res.text();
      assert(res.status === 502, `status ${res.status}`);
      assert(JSON.parse(text).error === 'upstream_error', `body ${text}`);
      assert(!text.includes(wrongSecret) && !text.includes('invalid_client'), 'details leaked');
    },
  };
  const results: CaseResult[] = [];
  try {
    for (const name of CASE_NAMES) {
      try {
        await checks[name]();
        results.push({ name, ok: true });
      } catch (error) {
        results.push({ name, ok: false, detail: describe(error) });
      }
    }
  } finally {
    await provider.close();
    await closeVismaProviders();
  }
  return results;
}

/** A Hono app as a Workers project writes it: the secret read from `c.env` on every request. */
function honoApp(config: SmokeConfig) {
  type Bindings = { SECRET: string };
  const app = new Hono<{ Bindings: Bindings; Variables: VismaVariables }>();
  app.use(
    vismaAuth<{ Bindings: Bindings }>((c) => ({
      clientId: config.clientId,
      clientSecret: c.env.SECRET,
      scopes: [config.scope],
      tokenUrl: config.tokenUrl,
      retry: false,
      baseUrl: config.apiUrl,
    })),
  );
  app.get('/whoami', async (c) => {
    const upstream = await c.var.visma.fetch('/v1/whoami');
    return c.body(await upstream.text(), upstream.status as 200);
  });
  app.onError(vismaOnError({ logger: () => {} }));
  return app;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** Polls up to 500 times, 20 ms apart (ten seconds at most: a busy machine is slow, not broken). */
async function waitFor<T>(probe: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let i = 0; i < 500; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
