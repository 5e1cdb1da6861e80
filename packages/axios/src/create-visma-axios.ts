import type { VismaTokenSource } from '@visma-auth/core';
import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';
import type { VismaAxiosOptions } from './types.js';
import { withVismaAuth } from './with-visma-auth.js';

/**
 * Creates an axios instance with {@link withVismaAuth} already applied.
 *
 * @param provider - A `VismaTokenProvider` from `@visma-auth/core`, or anything with its `getToken` and `invalidate`.
 * @param config - Passed to `axios.create`; its `baseURL` origin receives the token.
 * @param options - Extra allowed origins and defaults for every request.
 * @example
 * ```ts
 * const api = createVismaAxios(provider, { baseURL: 'https://api.finance.visma.net' });
 * const { data } = await api.get('/v1/customer');
 * ```
 */
export function createVismaAxios(
  provider: VismaTokenSource,
  config?: CreateAxiosDefaults,
  options?: VismaAxiosOptions,
): AxiosInstance {
  return withVismaAuth(axios.create(config), provider, options);
}
