/**
 * The tenant a server request acts for, as a framework integration reads it from its `tenant`
 * option: checked before any token request, so a bad value never reaches the token endpoint,
 * a cache key or a log line, and a failure never falls back to another tenant.
 */
import { hasControlCharacter } from './control-characters.js';
import { VismaConfigError } from './errors.js';

/**
 * A request named no tenant it may act for: the `tenant` function threw or returned something
 * other than a clean string. `code` stays `ERR_VISMA_CONFIG`; the integrations' error handlers
 * answer it 400. Like every error here it carries no `status`/`statusCode`, so a framework's
 * default handler answers 500 rather than trusting a status on an error.
 */
export class VismaTenantError extends VismaConfigError {
  static {
    // Its literal name, whatever a bundler or minifier renames the class to (as core's others).
    Object.defineProperty(VismaTenantError, 'name', {
      value: 'VismaTenantError',
      configurable: true,
    });
  }

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
  if (hasControlCharacter(value)) {
    throw new VismaTenantError(
      'the tenant id contains a line break or another control character; no token is requested for it.',
    );
  }
  return value;
}
