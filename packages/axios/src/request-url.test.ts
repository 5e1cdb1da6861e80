import { describe, expect, it } from 'vitest';
import { requestUrl } from './request-url.js';

describe('requestUrl', () => {
  it('joins relative URLs to baseURL like axios', () => {
    expect(requestUrl({ baseURL: 'https://api.example.com/v1/', url: '/customer' })).toBe(
      'https://api.example.com/v1/customer',
    );
    expect(requestUrl({ baseURL: 'https://api.example.com', url: 'customer' })).toBe(
      'https://api.example.com/customer',
    );
    expect(requestUrl({ baseURL: 'https://api.example.com' })).toBe('https://api.example.com');
  });

  it('keeps absolute and protocol-relative URLs unless allowAbsoluteUrls is false', () => {
    expect(requestUrl({ baseURL: 'https://api.example.com', url: 'https://other.test/x' })).toBe(
      'https://other.test/x',
    );
    expect(requestUrl({ baseURL: 'https://api.example.com', url: '//other.test/x' })).toBe(
      '//other.test/x',
    );
    expect(
      requestUrl({
        baseURL: 'https://api.example.com',
        url: 'https://other.test/x',
        allowAbsoluteUrls: false,
      }),
    ).toBe('https://api.example.com/https://other.test/x');
  });
});
