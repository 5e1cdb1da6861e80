import { parseArgs } from 'node:util';
import type { MockClient } from './types.js';

/** What the `visma-auth-mock` bin was asked to start. */
export interface CliConfig {
  help: boolean;
  port: number;
  host: string;
  /** Empty means the demo client. */
  clients: MockClient[];
  tokenLifetimeSeconds?: number;
  issuer?: string;
  api: boolean;
  apiPort: number;
  /** Serve the admin routes under /__mock. */
  admin: boolean;
}

/** Usage text of the `visma-auth-mock` bin. */
export const USAGE = `Usage: visma-auth-mock [options]

Starts a local Visma Connect (discovery, JWKS, client_credentials token endpoint) for tests and
demos, and optionally a protected API that accepts its tokens. Stop it with Ctrl+C.

Options:
  --port <n>             port to listen on (env VISMA_MOCK_PORT; default 0 = any free port)
  --host <addr>          interface to listen on (env VISMA_MOCK_HOST; default 127.0.0.1)
  --client <spec>        register a client, repeatable; spec is
                         id:secret:scope1,scope2[:tenant1,tenant2]
                         (scopes look like api:permission; default: the public demo client)
  --token-lifetime <s>   expires_in of issued tokens (env VISMA_MOCK_TOKEN_LIFETIME; default 3600)
  --issuer <url>         iss of tokens and discovery (default: the server URL)
  --api                  also start a protected API that echoes the token's claims
  --api-port <n>         port of that API (env VISMA_MOCK_API_PORT; default 0)
  --admin                let tests in other processes use the mock, loopback clients only:
                           GET  /__mock/counts     token and API request counters as JSON
                           POST /__mock/reset      zero the counters, drop queued faults
                           POST /__mock/fail-next  JSON fault(s) for the next token responses,
                                                   e.g. {"status":503} or [{"delayMs":500}]
  -h, --help             show this help
`;

/**
 * Reads flags, falling back to `VISMA_MOCK_*` environment variables.
 * @throws Error with a message fit for the terminal when a flag or value is wrong.
 */
export function parseCliArgs(argv: string[], env: Record<string, string | undefined>): CliConfig {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      client: { type: 'string', multiple: true },
      'token-lifetime': { type: 'string' },
      issuer: { type: 'string' },
      api: { type: 'boolean' },
      'api-port': { type: 'string' },
      admin: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const lifetime = values['token-lifetime'] ?? env.VISMA_MOCK_TOKEN_LIFETIME;
  const config: CliConfig = {
    help: values.help ?? false,
    port: toInteger('--port', values.port ?? env.VISMA_MOCK_PORT ?? '0', 0, 65535),
    host: values.host ?? env.VISMA_MOCK_HOST ?? '127.0.0.1',
    clients: (values.client ?? []).map(parseClientSpec),
    api: values.api ?? false,
    apiPort: toInteger(
      '--api-port',
      values['api-port'] ?? env.VISMA_MOCK_API_PORT ?? '0',
      0,
      65535,
    ),
    admin: values.admin ?? false,
  };
  if (lifetime !== undefined) {
    config.tokenLifetimeSeconds = toInteger('--token-lifetime', lifetime, 1, 31_536_000);
  }
  if (values.issuer !== undefined) config.issuer = values.issuer;
  return config;
}

/**
 * Parses `id:secret:scope1,scope2[:tenant1,tenant2]`. Scopes contain colons themselves
 * (`api:permission`), so a last colon starts the tenant list only when everything before it is a
 * list of such scopes.
 */
export function parseClientSpec(spec: string): MockClient {
  const [clientId, clientSecret, ...rest] = spec.split(':');
  const scopesAndTenants = rest.join(':');
  if (!clientId || !clientSecret || !scopesAndTenants) {
    throw new Error(
      `--client ${clientId ?? ''}:…: expected id:secret:scope1,scope2[:tenant1,tenant2]`,
    );
  }
  let scopes = scopesAndTenants;
  let tenants = '';
  const last = scopesAndTenants.lastIndexOf(':');
  const head = scopesAndTenants.slice(0, last);
  if (last > 0 && head.split(',').every((scope) => scope.includes(':'))) {
    scopes = head;
    tenants = scopesAndTenants.slice(last + 1);
  }
  const list = (text: string) => text.split(',').filter(Boolean);
  const client: MockClient = { clientId, clientSecret, allowedScopes: list(scopes) };
  if (tenants) client.tenants = list(tenants);
  return client;
}

function toInteger(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new Error(`${flag} must be a whole number from ${min} to ${max}, not "${text}".`);
  }
  return value;
}
