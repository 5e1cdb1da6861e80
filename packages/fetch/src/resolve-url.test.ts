import { describe, expect, it } from 'vitest';
import { resolveUrl } from './resolve-url.js';

describe('resolveUrl', () => {
  const base = 'https://api.example.com/api/';

  it('joins relative paths under the base path', () => {
    expect(resolveUrl('/v1/customer', base)).toBe('https://api.example.com/api/v1/customer');
    expect(resolveUrl('v1/customer', 'https://api.example.com/api')).toBe(
      'https://api.example.com/api/v1/customer',
    );
    expect(resolveUrl('?page=2', base)).toBe('https://api.example.com/api?page=2');
    expect(resolveUrl('', base)).toBe(base);
  });

  it('leaves absolute URLs alone', () => {
    expect(resolveUrl('https://other.example.com/x', base)).toBe('https://other.example.com/x');
    expect(resolveUrl('HTTP://other.example.com/x', base)).toBe('HTTP://other.example.com/x');
  });

  it('resolves protocol-relative inputs to their own host', () => {
    expect(resolveUrl('//evil.example.com/x', base)).toBe('https://evil.example.com/x');
  });

  it('returns the input unchanged without a base URL', () => {
    expect(resolveUrl('/v1/customer', undefined)).toBe('/v1/customer');
  });
});
