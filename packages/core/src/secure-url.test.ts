import { describe, expect, it } from 'vitest';
import { isAllowedUrl, isLoopbackHost } from './secure-url.js';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.255.0.9', '[::1]'])(
    '%s is loopback',
    (h) => {
      expect(isLoopbackHost(h)).toBe(true);
    },
  );

  // Node resolves *.localhost through DNS like any other name, so it may point anywhere.
  it.each([
    'api.localhost',
    'evil.example.localhost',
    'localhost.example.com',
    '127.0.0.1.nip.io',
    '128.0.0.1',
    '[::2]',
  ])('%s is not loopback', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });

  it('allows plain http only to loopback hosts', () => {
    expect(isAllowedUrl(new URL('http://localhost:8080/connect/token'))).toBe(true);
    expect(isAllowedUrl(new URL('http://api.localhost:8080/connect/token'))).toBe(false);
    expect(isAllowedUrl(new URL('https://api.localhost/connect/token'))).toBe(true);
  });
});
