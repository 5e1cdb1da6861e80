import { describe, expect, it } from 'vitest';
import { createAllowedOrigin } from './allowed-origin.js';
import { createOriginAllowlist } from './origin-allowlist.js';

describe('createAllowedOrigin', () => {
  it('answers with the origin and asks the allowlist once while the origin repeats', () => {
    const asked: string[] = [];
    const isAllowed = createOriginAllowlist({ baseUrl: 'https://api.example.com' });
    const allowedOrigin = createAllowedOrigin((url) => {
      asked.push(url);
      return isAllowed(url);
    });
    expect(allowedOrigin('https://api.example.com/v1/a')).toBe('https://api.example.com');
    expect(allowedOrigin('https://api.example.com/v1/b?x=1')).toBe('https://api.example.com');
    expect(allowedOrigin('https://api.example.com')).toBe('https://api.example.com');
    expect(asked).toEqual(['https://api.example.com/v1/a']);
  });

  it('does not let a URL that only starts like the last origin pass', () => {
    const allowedOrigin = createAllowedOrigin(
      createOriginAllowlist({ baseUrl: 'https://api.example.com' }),
    );
    expect(allowedOrigin('https://api.example.com/')).toBe('https://api.example.com');
    for (const url of [
      'https://api.example.com.evil.test/',
      'https://api.example.com:8443/',
      'https://api.example.com@evil.test/',
      'https://api.example.community/',
      'http://api.example.com/',
    ]) {
      expect(allowedOrigin(url)).toBeUndefined();
    }
    expect(allowedOrigin('https://api.example.com:443/x')).toBe('https://api.example.com');
  });

  it('follows the allowlist across origins, and with every origin allowed', () => {
    const two = createAllowedOrigin(
      createOriginAllowlist({ allowedOrigins: ['https://a.example.com', 'https://b.example.com'] }),
    );
    expect(two('https://a.example.com/1')).toBe('https://a.example.com');
    expect(two('https://b.example.com/1')).toBe('https://b.example.com');
    expect(two('https://c.example.com/1')).toBeUndefined();
    expect(two('https://a.example.com/2')).toBe('https://a.example.com');
    const all = createAllowedOrigin(createOriginAllowlist({ allowedOrigins: '*' }));
    expect(all('https://any.example.com/x')).toBe('https://any.example.com');
    expect(all('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
    expect(all('http://any.example.com/x')).toBeUndefined();
  });
});
