import { describe, expect, it } from 'vitest';
import { hasAuthorization, withAuthorization } from './authorization-header.js';

describe('hasAuthorization', () => {
  it('finds the header in every HeadersInit shape and casing', () => {
    expect(hasAuthorization({ AUTHORIZATION: 'Basic x' })).toBe(true);
    expect(hasAuthorization([['Authorization', 'Basic x']])).toBe(true);
    expect(hasAuthorization(new Headers({ authorization: 'Basic x' }))).toBe(true);
  });

  it('is false when absent', () => {
    expect(hasAuthorization(undefined)).toBe(false);
    expect(hasAuthorization({ accept: 'application/json' })).toBe(false);
    expect(hasAuthorization([['accept', 'application/json']])).toBe(false);
    expect(hasAuthorization(new Headers())).toBe(false);
  });
});

describe('withAuthorization', () => {
  it('adds the header without touching the caller object', () => {
    const plain = { accept: 'application/json' };
    expect(withAuthorization(plain, 'Bearer t')).toEqual({
      accept: 'application/json',
      authorization: 'Bearer t',
    });
    expect(plain).toEqual({ accept: 'application/json' });

    const headers = new Headers({ accept: 'application/json' });
    const copy = withAuthorization(headers, 'Bearer t') as Headers;
    expect(copy.get('authorization')).toBe('Bearer t');
    expect(copy.get('accept')).toBe('application/json');
    expect(headers.has('authorization')).toBe(false);

    const list: [string, string][] = [['accept', 'application/json']];
    expect(withAuthorization(list, 'Bearer t')).toEqual([
      ['accept', 'application/json'],
      ['authorization', 'Bearer t'],
    ]);
    expect(list).toHaveLength(1);
  });

  it('creates headers when there are none', () => {
    expect(withAuthorization(undefined, 'Bearer t')).toEqual({ authorization: 'Bearer t' });
  });
});
