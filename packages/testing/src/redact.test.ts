import { describe, expect, it } from 'vitest';
import { redactBody, redactHeaders } from './redact.js';

describe('redactHeaders', () => {
  it('keeps only the scheme of the Authorization header', () => {
    expect(redactHeaders({ authorization: 'Basic abc', accept: '*/*' })).toEqual({
      authorization: 'Basic [redacted]',
      accept: '*/*',
    });
  });
});

describe('redactBody', () => {
  it('redacts secret fields in form and JSON bodies', () => {
    expect(redactBody('client_id=a&client_secret=s%2B1&client_assertion=e.y.j')).toBe(
      'client_id=a&client_secret=[redacted]&client_assertion=[redacted]',
    );
    expect(redactBody('{"client_secret": "abc", "x": 1}')).toBe(
      '{"client_secret": "[redacted]", "x": 1}',
    );
  });

  it('scrubs known secrets anywhere, in raw and encoded form', () => {
    expect(redactBody('junk a+b/c junk a%2Bb%2Fc', ['a+b/c'])).toBe(
      'junk [redacted] junk [redacted]',
    );
  });
});
