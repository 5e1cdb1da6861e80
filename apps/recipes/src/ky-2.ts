// src/ky-2.ts
import type { VismaTokenSource } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import ky from 'ky';

/** A ky 2 instance for the Visma.net ERP API whose requests carry the token, to that API only. */
export function createErpKy(provider: VismaTokenSource, baseUrl = 'https://api.finance.visma.net') {
  return ky.create({ baseUrl, fetch: createVismaFetch(provider, { baseUrl }) });
}

// const customers = await createErpKy(provider).get('v1/customer').json();
