/** Doctor step: the user's API accepts the token Visma Connect issued. */
import { WRONG_TENANT_HINT } from '@visma-auth/core';
import { type CheckResult, describeFailure, result, withTimeout } from './check.js';

/** Settings of {@link checkApi}. */
export interface ApiCheckOptions {
  url: string;
  accessToken: string;
  tenantId: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
}

const TITLE = 'API accepts the token';

/**
 * Sends `GET url` with the token and interprets the answer; a 401 points at the wrong-tenant case.
 * @see https://docs.vismasoftware.no/vismanetapi/how-tos/fix401error
 */
export async function checkApi(options: ApiCheckOptions): Promise<CheckResult> {
  let response: Response;
  try {
    response = await options.fetch(options.url, {
      headers: { authorization: `Bearer ${options.accessToken}`, accept: 'application/json' },
      redirect: 'manual',
      signal: withTimeout(options.timeoutMs, options.signal),
    });
  } catch (error) {
    return result(
      'api',
      TITLE,
      'fail',
      `cannot reach ${options.url}: ${describeFailure(error)}`,
      'Check the --api URL and that the API is reachable from this machine.',
    );
  }
  await response.body?.cancel().catch(() => {});
  const status = response.status;
  const challenge = describeChallenge(response.headers.get('www-authenticate'));
  const detail = `GET ${options.url}: HTTP ${status}${challenge ? ` (${challenge})` : ''}`;
  if (status >= 200 && status < 300) return result('api', TITLE, 'pass', detail);
  if (status >= 300 && status < 400) {
    // The token is not sent across a redirect, so the API never judged it: not a pass.
    return result(
      'api',
      TITLE,
      'fail',
      detail,
      redirectHint(options.url, response.headers.get('location')),
    );
  }
  if (status === 401) {
    const hint = options.tenantId
      ? `${WRONG_TENANT_HINT} --tenant-id must be the company tenant the API's data belongs to; check it in the Visma app's company settings, and that this tenant granted the application.`
      : 'The API rejected a token without a tenant: tenant-based APIs (such as Visma.net ERP) need --tenant-id with the company tenant id.';
    return result('api', TITLE, 'fail', detail, hint);
  }
  if (status === 403) {
    return result(
      'api',
      TITLE,
      'fail',
      detail,
      'The API accepted the token but refused this call: request a scope that allows it (e.g. :create rather than :read) and check the application rights in the tenant.',
    );
  }
  if (status === 404) {
    return result(
      'api',
      TITLE,
      'warn',
      detail,
      'The token was not rejected, but the URL was not found; check the --api path.',
    );
  }
  return result(
    'api',
    TITLE,
    'fail',
    detail,
    'The API failed on its side; try again later or check its status page.',
  );
}

/**
 * Names where a 3xx points (origin and path, never the query), so the user can point `--api` at
 * the final URL instead.
 */
export function redirectHint(url: string, location: string | null): string {
  const unjudged = 'the token was not sent on, so the API never judged it';
  if (!location)
    return `The API answered a redirect without a Location; ${unjudged}. Check the --api URL.`;
  let target: URL;
  try {
    target = new URL(location, url);
  } catch {
    return `The API answered a redirect to an invalid Location; ${unjudged}. Check the --api URL.`;
  }
  const origin = target.origin;
  const where = `${origin}${target.pathname}`;
  const elsewhere = origin === new URL(url).origin ? '' : ` (another origin: ${origin})`;
  return `The API answered a redirect to ${where}${elsewhere}; ${unjudged}. Pass the final URL as --api.`;
}

/** Picks `error` and `error_description` out of a `WWW-Authenticate: Bearer ...` header. */
export function describeChallenge(header: string | null): string | undefined {
  if (!header) return undefined;
  const error = /error="([^"]*)"/i.exec(header)?.[1];
  const description = /error_description="([^"]*)"/i.exec(header)?.[1];
  if (!error && !description) return undefined;
  return [error, description].filter(Boolean).join(': ');
}
