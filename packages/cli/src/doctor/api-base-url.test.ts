import { describe, expect, it } from 'vitest';
import { checkApiBaseUrl } from './api-base-url.js';

describe('checkApiBaseUrl', () => {
  it('warns about the retired ERP host and names the same call on the new base URL', () => {
    const check = checkApiBaseUrl(
      'https://integration.visma.net/API/controller/api/v1/customer?pageSize=1',
    );
    expect(check).toMatchObject({ id: 'api-base-url', status: 'warn' });
    expect(check?.detail).toContain('integration.visma.net');
    expect(check?.hint).toContain('https://api.finance.visma.net/v1/customer?pageSize=1');
  });

  it('says nothing about the new base URL or any other API', () => {
    expect(checkApiBaseUrl('https://api.finance.visma.net/v1/customer')).toBeUndefined();
    expect(checkApiBaseUrl('http://127.0.0.1:8080/v1/customer')).toBeUndefined();
    expect(checkApiBaseUrl('https://business.visma.net/api/graphql-service')).toBeUndefined();
  });
});
