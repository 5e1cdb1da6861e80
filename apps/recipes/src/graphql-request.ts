// src/graphql-request.ts
import type { VismaTokenSource } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import { GraphQLClient } from 'graphql-request';

/** A graphql-request client for Business NXT's service GraphQL API whose requests carry the token. */
export function createBusinessNxtClient(
  provider: VismaTokenSource,
  endpoint = 'https://business.visma.net/api/graphql-service',
) {
  return new GraphQLClient(endpoint, { fetch: createVismaFetch(provider, { baseUrl: endpoint }) });
}

export const CUSTOMERS = /* GraphQL */ `
  query Customers($companyNo: Int!) {
    useCompany(no: $companyNo) {
      customer(first: 10) { items { customerNo name } }
    }
  }
`;

// const data = await createBusinessNxtClient(provider).request(CUSTOMERS, { companyNo: 1234 });
