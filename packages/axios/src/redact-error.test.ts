import { describe, expect, it } from 'vitest';
import { REDACTED_AUTHORIZATION, redactToken } from './redact-error.js';

describe('redactToken', () => {
  it('replaces the token in config headers, the request head and follow-redirects options', () => {
    const outHeaders = Symbol('kOutHeaders');
    const request = {
      _header: 'GET / HTTP/1.1\r\nAuthorization: Bearer tok\r\n\r\n',
      [outHeaders]: { authorization: ['Authorization', 'Bearer tok'] },
      _redirectable: { _options: { headers: { Authorization: 'Bearer tok', Accept: 'x' } } },
    };
    const error = {
      config: { headers: { Authorization: 'Bearer tok', 'X-Other': 'keep' } },
      request,
      response: { config: { headers: { authorization: 'Bearer tok' } }, request },
    };
    redactToken(error, 'tok');
    expect(JSON.stringify(error)).not.toContain('tok');
    expect(request[outHeaders].authorization[1]).not.toContain('tok');
    expect(error.config.headers).toEqual({
      Authorization: REDACTED_AUTHORIZATION,
      'X-Other': 'keep',
    });
    expect(error.response.config.headers.authorization).toBe(REDACTED_AUTHORIZATION);
    expect(request._redirectable._options.headers.Accept).toBe('x');
  });

  it("leaves other values, a fetch Request's other headers and non-objects alone", () => {
    const request = new Request('http://127.0.0.1/', {
      headers: { authorization: 'Basic caller', accept: 'x' },
    });
    const error = { config: { headers: { Authorization: 'Basic caller' } }, request };
    redactToken(error, 'tok');
    expect(error.config.headers.Authorization).toBe('Basic caller');
    expect(request.headers.get('authorization')).toBe('Basic caller');
    expect(() => redactToken(undefined, 'tok')).not.toThrow();
    expect(() => redactToken('text', 'tok')).not.toThrow();
  });
});
