import { describe, expect, it } from 'vitest';
import { VismaConfigError } from './errors.js';
import { createOriginAllowlist } from './origin-allowlist.js';

describe('createOriginAllowlist', () => {
  it("allows only the base URL's origin by default", () => {
    const allowed = createOriginAllowlist({ baseUrl: 'https://api.example.com/v1' });
    expect(allowed('https://api.example.com/v2/x')).toBe(true);
    expect(allowed('https://API.example.com:443/x')).toBe(true);
    expect(allowed('http://api.example.com/x')).toBe(false);
    expect(allowed('https://api.example.com:8443/x')).toBe(false);
    expect(allowed('https://api.example.com.evil.test/x')).toBe(false);
    expect(allowed('https://api.example.com@evil.test/x')).toBe(false);
    expect(allowed('not a url')).toBe(false);
  });

  it('adds explicit origins to the base URL origin', () => {
    const allowed = createOriginAllowlist({
      baseUrl: 'https://api.example.com',
      allowedOrigins: ['https://other.example.com/', 'http://127.0.0.1:8080'],
    });
    expect(allowed('https://api.example.com/x')).toBe(true);
    expect(allowed('https://other.example.com/x')).toBe(true);
    expect(allowed('http://127.0.0.1:8080/x')).toBe(true);
    expect(allowed('http://127.0.0.1:8081/x')).toBe(false);
  });

  it("allows every origin only with allowedOrigins: '*', still never http over a network", () => {
    const allowed = createOriginAllowlist({ allowedOrigins: '*' });
    expect(allowed('https://anything.example.com/')).toBe(true);
    expect(allowed('http://localhost:3000/')).toBe(true);
    expect(allowed('http://anything.example.com/')).toBe(false);
  });

  it('judges a URL that starts with an allowed origin as parsing it would', () => {
    const origins = ['https://api.example.com', 'http://127.0.0.1:8080', 'http://[::1]:3000'];
    const allowed = createOriginAllowlist({ allowedOrigins: origins });
    const byParsing = (url: string) => {
      try {
        return origins.includes(new URL(url).origin);
      } catch {
        return false;
      }
    };
    const urls = [
      'https://api.example.com',
      'https://api.example.com/',
      'https://api.example.com?q=1',
      'https://api.example.com#x',
      'https://api.example.com/v1/x?y=https://evil.test/',
      'https://api.example.com@evil.test/',
      'https://api.example.com:@evil.test/',
      'https://api.example.com\\@evil.test/',
      'https://api.example.com\\evil.test/',
      'https://api.example.com.evil.test/',
      'https://api.example.com:443/',
      'https://api.example.com:444/',
      'https://api.example.co\tm/',
      ' https://api.example.com/',
      'https://api.example.com /',
      'HTTPS://api.example.com/',
      'http://127.0.0.1:8080',
      'http://127.0.0.1:8080/x',
      'http://127.0.0.1:80800/x',
      'http://127.0.0.1:8080@evil.test/',
      'http://[::1]:3000/x',
      'http://[::1]:30000/x',
    ];
    for (const url of urls) expect([url, allowed(url)]).toEqual([url, byParsing(url)]);
  });

  it('refuses to guess when neither option is given', () => {
    expect(() => createOriginAllowlist({})).toThrow(VismaConfigError);
    expect(() => createOriginAllowlist({ baseUrlOption: 'baseURL' })).toThrow(/baseURL/);
  });

  it.each([
    [[]],
    [['https://api.example.com/v1']],
    [['https://api.example.com?x=1']],
    [['api.example.com']],
    [['ftp://api.example.com']],
    [['http://api.example.com']],
    [['*']],
  ])('rejects allowedOrigins %j naming the option', (allowedOrigins) => {
    expect(() => createOriginAllowlist({ allowedOrigins })).toThrow(
      expect.objectContaining({ name: 'VismaConfigError', option: 'allowedOrigins' }),
    );
    expect(() =>
      createOriginAllowlist({ allowedOrigins, allowedOriginsOption: 'origins' }),
    ).toThrow(expect.objectContaining({ name: 'VismaConfigError', option: 'origins' }));
  });

  it('never echoes credentials or query strings from a bad entry', () => {
    let message = '';
    try {
      createOriginAllowlist({ allowedOrigins: ['https://user:s3cret@api.example.com'] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('credentials');
    expect(message).not.toContain('s3cret');
    try {
      createOriginAllowlist({ allowedOrigins: ['https://api.example.com/?key=s3cret'] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain('s3cret');
  });

  it('rejects a base URL that is not absolute http(s)', () => {
    expect(() => createOriginAllowlist({ baseUrl: '/v1' })).toThrow(
      expect.objectContaining({ option: 'baseUrl' }),
    );
    expect(() =>
      createOriginAllowlist({ baseUrl: 'file:///etc', baseUrlOption: 'baseURL' }),
    ).toThrow(expect.objectContaining({ option: 'baseURL' }));
  });
});
