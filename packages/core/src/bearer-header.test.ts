import { describe, expect, it } from 'vitest';
import { bearerHeader } from './bearer-header.js';
import type { AccessToken } from './types.js';

const token = (accessToken: string): AccessToken => ({
  accessToken,
  tokenType: 'Bearer',
  expiresAt: Date.now() + 60_000,
  scopes: [],
});

describe('bearerHeader', () => {
  it('is the bearer value of the token, one string per token object', () => {
    const t = token('abc');
    expect(bearerHeader(t)).toBe('Bearer abc');
    expect(bearerHeader(t)).toBe(bearerHeader(t));
    expect(bearerHeader(token('xyz'))).toBe('Bearer xyz');
  });
});
