/**
 * Public types of @visma-auth/testing. Tests across the project code against these names;
 * add to them, never rename.
 */
import type { JWK } from 'jose';

/** A service application registered with the mock, as in the Visma Developer Portal. */
export interface MockClient {
  clientId: string;
  /** Shared secret for `client_secret_post` / `client_secret_basic`. */
  clientSecret?: string;
  /** Public keys for `private_key_jwt` client assertions. */
  jwks?: { keys: JWK[] };
  /** Scopes this client may request; any other scope is `invalid_scope`. */
  allowedScopes: string[];
  /** Tenants whose administrator granted this client access; any other `tenant_id` is `invalid_tenant`. */
  tenants?: string[];
  /** Overrides the server's token lifetime for this client. */
  tokenLifetimeSeconds?: number;
}

/** Options of {@link startMockConnect}. */
export interface MockConnectOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Registered clients; default `[DEMO_CLIENT]`. */
  clients?: MockClient[];
  /** Default `expires_in` of issued tokens; default 3600 like Visma. */
  tokenLifetimeSeconds?: number;
  /** `iss` of tokens and discovery; default is the server URL. */
  issuer?: string;
  /** `aud` of tokens; default is the API names of the granted scopes (`api` of `api:permission`). */
  audience?: string | string[];
  /**
   * Sign with a key of this server's own instead of the one shared by every mock in the process
   * (generated once, as RSA key generation is slow); use it to test key mismatches.
   */
  uniqueKey?: boolean;
  /** How many requests `requests` keeps (the newest); default 10 000. Counters are exact regardless. */
  maxRecordedRequests?: number;
  /**
   * Also serve `GET /__mock/counts`, `POST /__mock/reset` and `POST /__mock/fail-next` to
   * loopback clients, so a test in another process can read counters and inject faults.
   * Default false: those paths are 404 like any unknown one.
   */
  admin?: boolean;
}

/**
 * A scripted replacement for the next token response. Only `delayMs` given: the real response,
 * delayed. `hang: true`: no answer until the client aborts, `reset()` or `close()`.
 */
export interface TokenFault {
  /** Status of the replacement response; default 500. */
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is (text/plain unless `headers` say otherwise); an object as JSON. */
  body?: string | object;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer; the request ends when the client gives up or the server is reset or closed. */
  hang?: boolean;
}

/** One request the mock Visma Connect received, with secrets redacted. */
export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  /** Epoch ms (real time, not clock-offset) at which the request arrived. */
  at: number;
  /** Status sent; 0 when no response was sent (a hang the client aborted). */
  status: number;
  clientId?: string;
  authMethod?: 'client_secret_post' | 'client_secret_basic' | 'private_key_jwt';
  grantType?: string;
  scope?: string;
  tenantId?: string;
  /** Lower-case request headers; `authorization` keeps only its scheme. */
  headers: Record<string, string>;
  /** Raw body with `client_secret` and `client_assertion` values replaced by `[redacted]`. */
  body?: string;
}

/** How many requests each endpoint received, and how many tokens were issued. */
export interface MockConnectCounts {
  token: number;
  issued: number;
  discovery: number;
  jwks: number;
}

/** A running local Visma Connect; see {@link startMockConnect}. */
export interface MockConnect {
  /** Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  readonly url: string;
  readonly issuer: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  readonly discoveryUrl: string;
  /** Base of the admin routes, e.g. `http://127.0.0.1:54321/__mock`; only with `admin: true`. */
  readonly adminUrl?: string;
  /** Every request to every endpoint, oldest first (a copy). */
  readonly requests: readonly RecordedRequest[];
  /** A snapshot of the counters. */
  readonly counts: MockConnectCounts;
  /** The server's current time in epoch ms, clock offset included. */
  now(): number;
  /** Adds a client, replacing one with the same id. */
  registerClient(client: MockClient): void;
  /** Queues faults that replace the next token responses, one each. */
  failNext(...faults: TokenFault[]): void;
  /** Shifts server time by `ms`: token iat/nbf/exp, the Date header and client assertion checks. */
  setClockOffset(ms: number): void;
  /** Clears queued faults, counters, the request log, the clock offset and seen assertion ids; ends hangs. */
  reset(): void;
  /** Stops the server, dropping keep-alive and hanging connections. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Counters of {@link MockApi}. */
export interface MockApiCounts {
  requests: number;
  rejected: number;
  expired: number;
}

/**
 * The body of `GET /__mock/counts`: the connect's counters and, summed over the mock APIs started
 * with that connect and still open, the APIs' counters (`null` when there is none).
 */
export interface MockAdminCounts {
  connect: MockConnectCounts;
  api: MockApiCounts | null;
}

/** One request the mock API received. */
export interface MockApiRequest {
  method: string;
  path: string;
  /** The Authorization header as sent; kept in memory for assertions only, never print it. */
  authorization?: string;
  status: number;
}

/** Options of {@link startMockApi}. */
export interface MockApiOptions {
  /** The Visma Connect whose tokens this API accepts. */
  connect: MockConnect;
  port?: number;
  host?: string;
  /** When set, tokens whose `tenant_id` is not listed get 401, like a real API given a customer tenant. */
  tenants?: string[];
  /** How many requests `requests` keeps (the newest); default 10 000. */
  maxRecordedRequests?: number;
}

/** A running protected API; see {@link startMockApi}. */
export interface MockApi {
  readonly url: string;
  /** Every request, oldest first (a copy). */
  readonly requests: readonly MockApiRequest[];
  /**
   * Requests answered since start or `reset()`, however many the log keeps: all, those answered
   * 401, and those 401s because the token had expired (by `connect`'s clock).
   */
  readonly counts: MockApiCounts;
  /** Rejects the next `n` (default 1) valid tokens with 401 `invalid_token`. */
  rejectNext(n?: number): void;
  /** Clears the request log and pending rejections. */
  reset(): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of {@link startRedirectServer}. */
export interface RedirectServerOptions {
  /**
   * Where to send the client: a URL, or a function of this server's own address, for a redirect
   * back to the same server under another host name (`localhost` to `api.localhost`).
   */
  location: string | ((server: { url: string; port: number }) => string);
  /** Redirect status: 301, 302, 303, 307 or 308; default 302. */
  status?: 301 | 302 | 303 | 307 | 308;
  /** The path (query ignored) that redirects; every other path answers 200 `{}`. Default `/start`. */
  path?: string;
  port?: number;
  host?: string;
  /** How many requests `requests` keeps (the newest); default 10 000. */
  maxRecordedRequests?: number;
}

/**
 * A running redirect server; see {@link startRedirectServer}. Its `requests` show whether a
 * client carried the `Authorization` header to the redirecting origin, the target, or both.
 */
export interface RedirectServer {
  /** Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  readonly url: string;
  /** The port it listens on, for building URLs to it under another host name. */
  readonly port: number;
  /** The URL redirects point to. */
  readonly location: string;
  /** Every request, oldest first (a copy); the same fields as the mock API records. */
  readonly requests: readonly MockApiRequest[];
  /** Clears the request log. */
  reset(): void;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
