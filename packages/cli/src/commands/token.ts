/** `visma-auth token`: gets an access token and shows its claims, scopes, tenant and expiry. */
import { type AccessToken, decodeAccessToken } from '@visma-auth/core';
import { booleanFlag, connectionOptions, parseFlags, secondsFlag, UsageError } from '../args.js';
import { type ConnectionSettings, effectiveAuthority, resolveConnection } from '../config.js';
import { claimRows, formatDuration, formatTime } from '../format.js';
import { CONNECTION_HELP } from '../help.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { createStyler, formatRows, mark, writeJson, writeLine } from '../output.js';
import { createProvider, errorJson, explainError } from '../provider.js';
import { withSpinner } from '../spinner.js';

/** One-line usage of `visma-auth token`. */
export const TOKEN_USAGE =
  'visma-auth token --client-id <id> --scopes <list> [--tenant-id <id>] [--raw | --json]';

/** The text of `visma-auth token --help`. */
export const TOKEN_HELP = `Usage: ${TOKEN_USAGE}

Gets an access token with the client_credentials grant and prints its decoded claims, granted
scopes, tenant and time to expiry. The token itself is printed only with --raw.

Output:
  --raw        print only the access token (for piping), nothing else on stdout
  --json       print the result as JSON (without the token)
  -h, --help   show this help

${CONNECTION_HELP}

Examples:
  printf '%s' "$SECRET" | visma-auth token --client-id my-app --scopes vismanet_erp_service_api:read --client-secret-stdin
  curl -H "Authorization: Bearer $(visma-auth token --raw)" https://api.example.com/`;

const TOKEN_OPTIONS = { ...connectionOptions, raw: { type: 'boolean' } } as const;

const DEFAULT_DEADLINE_MS = 30_000;

/** Runs `visma-auth token` with the arguments after the command name. */
export async function tokenCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const values = parseFlags(args, TOKEN_OPTIONS, TOKEN_USAGE, 'token');
  if (booleanFlag(values, 'help')) {
    writeLine(io.stdout, TOKEN_HELP);
    return EXIT.ok;
  }
  const raw = booleanFlag(values, 'raw');
  const json = booleanFlag(values, 'json');
  if (raw && json)
    throw new UsageError('Use either --raw or --json, not both.', TOKEN_USAGE, 'token');
  const deadlineMs = secondsFlag(values, 'timeout', DEFAULT_DEADLINE_MS, TOKEN_USAGE, 'token');
  const settings = await resolveConnection(values, io, TOKEN_USAGE, 'token');
  const env = io.env ?? process.env;
  const errStyle = createStyler(io.stderr, env);
  for (const warning of settings.warnings)
    writeLine(io.stderr, `${mark('warn', errStyle)} ${warning}`);

  const provider = createProvider(settings, { deadlineMs, retry: true }, TOKEN_USAGE, 'token');
  const authority = effectiveAuthority(settings);
  try {
    const request = io.signal ? { signal: io.signal } : {};
    const token = await withSpinner(io.stderr, `Requesting a token from ${authority}`, () =>
      provider.getToken(request),
    );
    const now = (io.now ?? Date.now)();
    if (raw) io.stdout.write(`${token.accessToken}\n`);
    else if (json) writeJson(io.stdout, tokenJson(token, settings, authority, now));
    else printToken(token, settings, authority, now, io);
    return EXIT.ok;
  } catch (error) {
    if (json) {
      writeJson(io.stdout, { ok: false, error: errorJson(error) });
    } else {
      const { message, hint } = explainError(error);
      writeLine(io.stderr, `${mark('fail', errStyle)} ${message}`);
      if (hint) writeLine(io.stderr, `  ${errStyle.bold('Fix:')} ${hint}`);
    }
    return EXIT.failed;
  } finally {
    await provider.close();
  }
}

function tokenJson(
  token: AccessToken,
  settings: ConnectionSettings,
  authority: string,
  now: number,
): Record<string, unknown> {
  const decoded = decodeAccessToken(token.accessToken);
  return {
    ok: true,
    authority,
    clientId: settings.clientId,
    tenantId: tenantOf(token, decoded?.payload) ?? null,
    scopes: token.scopes,
    missingScopes: settings.scopes.filter((s) => !token.scopes.includes(s)),
    tokenType: token.tokenType,
    expiresAt: formatTime(token.expiresAt),
    expiresInSeconds: Math.max(0, Math.round((token.expiresAt - now) / 1000)),
    header: decoded?.header ?? null,
    claims: decoded?.payload ?? null,
  };
}

function printToken(
  token: AccessToken,
  settings: ConnectionSettings,
  authority: string,
  now: number,
  io: CliIo,
): void {
  const style = createStyler(io.stdout, io.env ?? process.env);
  const decoded = decodeAccessToken(token.accessToken);
  const missing = settings.scopes.filter((s) => !token.scopes.includes(s));
  const tenant = tenantOf(token, decoded?.payload);
  writeLine(
    io.stdout,
    `${mark('pass', style)} Token for ${style.bold(settings.clientId)} from ${authority}`,
  );
  const rows: Array<[string, string]> = [
    ['tenant', tenant ?? style.dim('(none: not a tenant token)')],
    ['scopes', token.scopes.join(' ') || style.dim('(none)')],
  ];
  if (missing.length > 0) rows.push(['not granted', style.yellow(missing.join(' '))]);
  rows.push(
    ['expires in', `${formatDuration(token.expiresAt - now)} (${formatTime(token.expiresAt)})`],
    ['type', token.tokenType],
  );
  for (const line of formatRows(rows)) writeLine(io.stdout, line);
  writeLine(io.stdout);
  if (decoded) {
    writeLine(io.stdout, `Claims ${style.dim('(decoded, not verified)')}`);
    for (const line of formatRows(claimRows(decoded.payload))) writeLine(io.stdout, line);
  } else {
    writeLine(io.stdout, style.dim('The token is not a JWT, so it has no claims to show.'));
  }
  writeLine(io.stdout);
  writeLine(io.stdout, style.dim('The token itself is not shown; use --raw to print it.'));
}

function tenantOf(
  token: AccessToken,
  payload: { tenant_id?: unknown } | undefined,
): string | undefined {
  const claim = payload?.tenant_id;
  if (typeof claim === 'string' && claim !== '') return claim;
  return token.tenantId;
}
