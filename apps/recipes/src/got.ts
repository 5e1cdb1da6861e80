// src/got.ts
import type { VismaTokenSource } from '@visma-auth/core';
import { vismaAuthHooks } from '@visma-auth/got';
import got from 'got';

/** A got instance for the Visma.net ERP API: the token on allowed origins, one retry on 401. */
export function createErpGot(
  provider: VismaTokenSource,
  baseUrl = 'https://api.finance.visma.net',
) {
  return got.extend({ prefixUrl: baseUrl, hooks: vismaAuthHooks(provider, { baseUrl }) });
}

// const customers = await createErpGot(provider).get('v1/customer').json();
