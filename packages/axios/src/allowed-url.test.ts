import { describe, expect, it } from 'vitest';
import { createAllowedUrl } from './allowed-url.js';

describe('createAllowedUrl', () => {
  it('answers with the URL for an allowed origin and checks a repeated request once', () => {
    const checked: string[] = [];
    const allowedUrl = createAllowedUrl((url) => {
      checked.push(url);
      return url.startsWith('https://api.example.com/');
    });
    const config = { baseURL: 'https://api.example.com', url: '/v1/a' };
    expect(allowedUrl(config)).toBe('https://api.example.com/v1/a');
    expect(allowedUrl({ ...config })).toBe('https://api.example.com/v1/a');
    expect(checked).toEqual(['https://api.example.com/v1/a']);
  });

  it('checks again when the base URL, the URL or allowAbsoluteUrls change', () => {
    const allowedUrl = createAllowedUrl((url) => url.startsWith('https://api.example.com/'));
    const baseURL = 'https://api.example.com';
    expect(allowedUrl({ baseURL, url: 'https://evil.example.com/x' })).toBeUndefined();
    expect(
      allowedUrl({ baseURL, url: 'https://evil.example.com/x', allowAbsoluteUrls: false }),
    ).toBe('https://api.example.com/https://evil.example.com/x');
    expect(allowedUrl({ baseURL: 'https://evil.example.com', url: '/x' })).toBeUndefined();
    expect(allowedUrl({ baseURL, url: '/x' })).toBe('https://api.example.com/x');
  });
});
