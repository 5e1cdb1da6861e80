/** Doctor step: the authority answers and serves a usable OpenID Connect discovery document. */
import { type CheckResult, describeFailure, result, withTimeout } from './check.js';

/** A server time reading: the `Date` header and the local time halfway through the request. */
export interface ServerTimeSample {
  serverMs: number;
  localMs: number;
}

/** What the discovery step learned, for the steps after it. */
export interface DiscoveryOutcome {
  check: CheckResult;
  /** Whether the authority answered with a discovery document the token provider can use. */
  usable: boolean;
  time?: ServerTimeSample;
}

/** Settings of {@link checkDiscovery}. */
export interface DiscoveryCheckOptions {
  authority: string;
  /** The user's explicit token URL, compared with the discovered one. */
  tokenUrl?: string;
  fetch: typeof fetch;
  timeoutMs: number;
  signal?: AbortSignal;
  now: () => number;
}

const TITLE = 'Authority reachable, discovery valid';
const AUTHORITY_HINT =
  'Check --authority / VISMA_AUTHORITY: production is https://connect.visma.com, staging https://connect.identity.stagaws.visma.com (base URL, no path).';

/**
 * Fetches `{authority}/.well-known/openid-configuration` and checks `issuer` and `token_endpoint`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 */
export async function checkDiscovery(options: DiscoveryCheckOptions): Promise<DiscoveryOutcome> {
  const url = `${options.authority.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const started = options.now();
  let response: Response;
  try {
    response = await options.fetch(url, {
      headers: { accept: 'application/json' },
      signal: withTimeout(options.timeoutMs, options.signal),
    });
  } catch (error) {
    return {
      usable: false,
      check: result(
        'discovery',
        TITLE,
        'fail',
        `cannot reach ${url}: ${describeFailure(error)}`,
        `${AUTHORITY_HINT} Also check DNS, proxy and firewall access to it.`,
      ),
    };
  }
  const finished = options.now();
  const date = Date.parse(response.headers.get('date') ?? '');
  // The Date header has whole seconds; +500 ms centres the reading on the true server time.
  const time = Number.isNaN(date)
    ? undefined
    : { serverMs: date + 500, localMs: (started + finished) / 2 };
  const outcome = (check: CheckResult, usable: boolean): DiscoveryOutcome =>
    time ? { check, usable, time } : { check, usable };

  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return outcome(
      result('discovery', TITLE, 'fail', `HTTP ${response.status} from ${url}`, AUTHORITY_HINT),
      false,
    );
  }
  let doc: Record<string, unknown>;
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    doc = parsed as Record<string, unknown>;
  } catch {
    return outcome(
      result('discovery', TITLE, 'fail', `${url} did not return a JSON document`, AUTHORITY_HINT),
      false,
    );
  }
  const issuer = typeof doc.issuer === 'string' ? doc.issuer : undefined;
  const tokenEndpoint = typeof doc.token_endpoint === 'string' ? doc.token_endpoint : undefined;
  if (!issuer || !tokenEndpoint || !URL.canParse(tokenEndpoint)) {
    return outcome(
      result(
        'discovery',
        TITLE,
        'fail',
        `the discovery document lacks ${issuer ? 'a valid token_endpoint' : 'an issuer'}`,
        `${AUTHORITY_HINT} Or pass --token-url to skip discovery.`,
      ),
      false,
    );
  }
  const detail = `issuer ${issuer}, token endpoint ${tokenEndpoint}`;
  if (options.tokenUrl && stripSlash(options.tokenUrl) !== stripSlash(tokenEndpoint)) {
    return outcome(
      result(
        'discovery',
        TITLE,
        'warn',
        `${detail}; --token-url is ${options.tokenUrl}`,
        'The token URL you set differs from the one the authority advertises; drop --token-url unless you mean it.',
      ),
      true,
    );
  }
  if (stripSlash(issuer) !== stripSlash(options.authority)) {
    return outcome(
      result(
        'discovery',
        TITLE,
        'warn',
        `${detail}; the issuer differs from the authority ${options.authority}`,
        'APIs check the token issuer; set --authority to the issuer shown.',
      ),
      true,
    );
  }
  return outcome(result('discovery', TITLE, 'pass', detail), true);
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
