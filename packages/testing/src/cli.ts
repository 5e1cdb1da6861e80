#!/usr/bin/env node
/**
 * The `visma-auth-mock` bin: runs a local Visma Connect (and with --api a protected API, with
 * --admin the admin routes) until SIGINT or SIGTERM.
 */
import { type CliConfig, parseCliArgs, USAGE } from './cli-args.js';
import { DEMO_CLIENT } from './demo-client.js';
import { startMockApi } from './mock-api.js';
import { startMockConnect } from './mock-connect.js';
import type { MockApi, MockConnect } from './types.js';

async function main(): Promise<void> {
  let config: CliConfig;
  try {
    config = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (config.help) {
    process.stdout.write(USAGE);
    return;
  }
  const connect = await startMockConnect({
    port: config.port,
    host: config.host,
    ...(config.clients.length > 0 ? { clients: config.clients } : {}),
    ...(config.tokenLifetimeSeconds ? { tokenLifetimeSeconds: config.tokenLifetimeSeconds } : {}),
    ...(config.issuer ? { issuer: config.issuer } : {}),
    admin: config.admin,
  });
  const api = config.api
    ? await startMockApi({ connect, port: config.apiPort, host: config.host })
    : undefined;
  process.stdout.write(banner(connect, api, config));

  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1);
    stopping = true;
    Promise.all([api?.close(), connect.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** What a user needs to point a client at the mock; secrets only for the public demo client. */
function banner(connect: MockConnect, api: MockApi | undefined, config: CliConfig): string {
  const clients =
    config.clients.length > 0
      ? config.clients.map((c) => `  ${c.clientId}  scopes: ${c.allowedScopes.join(' ')}`)
      : [
          `  ${DEMO_CLIENT.clientId}  secret: ${DEMO_CLIENT.clientSecret} (public demo value, not a real credential)`,
          `    scopes: ${DEMO_CLIENT.allowedScopes.join(' ')}  tenant: ${DEMO_CLIENT.tenants?.join(' ')}`,
        ];
  return [
    'Visma Connect mock running',
    `  issuer     ${connect.issuer}`,
    `  discovery  ${connect.discoveryUrl}`,
    `  token      ${connect.tokenUrl}`,
    `  jwks       ${connect.jwksUrl}`,
    ...(api ? [`  api        ${api.url}`] : []),
    ...(connect.adminUrl
      ? [
          `  admin      ${connect.adminUrl}  (GET counts, POST reset, POST fail-next; loopback only)`,
        ]
      : []),
    'Clients:',
    ...clients,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`visma-auth-mock: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
