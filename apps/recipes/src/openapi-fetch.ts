// src/openapi-fetch.ts
import type { VismaTokenSource } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import createClient from 'openapi-fetch';
import type { paths } from './erp-api.js';

/** A typed openapi-fetch client for the Visma.net ERP API whose requests carry the token. */
export function createErpClient(
  provider: VismaTokenSource,
  baseUrl = 'https://api.finance.visma.net',
) {
  return createClient<paths>({ baseUrl, fetch: createVismaFetch(provider, { baseUrl }) });
}

// const { data } = await createErpClient(provider).GET('/v1/customer', { params: { query: { pageSize: 10 } } });
