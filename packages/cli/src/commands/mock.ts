/** `visma-auth mock`: runs the local Visma Connect (and a protected API) until SIGINT/SIGTERM. */
import type { MockApi, MockClient, MockConnect } from '@visma-auth/testing';
import { booleanFlag, parseFlags, stringFlag, UsageError } from '../args.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { createStyler, formatRows, mark, writeLine } from '../output.js';

/** One-line usage of `visma-auth mock`. */
export const MOCK_USAGE =
  'visma-auth mock [--port <n>] [--host <addr>] [--api] [--api-port <n>] [--token-lifetime <s>] [--json]';

/** The text of `visma-auth mock --help`. */
export const MOCK_HELP = `Usage: ${MOCK_USAGE}

Runs a local Visma Connect (discovery, JWKS, client_credentials token endpoint) with the demo
client registered, until Ctrl+C or SIGTERM. For development and tests only.

Options:
  --port <n>             port of Visma Connect (env VISMA_MOCK_PORT; default 0 = any free port)
  --host <addr>          interface to listen on (env VISMA_MOCK_HOST; default 127.0.0.1)
  --api                  also run a protected API that accepts only this server's tokens
  --api-port <n>         port of the API (env VISMA_MOCK_API_PORT; default 0)
  --token-lifetime <s>   expires_in of issued tokens (env VISMA_MOCK_TOKEN_LIFETIME; default 3600)
  --json                 print the URLs and demo client as one JSON line
  -h, --help             show this help`;

const MOCK_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  api: { type: 'boolean' },
  'api-port': { type: 'string' },
  'token-lifetime': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `visma-auth mock`; resolves when `io.signal` aborts and both servers are closed. */
export async function mockCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const values = parseFlags(args, MOCK_OPTIONS, MOCK_USAGE, 'mock');
  if (booleanFlag(values, 'help')) {
    writeLine(io.stdout, MOCK_HELP);
    return EXIT.ok;
  }
  // Same flags and variables as the `visma-auth-mock` bin of @visma-auth/testing.
  const env = io.env ?? process.env;
  const setting = (flag: string, variable: string): string | undefined =>
    stringFlag(values, flag) ?? (env[variable]?.trim() || undefined);
  const port = portFlag(setting('port', 'VISMA_MOCK_PORT'), '--port') ?? 0;
  const apiPort = portFlag(setting('api-port', 'VISMA_MOCK_API_PORT'), '--api-port') ?? 0;
  const host = setting('host', 'VISMA_MOCK_HOST') ?? '127.0.0.1';
  const lifetime = setting('token-lifetime', 'VISMA_MOCK_TOKEN_LIFETIME');
  const tokenLifetimeSeconds = lifetime === undefined ? undefined : Number(lifetime);
  if (
    tokenLifetimeSeconds !== undefined &&
    !(Number.isInteger(tokenLifetimeSeconds) && tokenLifetimeSeconds > 0)
  ) {
    throw new UsageError(
      `--token-lifetime must be a whole number of seconds, got "${lifetime}".`,
      MOCK_USAGE,
      'mock',
    );
  }
  const errStyle = createStyler(io.stderr, env);

  let connect: MockConnect | undefined;
  let api: MockApi | undefined;
  let demo: Readonly<MockClient>;
  try {
    // Loaded on demand so `token` and `doctor` do not pay for the test servers.
    const { DEMO_CLIENT, startMockApi, startMockConnect } = await import('@visma-auth/testing');
    demo = DEMO_CLIENT;
    connect = await startMockConnect({
      port,
      host,
      ...(tokenLifetimeSeconds !== undefined ? { tokenLifetimeSeconds } : {}),
    });
    if (booleanFlag(values, 'api')) api = await startMockApi({ connect, port: apiPort, host });
  } catch (error) {
    await api?.close();
    await connect?.close();
    writeLine(io.stderr, `${mark('fail', errStyle)} ${describeListenError(error)}`);
    return EXIT.failed;
  }

  if (booleanFlag(values, 'json')) {
    io.stdout.write(`${JSON.stringify(summary(connect, api, demo))}\n`);
  } else {
    printSummary(connect, api, demo, io);
  }
  await untilAborted(io.signal);
  await api?.close();
  await connect.close();
  if (!booleanFlag(values, 'json')) writeLine(io.stderr, 'Stopped the local Visma Connect.');
  return EXIT.ok;
}

function summary(
  connect: MockConnect,
  api: MockApi | undefined,
  demo: Readonly<MockClient>,
): Record<string, unknown> {
  return {
    authority: connect.url,
    issuer: connect.issuer,
    tokenUrl: connect.tokenUrl,
    discoveryUrl: connect.discoveryUrl,
    jwksUrl: connect.jwksUrl,
    apiUrl: api?.url ?? null,
    clientId: demo.clientId,
    // The demo secret is a public fixture that works only against this mock.
    clientSecret: demo.clientSecret,
    scopes: demo.allowedScopes,
    tenantIds: demo.tenants ?? [],
  };
}

function printSummary(
  connect: MockConnect,
  api: MockApi | undefined,
  demo: Readonly<MockClient>,
  io: CliIo,
): void {
  const style = createStyler(io.stdout, io.env ?? process.env);
  const scope = demo.allowedScopes[0] ?? 'visma_api:read';
  const tenant = demo.tenants?.[0];
  const rows: Array<[string, string]> = [
    ['authority', connect.url],
    ['token url', connect.tokenUrl],
    ['discovery', connect.discoveryUrl],
  ];
  if (api) rows.push(['api', api.url]);
  rows.push(
    ['client id', demo.clientId],
    [
      'client secret',
      `${demo.clientSecret ?? ''} ${style.dim('(public demo value, works only here)')}`,
    ],
    ['scopes', demo.allowedScopes.join(' ')],
  );
  if (tenant) rows.push(['tenant id', tenant]);
  writeLine(
    io.stdout,
    `${mark('pass', style)} Local Visma Connect is running ${style.dim('(for development only)')}`,
  );
  for (const line of formatRows(rows)) writeLine(io.stdout, line);
  const base = `VISMA_CLIENT_SECRET=${demo.clientSecret ?? ''} visma-auth`;
  const connection = `--authority ${connect.url} --client-id ${demo.clientId} --scopes ${scope}${tenant ? ` --tenant-id ${tenant}` : ''}`;
  writeLine(io.stdout);
  writeLine(io.stdout, 'Try it:');
  writeLine(io.stdout, `  ${base} token ${connection}`);
  writeLine(io.stdout, `  ${base} doctor ${connection}${api ? ` --api ${api.url}/` : ''}`);
  writeLine(io.stdout);
  writeLine(io.stdout, style.dim('Press Ctrl+C to stop.'));
}

function portFlag(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(
      `${flag} must be a port number from 0 to 65535, got "${raw}".`,
      MOCK_USAGE,
      'mock',
    );
  }
  return port;
}

function describeListenError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const address = error as { address?: unknown; port?: unknown };
  if (code === 'EADDRINUSE') {
    return `Port ${String(address.port)} is already in use; pass another --port, or 0 to pick a free one.`;
  }
  if (code === 'EACCES')
    return `Not allowed to listen on port ${String(address.port)}; use a port above 1023.`;
  if (code === 'EADDRNOTAVAIL')
    return `Cannot listen on ${String(address.address)}; pass --host 127.0.0.1.`;
  return `Could not start the local Visma Connect: ${error instanceof Error ? error.message : String(error)}`;
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise<void>(() => {});
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}
