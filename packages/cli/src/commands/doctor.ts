/** `visma-auth doctor`: checks a Visma Connect setup step by step, with a fix for each failure. */
import { decodeAccessToken, isLoopbackHost, type VismaTokenProvider } from '@visma-auth/core';
import {
  booleanFlag,
  connectionOptions,
  parseFlags,
  secondsFlag,
  stringFlag,
  UsageError,
} from '../args.js';
import { type ConnectionSettings, effectiveAuthority, resolveConnection } from '../config.js';
import { checkApi } from '../doctor/api.js';
import { checkApiBaseUrl } from '../doctor/api-base-url.js';
import type { CheckResult } from '../doctor/check.js';
import { checkClock, sampleFromIssuedAt } from '../doctor/clock.js';
import { checkDiscovery } from '../doctor/discovery.js';
import { checkToken } from '../doctor/token-checks.js';
import { CONNECTION_HELP } from '../help.js';
import { type CliIo, EXIT, type ExitCode } from '../io.js';
import { createStyler, formatRows, mark, type Styler, writeJson, writeLine } from '../output.js';
import { createProvider } from '../provider.js';
import { withSpinner } from '../spinner.js';

/** One-line usage of `visma-auth doctor`. */
export const DOCTOR_USAGE =
  'visma-auth doctor --client-id <id> --scopes <list> [--tenant-id <id>] [--api <url>] [--json]';

/** The text of `visma-auth doctor --help`. */
export const DOCTOR_HELP = `Usage: ${DOCTOR_USAGE}

Checks, with a ✓/✗ line and a fix for each failure: the authority is reachable and its discovery
document valid, the client credentials are accepted, each scope is granted, the tenant is
granted, the local clock agrees with Visma Connect, and (with --api) that the API accepts the
token. Exits 1 if any check fails.

Options:
  --api <url>               also call this API with the token (GET); https, or http on loopback;
                            e.g. https://api.finance.visma.net/v1/customer (warns about the
                            retired integration.visma.net)
  --max-clock-skew <s>      clock difference that still passes, in seconds (default 30)
  --json                    print the checks as JSON
  -h, --help                show this help

${CONNECTION_HELP}`;

const DOCTOR_OPTIONS = {
  ...connectionOptions,
  api: { type: 'string' },
  'max-clock-skew': { type: 'string' },
} as const;

const STEP_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_SKEW_MS = 30_000;

/** Runs `visma-auth doctor` with the arguments after the command name. */
export async function doctorCommand(args: readonly string[], io: CliIo): Promise<ExitCode> {
  const values = parseFlags(args, DOCTOR_OPTIONS, DOCTOR_USAGE, 'doctor');
  if (booleanFlag(values, 'help')) {
    writeLine(io.stdout, DOCTOR_HELP);
    return EXIT.ok;
  }
  const json = booleanFlag(values, 'json');
  const timeoutMs = secondsFlag(values, 'timeout', STEP_TIMEOUT_MS, DOCTOR_USAGE, 'doctor');
  const maxSkewMs = secondsFlag(
    values,
    'max-clock-skew',
    DEFAULT_MAX_SKEW_MS,
    DOCTOR_USAGE,
    'doctor',
  );
  const apiUrl = parseApiUrl(stringFlag(values, 'api'));
  const settings = await resolveConnection(values, io, DOCTOR_USAGE, 'doctor');
  const env = io.env ?? process.env;
  const now = io.now ?? Date.now;
  const style = createStyler(io.stdout, env);
  const errStyle = createStyler(io.stderr, env);
  for (const warning of settings.warnings)
    writeLine(io.stderr, `${mark('warn', errStyle)} ${warning}`);

  const tuning = { deadlineMs: timeoutMs, retry: false };
  const withTenant = createProvider(settings, tuning, DOCTOR_USAGE, 'doctor');
  let withoutTenant: VismaTokenProvider | undefined;
  // Requests without the tenant tell a bad scope from an ungranted tenant.
  const providerFor = (useTenant: boolean): VismaTokenProvider => {
    if (useTenant) return withTenant;
    if (!withoutTenant) {
      const { tenantId: _omitted, ...rest } = settings;
      withoutTenant = createProvider(rest, tuning, DOCTOR_USAGE, 'doctor');
    }
    return withoutTenant;
  };
  const authority = effectiveAuthority(settings);
  const checks: CheckResult[] = [];
  const report = (...results: CheckResult[]): void => {
    checks.push(...results);
    if (!json) for (const check of results) printCheck(check, io, style);
  };
  const step = <T>(text: string, task: () => Promise<T>): Promise<T> =>
    withSpinner(io.stderr, text, task);

  try {
    if (!json) printHeader(settings, authority, io, style);
    const discovery = await step(`Fetching discovery from ${authority}`, () =>
      checkDiscovery({
        authority,
        ...(settings.tokenUrl ? { tokenUrl: settings.tokenUrl } : {}),
        fetch: io.fetch ?? fetch,
        timeoutMs,
        ...(io.signal ? { signal: io.signal } : {}),
        now,
      }),
    );
    const explicitTokenUrl =
      settings.tokenUrl !== undefined && !settings.authority && !settings.environment;
    // With only --token-url the provider never uses discovery, so a missing document is no failure.
    report(
      explicitTokenUrl && discovery.check.status === 'fail'
        ? {
            ...discovery.check,
            status: 'warn',
            detail: `${discovery.check.detail}; not needed, as --token-url is set`,
          }
        : discovery.check,
    );

    let tokenOutcome: Awaited<ReturnType<typeof checkToken>> | undefined;
    if (discovery.usable || settings.tokenUrl) {
      tokenOutcome = await step('Requesting tokens', () =>
        checkToken({
          scopes: settings.scopes,
          tenantId: settings.tenantId,
          now,
          probe: (scopes, useTenant) =>
            providerFor(useTenant).getToken({
              scopes,
              ...(io.signal ? { signal: io.signal } : {}),
            }),
        }),
      );
      report(...tokenOutcome.checks);
    } else {
      const reason = 'not checked: fix the authority first';
      report(
        { id: 'credentials', title: 'Client credentials accepted', status: 'skip', detail: reason },
        ...settings.scopes.map(
          (scope): CheckResult => ({
            id: `scope:${scope}`,
            title: `Scope ${scope} granted`,
            status: 'skip',
            detail: reason,
          }),
        ),
        {
          id: 'tenant',
          title: settings.tenantId ? `Tenant ${settings.tenantId} granted` : 'Tenant granted',
          status: 'skip',
          detail: reason,
        },
      );
    }

    const token = tokenOutcome?.token;
    const timeSample =
      discovery.time ??
      (token && tokenOutcome?.receivedAt !== undefined
        ? sampleFromIssuedAt(
            decodeAccessToken(token.accessToken)?.payload.iat,
            tokenOutcome.receivedAt,
          )
        : undefined);
    report(checkClock(timeSample, maxSkewMs));

    const retired = apiUrl === undefined ? undefined : checkApiBaseUrl(apiUrl);
    if (retired !== undefined) report(retired);
    if (apiUrl === undefined) {
      report({
        id: 'api',
        title: 'API accepts the token',
        status: 'skip',
        detail: 'pass --api <url> to check an API',
      });
    } else if (!token) {
      report({
        id: 'api',
        title: 'API accepts the token',
        status: 'skip',
        detail: 'not checked: no token was issued',
      });
    } else {
      const accessToken = token.accessToken;
      report(
        await step(`Calling ${apiUrl}`, () =>
          checkApi({
            url: apiUrl,
            accessToken,
            tenantId: settings.tenantId,
            fetch: io.fetch ?? fetch,
            timeoutMs,
            ...(io.signal ? { signal: io.signal } : {}),
          }),
        ),
      );
    }
  } finally {
    await withTenant.close();
    await withoutTenant?.close();
  }

  const failed = checks.filter((c) => c.status === 'fail').length;
  if (json) {
    writeJson(io.stdout, {
      ok: failed === 0,
      authority,
      clientId: settings.clientId,
      tenantId: settings.tenantId ?? null,
      scopes: settings.scopes,
      checks,
    });
  } else {
    writeLine(io.stdout);
    writeLine(
      io.stdout,
      failed === 0
        ? `${mark('pass', style)} All checks passed.`
        : `${mark('fail', style)} ${failed} check${failed === 1 ? '' : 's'} failed.`,
    );
  }
  return failed === 0 ? EXIT.ok : EXIT.failed;
}

function parseApiUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!URL.canParse(raw))
    throw new UsageError(`--api is not a URL: "${raw}".`, DOCTOR_USAGE, 'doctor');
  const url = new URL(raw);
  // The token goes to this URL: never over plain http to another machine.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new UsageError(
      '--api must use https: (http: only on loopback), as the token is sent to it.',
      DOCTOR_USAGE,
      'doctor',
    );
  }
  return url.href;
}

function printHeader(
  settings: ConnectionSettings,
  authority: string,
  io: CliIo,
  style: Styler,
): void {
  const from = (name: keyof ConnectionSettings['sources']): string => {
    const source = settings.sources[name];
    return source ? style.dim(` (${source})`) : '';
  };
  const rows: Array<[string, string]> = [
    ['authority', `${authority}${from('authority')}`],
    ['client id', `${settings.clientId}${from('clientId')}`],
    ['secret', `set${from('clientSecret')}`],
    ['scopes', `${settings.scopes.join(' ')}${from('scopes')}`],
    [
      'tenant id',
      settings.tenantId ? `${settings.tenantId}${from('tenantId')}` : style.dim('(none)'),
    ],
  ];
  if (settings.tokenUrl)
    rows.splice(1, 0, ['token url', `${settings.tokenUrl}${from('tokenUrl')}`]);
  writeLine(io.stdout, style.bold('visma-auth doctor'));
  for (const line of formatRows(rows)) writeLine(io.stdout, line);
  writeLine(io.stdout);
}

function printCheck(check: CheckResult, io: CliIo, style: Styler): void {
  const title = check.status === 'skip' ? style.dim(check.title) : check.title;
  const detail = check.detail ? style.dim(` - ${check.detail}`) : '';
  writeLine(io.stdout, `${mark(check.status, style)} ${title}${detail}`);
  if (check.hint && (check.status === 'fail' || check.status === 'warn')) {
    writeLine(io.stdout, `    ${style.bold('Fix:')} ${check.hint}`);
  }
}
