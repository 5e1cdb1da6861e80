import { Inject, Injectable, Optional } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import * as terminus from '@nestjs/terminus';
import { isVismaAuthError, type TokenRequest, VismaConfigError } from '@visma-auth/core';
import { registrationName } from './injection-tokens.js';
import { VISMA_AUTH_REGISTRY, type VismaAuthRegistry } from './visma-auth-registry.js';
import type { VismaTokenService } from './visma-token.service.js';

/** Options of {@link VismaHealthIndicator.isHealthy}. */
export interface VismaHealthCheckOptions extends Pick<TokenRequest, 'tenantId' | 'scopes'> {
  /** The registration to check; the unnamed one by default. */
  name?: string;
}

/**
 * Terminus 11 and later count a returned `down` result as a failure; terminus 10 only counts a
 * thrown error marked `isHealthCheckError` (terminus 12 no longer has that class).
 */
const returnsDown = hasExport(terminus, 'HealthIndicatorService');

/**
 * A `@nestjs/terminus` health indicator: `up` when a Visma token can be had (a cache hit while the
 * token is fresh, so probes cause no token requests), `down` with the error code otherwise, never
 * the token; it checks the registration's own tenant, never one a request header names.
 * @example
 * ```ts
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.visma.isHealthy('visma')]); }
 * ```
 */
@Injectable()
export class VismaHealthIndicator {
  readonly #registry: VismaAuthRegistry;

  constructor(@Optional() @Inject(VISMA_AUTH_REGISTRY) registry?: VismaAuthRegistry) {
    if (registry === undefined) {
      throw new VismaConfigError(
        'VismaHealthIndicator',
        'found no VismaAuthModule registration; register one with VismaAuthModule.forRoot/forRootAsync',
      );
    }
    this.#registry = registry;
  }

  /**
   * Checks that a token can be had for the registration's own tenant and scopes, or for the ones
   * `options` names. `resolveTenant` is not consulted: a probe's request headers must not choose
   * which tenant is checked (that would let anyone ask Visma which tenants granted the app).
   * @returns `{ [key]: { status: 'up', tenantId, expiresAt } }` or, on terminus 11+, `{ [key]: { status: 'down', code } }`.
   * @throws on terminus 10 only: a health check error carrying the `down` result.
   */
  async isHealthy(
    key = 'visma',
    options: VismaHealthCheckOptions = {},
  ): Promise<HealthIndicatorResult> {
    const { name, ...request } = options;
    try {
      const tokens = this.#registry.tokenService(registrationName(name));
      // The provider's defaults are the registration's own tenant and scopes; the service would
      // fill in the tenant of the current request.
      const source: Pick<VismaTokenService, 'getToken'> = tokens.provider ?? tokens;
      const token = await source.getToken(
        request.tenantId === undefined && request.scopes === undefined ? undefined : request,
      );
      return {
        [key]: {
          status: 'up',
          ...(token.tenantId === undefined ? {} : { tenantId: token.tenantId }),
          expiresAt: new Date(token.expiresAt).toISOString(),
        },
      };
    } catch (error) {
      // The code only: messages carry Visma's description, which names the client id, and a
      // health endpoint is often public. The provider logs the whole error.
      const down: HealthIndicatorResult = {
        [key]: { status: 'down', code: isVismaAuthError(error) ? error.code : 'ERR_UNKNOWN' },
      };
      if (returnsDown) return down;
      throw Object.assign(new Error(`${key} is not healthy`), {
        isHealthCheckError: true,
        causes: down,
      });
    }
  }
}

/** Whether a module namespace (or, for CommonJS seen from ESM, its `default`) has `name`. */
function hasExport(namespace: object, name: string): boolean {
  if (name in namespace) return true;
  const fallback = (namespace as { default?: unknown }).default;
  return typeof fallback === 'object' && fallback !== null && name in fallback;
}
