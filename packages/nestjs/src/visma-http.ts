import { HttpService } from '@nestjs/axios';
import {
  detachVismaAuth,
  type VismaAxiosOptions,
  type VismaTokenSource,
  withVismaAuth,
} from '@visma-auth/axios';
import { VismaConfigError } from '@visma-auth/core';
import axios, { type AxiosInstance } from 'axios';
import type { VismaHttpOptions } from './visma-auth-options.js';

// axios ships separate CommonJS and ESM typings; this CommonJS build sees the former while
// @nestjs/axios 12 (ESM) sees the latter. Both describe the same instance shape.
type NestAxios = HttpService['axiosRef'];

/** An `HttpService` with Visma interceptors, and the function that takes them off again. */
export interface VismaHttp {
  http: HttpService;
  detach(): void;
}

/**
 * Creates an `HttpService` on a fresh axios instance carrying the `@visma-auth/axios` interceptors.
 * @throws {VismaConfigError} naming the bad `http.*` option.
 */
export function createVismaHttp(tokens: VismaTokenSource, options: VismaHttpOptions): VismaHttp {
  if (typeof options !== 'object' || options === null) {
    throw new VismaConfigError('http', 'must be an object of axios defaults such as { baseURL }');
  }
  const { allowedOrigins, retryOnUnauthorized, scopes, ...axiosDefaults } = options;
  const instance = axios.create(axiosDefaults);
  let detach: () => void;
  try {
    detach = attachVismaAuth(instance, tokens, { allowedOrigins, retryOnUnauthorized, scopes });
  } catch (error) {
    throw underHttp(error);
  }
  return { http: new HttpService(instance as unknown as NestAxios), detach };
}

/**
 * Adds the Visma interceptors to an existing `HttpService` (e.g. from your own `HttpModule`) or
 * axios instance; the token goes only to its `baseURL` origin unless `allowedOrigins` says more.
 * @returns a function that removes the interceptors again.
 * @throws {VismaConfigError} when the instance has no `baseURL` and no `allowedOrigins` are given.
 * @example
 * ```ts
 * @Injectable()
 * export class ErpClient {
 *   constructor(readonly http: HttpService, visma: VismaTokenService) {
 *     attachVismaAuth(http, visma);
 *   }
 * }
 * ```
 */
export function attachVismaAuth(
  target: Pick<HttpService, 'axiosRef'> | AxiosInstance,
  tokens: VismaTokenSource,
  options?: VismaAxiosOptions,
): () => void {
  // Duck-typed so an HttpService from another copy of @nestjs/axios works too.
  const instance = ('axiosRef' in target ? target.axiosRef : target) as unknown as AxiosInstance;
  withVismaAuth(instance, tokens, withoutUndefined(options));
  return () => {
    detachVismaAuth(instance);
  };
}

/** Renames an interceptor option error to the module option users actually wrote (`http.*`). */
function underHttp(error: unknown): unknown {
  if (!(error instanceof VismaConfigError)) return error;
  const reason = error.message.replace(/^Invalid option `[^`]*`: /, '');
  return new VismaConfigError(`http.${error.option}`, reason, { cause: error });
}

function withoutUndefined<T extends object>(options: T | undefined): T | undefined {
  if (options === undefined) return undefined;
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}
