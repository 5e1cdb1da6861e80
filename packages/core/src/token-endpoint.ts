import * as oauth from 'oauth4webapi';
import {
  MAX_RESPONSE_BODY_BYTES,
  ResponseTooLargeError,
  readCappedText,
  withCappedBody,
} from './body-limit.js';
import { escapeControlCharacters } from './control-characters.js';
import {
  isRetryableStatus,
  VismaAuthError,
  VismaClosedError,
  VismaConfigError,
  VismaNetworkError,
  VismaOAuthError,
  VismaServerError,
  VismaTimeoutError,
  VismaTokenResponseError,
} from './errors.js';
import type { VismaFetch } from './options.js';
import { sendAsProviderRequest } from './provider-requests.js';
import { parseRetryAfter } from './retry.js';
import { isLoopbackHost } from './secure-url.js';

/** What one attempt needs besides the request parameters. */
export interface AttemptContext {
  fetch: VismaFetch | undefined;
  /** Aborted when the attempt times out. */
  timeoutSignal: AbortSignal;
  timeoutMs: number;
  /** Aborted when the provider closes. */
  closeSignal: AbortSignal;
  /** Aborted on either; passed to fetch. */
  signal: AbortSignal;
  /** Removes secrets from text the server sent back. */
  redact: (text: string) => string;
}

/** A successful token response, reduced to what the provider keeps. */
export interface TokenResponse {
  accessToken: string;
  tokenType: string;
  expiresInSeconds: number;
  scope: string | undefined;
}

/**
 * Sends one `client_credentials` request through oauth4webapi and returns the parsed token,
 * or throws a typed, secret-free {@link VismaAuthError}.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export async function requestToken(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  clientAuth: oauth.ClientAuth,
  parameters: Record<string, string>,
  ctx: AttemptContext,
): Promise<TokenResponse> {
  const url = as.token_endpoint as string;
  const signal = ctx.signal;
  let response: Response;
  try {
    response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, parameters, {
      ...httpOptions(new URL(url), ctx.fetch),
      signal,
    });
  } catch (error) {
    throw transportError(error, url, ctx);
  }

  try {
    if (response.status !== 200) throw await errorFromResponse(response, ctx);
    let json: oauth.TokenEndpointResponse;
    try {
      const capped = await withCappedBody(response, MAX_RESPONSE_BODY_BYTES);
      json = await oauth.processClientCredentialsResponse(as, client, capped);
    } catch (error) {
      throw malformed(error, response);
    }
    if (json.token_type !== 'bearer') {
      throw new VismaTokenResponseError('"token_type" must be "Bearer"', {
        httpStatus: response.status,
      });
    }
    const expiresIn = json.expires_in;
    if (
      typeof expiresIn !== 'number' ||
      !Number.isFinite(expiresIn) ||
      expiresIn <= 0 ||
      expiresIn > MAX_EXPIRES_IN_SECONDS
    ) {
      throw new VismaTokenResponseError(
        `"expires_in" must be a positive number of seconds, at most ${MAX_EXPIRES_IN_SECONDS}`,
        { httpStatus: response.status },
      );
    }
    if (!BEARER_TOKEN.test(json.access_token)) {
      throw new VismaTokenResponseError(
        '"access_token" must be a non-empty string without spaces or control characters',
        { httpStatus: response.status },
      );
    }
    return {
      accessToken: json.access_token,
      tokenType: 'Bearer',
      expiresInSeconds: expiresIn,
      scope: typeof json.scope === 'string' ? json.scope : undefined,
    };
  } catch (error) {
    if (error instanceof VismaAuthError) throw error;
    throw transportError(error, url, ctx);
  }
}

/**
 * One year: Visma issues tokens for at most an hour, and a larger value (say `1e306`) would make
 * a token look valid for ever, so it is a malformed response rather than a lifetime.
 */
const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 60 * 60;

/** Printable ASCII without spaces: anything else would break or smuggle into the Authorization header. */
const BEARER_TOKEN = /^[\x21-\x7e]+$/;

/** oauth4webapi transport options: the custom fetch, and plain http only for loopback hosts. */
export function httpOptions(
  url: URL,
  fetchImpl: VismaFetch | undefined,
): oauth.HttpRequestOptions<'POST' | 'GET', URLSearchParams | undefined> {
  const options: oauth.HttpRequestOptions<'POST' | 'GET', URLSearchParams | undefined> = {};
  // Marked as the provider's own while in flight, so an interceptor on the global dispatcher
  // does not take it for an API call; the global fetch is looked up on every call, as before.
  options[oauth.customFetch] = (input, init) =>
    sendAsProviderRequest(input, () => (fetchImpl ?? globalThis.fetch)(input, init as RequestInit));
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) {
    options[oauth.allowInsecureRequests] = true;
  }
  return options;
}

/** Maps a thrown fetch/body error to a timeout, closed or network error. */
export function transportError(error: unknown, url: string, ctx: AttemptContext): VismaAuthError {
  if (error instanceof VismaAuthError) return error;
  if (ctx.closeSignal.aborted) return new VismaClosedError();
  if (ctx.timeoutSignal.aborted) return new VismaTimeoutError('attempt', ctx.timeoutMs);
  if (
    error instanceof oauth.OperationProcessingError ||
    (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_INVALID'))
  ) {
    return new VismaConfigError(
      'tokenUrl',
      `cannot send a token request to this URL (${(error as Error).message})`,
    );
  }
  return new VismaNetworkError(safeUrl(url), error);
}

async function errorFromResponse(response: Response, ctx: AttemptContext): Promise<VismaAuthError> {
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  let body: unknown;
  try {
    const text = await readCappedText(response, MAX_RESPONSE_BODY_BYTES);
    body = JSON.parse(text);
  } catch (error) {
    if (ctx.timeoutSignal.aborted || ctx.closeSignal.aborted) throw error;
    if (error instanceof ResponseTooLargeError && !isRetryableStatus(response.status)) {
      throw new VismaTokenResponseError(
        `HTTP ${response.status} with ${error.message}; it was not read further`,
        { httpStatus: response.status },
      );
    }
    body = undefined;
  }
  const oauthBody = body as { error?: unknown; error_description?: unknown } | undefined;
  if (oauthBody && typeof oauthBody.error === 'string' && oauthBody.error) {
    const description =
      typeof oauthBody.error_description === 'string'
        ? escapeControlCharacters(ctx.redact(oauthBody.error_description).slice(0, 500))
        : undefined;
    // Both are echoed into messages and log lines: a CR/LF from the server must not start a new one.
    const init: ConstructorParameters<typeof VismaOAuthError>[0] = {
      error: escapeControlCharacters(ctx.redact(oauthBody.error).slice(0, 100)),
      httpStatus: response.status,
    };
    if (description !== undefined) init.errorDescription = description;
    if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
    return new VismaOAuthError(init);
  }
  if (isRetryableStatus(response.status)) {
    return new VismaServerError(
      response.status,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    );
  }
  return new VismaTokenResponseError(
    `unexpected HTTP ${response.status} without an OAuth error body (content-type ${contentType(response)})`,
    { httpStatus: response.status },
  );
}

function malformed(error: unknown, response: Response): VismaAuthError {
  if (error instanceof ResponseTooLargeError) {
    return new VismaTokenResponseError(`${error.message}; it was not read further`, {
      httpStatus: response.status,
    });
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return new VismaTokenResponseError('"token_type" must be "Bearer"', {
      httpStatus: response.status,
    });
  }
  if (error instanceof oauth.OperationProcessingError) {
    // The cause holds the response body, which may contain a token: keep only the message.
    switch (error.code) {
      case oauth.RESPONSE_IS_NOT_JSON:
      case oauth.PARSE_ERROR:
        return new VismaTokenResponseError(
          `the body is not JSON (content-type ${contentType(response)})`,
          { httpStatus: response.status },
        );
      default:
        return new VismaTokenResponseError(error.message.replaceAll('"response" body ', ''), {
          httpStatus: response.status,
        });
    }
  }
  throw error;
}

function contentType(response: Response): string {
  // Header values may carry C1 controls (decoded as latin1): kept off log lines like Visma's text.
  return escapeControlCharacters(
    (response.headers.get('content-type') ?? 'none').split(';')[0]?.trim().slice(0, 60) ?? 'none',
  );
}

/** The URL without query or credentials, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
