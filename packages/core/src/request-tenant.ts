/**
 * The tenant a server request acts for, as a framework integration reads it from its `tenant`
 * option: checked before any token request, so a bad value never reaches the token endpoint,
 * a cache key or a log line, and a failure never falls back to another tenant.
 */
import { VismaConfigError } from './errors.js';

// Tenant ids end up in cache keys and log records: no line breaks or other control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A request named no tenant it may act for: the `tenant` function threw or returned something
 * other than a clean string. `statusCode` 400 makes a framework's default error handler answer
 * 400; `code` stays `ERR_VISMA_CONFIG`.
 */
export class VismaTenantError extends VismaConfigError {
  /** HTTP status for the caller's request: the request, not an upstream, is at fault. */
  readonly statusCode = 400;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('tenant', message, options);
  }
}

/**
 * Calls the integration's `tenant` function for one request and checks its answer: a non-empty
 * string without control characters, or `undefined` for the provider's default tenant.
 *
 * @param tenantOf - Reads the tenant from the request; may be `undefined` (no per-request tenant).
 * @throws VismaTenantError when `tenantOf` throws or returns anything else; the value is never echoed.
 * @example
 * ```ts
 * const tenantId = requestTenantOf(() => options.tenant?.(req));
 * ```
 */
export function requestTenantOf(tenantOf: (() => unknown) | undefined): string | undefined {
  if (tenantOf === undefined) return undefined;
  let value: unknown;
  try {
    value = tenantOf();
  } catch (cause) {
    throw new VismaTenantError(
      'the tenant function threw for this request; it must return the tenant id as a string, or undefined for the default tenant.',
      { cause },
    );
  }
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    const what = value instanceof Promise ? 'a Promise (it must be synchronous)' : typeof value;
    throw new VismaTenantError(
      `the tenant function returned ${what}; return the tenant id as a string, or undefined for the default tenant.`,
    );
  }
  if (value.trim() === '') {
    throw new VismaTenantError('the tenant function returned an empty tenant id.');
  }
  if (CONTROL.test(value)) {
    throw new VismaTenantError(
      'the tenant id contains a line break or another control character; no token is requested for it.',
    );
  }
  return value;
}
