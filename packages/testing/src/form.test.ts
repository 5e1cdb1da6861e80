import { describe, expect, it } from 'vitest';
import { isFormContentType, parseForm } from './form.js';
import { OAuthError } from './oauth-error.js';

describe('parseForm', () => {
  it('decodes + and percent escapes and drops empty values', () => {
    const form = parseForm('scope=a%3Aread+b%3Awrite&tenant_id=&client_id=x&&flag');
    expect([...form]).toEqual([
      ['scope', 'a:read b:write'],
      ['client_id', 'x'],
    ]);
  });

  it('rejects a duplicated parameter and a bad escape as invalid_request', () => {
    expect(() => parseForm('scope=a&scope=b')).toThrow(OAuthError);
    expect(() => parseForm('scope=a&scope=b')).toThrow(/scope parameter was given more than once/);
    expect(() => parseForm('scope=%ZZ')).toThrow(/form-urlencoded/);
  });
});

describe('isFormContentType', () => {
  it('accepts parameters and any case, nothing else', () => {
    expect(isFormContentType('Application/X-WWW-Form-Urlencoded; charset=UTF-8')).toBe(true);
    expect(isFormContentType('application/json')).toBe(false);
    expect(isFormContentType(undefined)).toBe(false);
  });
});
