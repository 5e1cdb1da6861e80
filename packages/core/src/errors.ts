/**
 * Typed errors of @visma-auth/core. Every message says what went wrong and what to do, and none
 * of them ever carries a client secret, a private key or an access token.
 */

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * Gives an error class its literal name, whatever a bundler or minifier renamed it to
 * (`VismaOAuthError2`, `Ue`), so `name`, `toJSON()`, logs and the brand below all see it.
 */
function keepName(target: abstract new (...args: never[]) => unknown, name: string): void {
  Object.defineProperty(target, 'name', { value: name, configurable: true });
}

/**
 * Brand every error carries: the (literal) names of its classes. Shared through the global symbol registry,
 * so `instanceof` and {@link isVismaAuthError} also recognise errors from another installed copy
 * or version of this package (for example an app's and a library's).
 */
const errorBrand = Symbol.for('@visma-auth/core.error');

function classNames(target: abstract new (...args: never[]) => unknown): string[] {
  const names: string[] = [];
  for (
    let c: unknown = target;
    typeof c === 'function' && c !== Error;
    c = Object.getPrototypeOf(c)
  ) {
    names.push((c as { name: string }).name);
    if (names.length > 32) break;
  }
  return names;
}

function hasBrand(value: unknown, name: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const names = (value as { [errorBrand]?: unknown })[errorBrand];
  return Array.isArray(names) && names.includes(name);
}

/** Options shared by every {@link VismaAuthError} constructor. */
export interface VismaAuthErrorOptions {
  /** Stable machine-readable code; subclasses set their own. */
  code?: string;
  /** Whether repeating the same call later may succeed. */
  retryable?: boolean;
  /** The underlying error, already free of secrets. */
  cause?: unknown;
}

/** JSON shape of a {@link VismaAuthError}, safe to log. */
export interface VismaAuthErrorJSON {
  name: string;
  code: string;
  message: string;
  retryable: boolean;
  /** HTTP status of the token endpoint's response, when there was one. */
  httpStatus?: number;
  error?: string;
  errorDescription?: string;
  hint?: string;
  retryAfterMs?: number;
  option?: string;
  cause?: { name: string; message: string; code?: string };
}

/**
 * Base class of every error the token engine throws; branch on `code`, not on the message.
 * @example
 * ```ts
 * try { await provider.getToken(); } catch (e) { if (isVismaAuthError(e) && e.retryable) retryLater(); }
 * ```
 */
export class VismaAuthError extends Error {
  static {
    keepName(VismaAuthError, 'VismaAuthError');
  }

  /** Stable code such as `ERR_VISMA_OAUTH`. */
  readonly code: string;
  /** Whether repeating the call later may succeed (network, timeout, 5xx, 429). */
  readonly retryable: boolean;
  override readonly cause?: unknown;

  /** Recognises this class's instances from any installed copy of @visma-auth/core, by brand. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the subclass on the right of `instanceof`, not always VismaAuthError.
    // biome-ignore lint/complexity/noThisInStatic: see above
    return Function.prototype[Symbol.hasInstance].call(this, value) || hasBrand(value, this.name);
  }

  constructor(message: string, options: VismaAuthErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, errorBrand, { value: classNames(new.target), enumerable: false });
    this.code = options.code ?? 'ERR_VISMA_AUTH';
    this.retryable = options.retryable ?? false;
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', {
        value: options.cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }

  /** Log-safe JSON: code, message, OAuth fields and a one-line summary of the cause. */
  toJSON(): VismaAuthErrorJSON {
    const json: VismaAuthErrorJSON = {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
    };
    const cause = summarizeCause(this.cause);
    if (cause) json.cause = cause;
    return json;
  }

  /** Keeps `util.inspect` to the safe JSON fields plus the stack. */
  [inspectCustom](): string {
    const { name: _n, message: _m, ...rest } = this.toJSON();
    return `${this.stack ?? `${this.name}: ${this.message}`}\n${JSON.stringify(rest, null, 2)}`;
  }
}

function summarizeCause(cause: unknown): VismaAuthErrorJSON['cause'] {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const nested = (cause as { cause?: unknown }).cause;
    const nestedCode = nested instanceof Error ? (nested as { code?: unknown }).code : undefined;
    const summary: { name: string; message: string; code?: string } = {
      name: cause.name,
      message: cause.message,
    };
    if (typeof code === 'string') summary.code = code;
    else if (typeof nestedCode === 'string') summary.code = nestedCode;
    return summary;
  }
  return { name: typeof cause, message: 'non-error cause' };
}

/** An option passed to the provider is missing or invalid; thrown at construction. */
export class VismaConfigError extends VismaAuthError {
  static {
    keepName(VismaConfigError, 'VismaConfigError');
  }

  /** The offending option, e.g. `clientId` or `retry.maxAttempts`. */
  readonly option: string;

  constructor(option: string, message: string, options: { cause?: unknown } = {}) {
    super(`Invalid option \`${option}\`: ${message}`, {
      code: 'ERR_VISMA_CONFIG',
      retryable: false,
      cause: options.cause,
    });
    this.option = option;
  }

  override toJSON(): VismaAuthErrorJSON {
    return { ...super.toJSON(), option: this.option };
  }
}

/** Fields of an OAuth 2.0 error response (RFC 6749 section 5.2). */
export interface VismaOAuthErrorInit {
  error: string;
  errorDescription?: string;
  httpStatus: number;
  retryAfterMs?: number;
}

/**
 * Visma Connect answered with an OAuth error such as `invalid_client`, `invalid_scope` or
 * `invalid_tenant`; `hint` says what usually fixes it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export class VismaOAuthError extends VismaAuthError {
  static {
    keepName(VismaOAuthError, 'VismaOAuthError');
  }

  /** The OAuth `error` code from the response. */
  readonly error: string;
  /** The server's `error_description`, if any. */
  readonly errorDescription?: string;
  /**
   * HTTP status of the token response. Not `status`: web frameworks (Express, Fastify) answer
   * their own caller with an error's `status`, and Visma's 401 is not the caller's.
   */
  readonly httpStatus: number;
  /** What usually fixes this error at Visma, when known. */
  readonly hint?: string;
  /** Delay the server asked for with `Retry-After`, in ms. */
  readonly retryAfterMs?: number;

  constructor(init: VismaOAuthErrorInit) {
    const hint = oauthHint(init.error, init.errorDescription);
    // The server's own text (error_description may name the client or tenant) stays out of the
    // message, which a web framework may send to its caller; it is in errorDescription and toJSON().
    const described = init.errorDescription ? ' (error_description in errorDescription)' : '';
    super(
      `Visma Connect rejected the token request with ${safeErrorCode(init.error)}, HTTP ${init.httpStatus}${described}.${hint ? ` ${hint}` : ''}`,
      { code: 'ERR_VISMA_OAUTH', retryable: isRetryableStatus(init.httpStatus) },
    );
    this.error = init.error;
    if (init.errorDescription !== undefined) this.errorDescription = init.errorDescription;
    this.httpStatus = init.httpStatus;
    if (hint !== undefined) this.hint = hint;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
  }

  override toJSON(): VismaAuthErrorJSON {
    const json: VismaAuthErrorJSON = {
      ...super.toJSON(),
      httpStatus: this.httpStatus,
      error: this.error,
    };
    if (this.errorDescription !== undefined) json.errorDescription = this.errorDescription;
    if (this.hint !== undefined) json.hint = this.hint;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

/** The token endpoint failed without an OAuth error body (5xx, 429, gateway pages); retryable. */
export class VismaServerError extends VismaAuthError {
  static {
    keepName(VismaServerError, 'VismaServerError');
  }

  /** HTTP status of the response (not `status`, which web frameworks would answer with). */
  readonly httpStatus: number;
  /** Delay the server asked for with `Retry-After`, in ms. */
  readonly retryAfterMs?: number;

  /**
   * @param options.waiting - The endpoint asked to wait earlier and no request was sent: the
   *   message says so, and `retryAfterMs` is the time left.
   */
  constructor(httpStatus: number, options: { retryAfterMs?: number; waiting?: boolean } = {}) {
    super(
      options.waiting === true
        ? `Visma Connect token endpoint answered HTTP ${httpStatus} with Retry-After; no token request is sent for another ${Math.ceil((options.retryAfterMs ?? 0) / 1000)} s (retryAfterMs), and cached tokens are used while they are valid.`
        : `Visma Connect token endpoint answered HTTP ${httpStatus}${httpStatus === 429 ? ' (rate limited)' : ''}; the request is retried with backoff, check https://status.visma.com if it persists.`,
      { code: 'ERR_VISMA_SERVER', retryable: isRetryableStatus(httpStatus) },
    );
    this.httpStatus = httpStatus;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  override toJSON(): VismaAuthErrorJSON {
    const json: VismaAuthErrorJSON = { ...super.toJSON(), httpStatus: this.httpStatus };
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

/** The token endpoint answered 2xx but not with a usable token (HTML, bad JSON, missing fields). */
export class VismaTokenResponseError extends VismaAuthError {
  static {
    keepName(VismaTokenResponseError, 'VismaTokenResponseError');
  }

  /** HTTP status of the response (not `status`, which web frameworks would answer with). */
  readonly httpStatus?: number;

  constructor(message: string, options: { httpStatus?: number; cause?: unknown } = {}) {
    super(`Malformed token response: ${message}. Check that tokenUrl points at Visma Connect.`, {
      code: 'ERR_VISMA_TOKEN_RESPONSE',
      retryable: false,
      cause: options.cause,
    });
    if (options.httpStatus !== undefined) this.httpStatus = options.httpStatus;
  }

  override toJSON(): VismaAuthErrorJSON {
    const json = super.toJSON();
    if (this.httpStatus !== undefined) json.httpStatus = this.httpStatus;
    return json;
  }
}

/** A token request attempt, or the whole call including retries, ran out of time. */
export class VismaTimeoutError extends VismaAuthError {
  static {
    keepName(VismaTimeoutError, 'VismaTimeoutError');
  }

  /** The limit that was hit, in ms. */
  readonly timeoutMs: number;

  constructor(what: 'attempt' | 'deadline', timeoutMs: number) {
    super(
      what === 'attempt'
        ? `Visma Connect did not answer within ${timeoutMs} ms (timeoutMs); the request is retried.`
        : `No token within the overall deadline of ${timeoutMs} ms (deadlineMs); Visma Connect may be slow or unreachable.`,
      { code: 'ERR_VISMA_TIMEOUT', retryable: true },
    );
    this.timeoutMs = timeoutMs;
  }
}

/** The token endpoint could not be reached (DNS, refused connection, TLS, reset). */
export class VismaNetworkError extends VismaAuthError {
  static {
    keepName(VismaNetworkError, 'VismaNetworkError');
  }

  constructor(url: string, cause: unknown) {
    super(
      `Could not reach Visma Connect at ${url}; check network access and the authority/tokenUrl option.`,
      { code: 'ERR_VISMA_NETWORK', retryable: true, cause },
    );
  }
}

/** The provider was closed; create a new one to get tokens again. */
export class VismaClosedError extends VismaAuthError {
  static {
    keepName(VismaClosedError, 'VismaClosedError');
  }

  constructor() {
    super('The VismaTokenProvider is closed; create a new provider to request tokens.', {
      code: 'ERR_VISMA_CLOSED',
      retryable: false,
    });
  }
}

/** Tells whether `e` is any error thrown by @visma-auth/core. */
export function isVismaAuthError(e: unknown): e is VismaAuthError {
  return e instanceof VismaAuthError;
}

/** Passes a {@link VismaAuthError} through and wraps anything else, so callers see one error type. */
export function toAuthError(error: unknown): VismaAuthError {
  if (error instanceof VismaAuthError) return error;
  return new VismaAuthError('Unexpected failure while getting a Visma access token.', {
    code: 'ERR_VISMA_INTERNAL',
    retryable: false,
    cause: error,
  });
}

/** Whether an HTTP status is worth retrying (429 and 5xx). */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * A hint for an API that answers 401 although the token is valid; adapters add it to their errors.
 * @see https://docs.vismasoftware.no/vismanetapi/how-tos/fix401error
 */
export const WRONG_TENANT_HINT =
  'The API rejected a freshly issued token: this usually means a wrong tenantId (e.g. the customer tenant instead of the company tenant) or an app not granted for that tenant.';

/** The OAuth `error` code as RFC 6749 allows it (short, printable ASCII), or a stand-in. */
function safeErrorCode(error: string): string {
  return /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(error) ? error : 'an OAuth error';
}

function oauthHint(error: string, description: string | undefined): string | undefined {
  const text = `${error} ${description ?? ''}`.toLowerCase();
  if (error === 'invalid_tenant' || text.includes('not entitled') || text.includes('tenant')) {
    return "Ask the tenant's administrator to grant the application access to this tenant in Visma (granting can take several minutes to apply), and check that tenantId is the company tenant. Note that a 401 from an API despite a valid token often means a wrong tenant id.";
  }
  switch (error) {
    case 'invalid_client':
      return 'Check clientId and clientSecret (or the private key) in the Visma Developer Portal; secrets are shown only once, so create a new one if in doubt. Portal changes take a minute or two to apply.';
    case 'invalid_scope':
      return 'Check that every requested scope is enabled for this application in the Visma Developer Portal and spelled exactly (e.g. vismanet_erp_service_api:read).';
    case 'unauthorized_client':
      return 'The application may not use the client_credentials grant; check its type (service application) in the Visma Developer Portal.';
    case 'unsupported_grant_type':
      return 'The application is not a service application; client_credentials needs one.';
    case 'invalid_request':
      return 'The request was malformed; check authMethod and that scopes are set.';
    default:
      return undefined;
  }
}
