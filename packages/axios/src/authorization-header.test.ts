import { AxiosHeaders } from 'axios';
import { describe, expect, it } from 'vitest';
import { authorizationKey, setAuthorization } from './authorization-header.js';

describe('authorizationKey and setAuthorization', () => {
  it('finds the header in any casing, and only own keys', () => {
    expect(authorizationKey(new AxiosHeaders({ aUtHoRiZaTiOn: 'x', Accept: '*/*' }))).toBe(
      'aUtHoRiZaTiOn',
    );
    expect(authorizationKey(new AxiosHeaders({ Accept: '*/*' }))).toBeUndefined();
  });

  it('adds the header when there is none, and otherwise sets it as AxiosHeaders#set does', () => {
    const fresh = new AxiosHeaders({ Accept: '*/*' });
    setAuthorization(fresh, 'Bearer a');
    expect(fresh.get('authorization')).toBe('Bearer a');
    expect(fresh.toJSON()).toEqual({ Accept: '*/*', Authorization: 'Bearer a' });

    const lower = new AxiosHeaders({ authorization: 'Bearer old' });
    setAuthorization(lower, 'Bearer b');
    expect(lower.toJSON()).toEqual({ authorization: 'Bearer b' });

    // `false` tells axios not to send the header; `set` keeps that, and so does this.
    const off = new AxiosHeaders();
    off.set('Authorization', false);
    setAuthorization(off, 'Bearer c');
    expect(off.get('authorization')).toBe(false);
  });
});
