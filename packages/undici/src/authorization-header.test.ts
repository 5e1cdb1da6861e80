import { describe, expect, it } from 'vitest';
import { hasAuthorization, withAuthorization } from './authorization-header.js';

describe('hasAuthorization', () => {
  it('finds the header in every shape undici takes, in any casing', () => {
    expect(hasAuthorization({ AUTHORIZATION: 'Basic x' })).toBe(true);
    expect(hasAuthorization(['accept', '*/*', 'Authorization', 'Basic x'])).toBe(true);
    expect(hasAuthorization([['authorization', 'Basic x']] as never)).toBe(true);
    expect(hasAuthorization(new Map([['Authorization', 'Basic x']]))).toBe(true);
    expect(hasAuthorization([Buffer.from('authorization'), Buffer.from('x')] as never)).toBe(true);
  });

  it('is false when absent, including as a header value', () => {
    expect(hasAuthorization(undefined)).toBe(false);
    expect(hasAuthorization(null)).toBe(false);
    expect(hasAuthorization({ accept: 'authorization' })).toBe(false);
    expect(hasAuthorization(['accept', 'authorization'])).toBe(false);
  });
});

describe('withAuthorization', () => {
  it('adds the header to a copy in the same family of shape', () => {
    const plain = { accept: '*/*' };
    expect(withAuthorization(plain, 'Bearer t')).toEqual({
      accept: '*/*',
      authorization: 'Bearer t',
    });
    expect(plain).toEqual({ accept: '*/*' });
    const flat = ['accept', '*/*'];
    expect(withAuthorization(flat, 'Bearer t')).toEqual([
      'accept',
      '*/*',
      'authorization',
      'Bearer t',
    ]);
    expect(flat).toHaveLength(2);
    expect(withAuthorization([['accept', '*/*']] as never, 'Bearer t')).toEqual([
      'accept',
      '*/*',
      'authorization',
      'Bearer t',
    ]);
    expect(withAuthorization(new Map([['accept', '*/*']]), 'Bearer t')).toEqual([
      'accept',
      '*/*',
      'authorization',
      'Bearer t',
    ]);
    expect(withAuthorization(undefined, 'Bearer t')).toEqual({ authorization: 'Bearer t' });
  });
});
