import { randomBytes } from 'node:crypto';
import type { CachedToken } from '@visma-auth/core';
import { describe, expect, it } from 'vitest';
import { deriveKeys } from './encryption-key.js';
import { EntryCodec } from './entry-codec.js';

const entry: CachedToken = {
  accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJjbGllbnRfaWQiOiJkZW1vIn0.c2lnbmF0dXJl',
  tokenType: 'Bearer',
  expiresAt: 1_700_003_600_000,
  scopes: ['a:read', 'b:write'],
  tenantId: 'tenant-1',
  receivedAt: 1_700_000_000_000,
  refreshAt: 1_700_003_000_000,
  usableUntil: 1_700_003_540_000,
};

const plain = new EntryCodec(undefined);
const sealed = new EntryCodec(deriveKeys(randomBytes(32)));

function flip(value: string, index: number): string {
  const c = value[index] === 'A' ? 'B' : 'A';
  return value.slice(0, index) + c + value.slice(index + 1);
}

describe('EntryCodec', () => {
  it('round-trips an entry in plain mode', () => {
    expect(plain.decode(plain.encode(entry, 'ctx'), 'ctx')).toEqual(entry);
  });

  it('round-trips an entry without tenant, keeping no undefined fields', () => {
    const { tenantId: _, ...noTenant } = entry;
    const decoded = sealed.decode(sealed.encode(noTenant, 'ctx'), 'ctx');
    expect(decoded).toEqual(noTenant);
    expect(decoded && 'tenantId' in decoded).toBe(false);
  });

  it('encrypts: neither the token nor its claims appear, and each write uses a new IV', () => {
    const a = sealed.encode(entry, 'ctx');
    const b = sealed.encode(entry, 'ctx');
    expect(a).not.toBe(b);
    // 'eyJhbGciOi' starts a JWT; a shorter 'eyJ' can occur in random ciphertext.
    for (const secret of [entry.accessToken, 'eyJhbGciOi', 'tenant-1', 'a:read', 'Bearer']) {
      expect(a).not.toContain(secret);
    }
    expect(sealed.decode(a, 'ctx')).toEqual(entry);
  });

  it('drops stray fields instead of storing them', () => {
    const withExtra = { ...entry, clientSecret: 'must-not-leak' } as CachedToken;
    expect(plain.encode(withExtra, 'ctx')).not.toContain('must-not-leak');
  });

  it('treats tampering anywhere in an encrypted value as a miss', () => {
    const value = sealed.encode(entry, 'ctx');
    for (let i = 3; i < value.length; i += 7) {
      expect(sealed.decode(flip(value, i), 'ctx')).toBeUndefined();
    }
    expect(sealed.decode(value.slice(0, -1), 'ctx')).toBeUndefined();
  });

  it('binds the ciphertext to its key: an entry moved to another key is a miss', () => {
    expect(sealed.decode(sealed.encode(entry, 'tenant-a'), 'tenant-b')).toBeUndefined();
  });

  it('treats another key’s entries as a miss', () => {
    const other = new EntryCodec(deriveKeys(randomBytes(32)));
    expect(other.decode(sealed.encode(entry, 'ctx'), 'ctx')).toBeUndefined();
  });

  it('never accepts a plain entry when a key is configured, nor the reverse', () => {
    expect(sealed.decode(plain.encode(entry, 'ctx'), 'ctx')).toBeUndefined();
    expect(plain.decode(sealed.encode(entry, 'ctx'), 'ctx')).toBeUndefined();
  });

  it('rejects a plain entry whose fingerprint does not match its token', () => {
    const value = plain.encode(entry, 'ctx').replace(entry.accessToken, 'other-token');
    expect(plain.decode(value, 'ctx')).toBeUndefined();
  });

  it.each([
    '',
    'garbage',
    'v1.',
    'v2.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.p.{}',
    `v1.${'a'.repeat(43)}.p.not json`,
    `v1.${'a'.repeat(43)}.p.null`,
    `v1.${'a'.repeat(43)}.p.{"accessToken":1}`,
    `v1.${'a'.repeat(43)}.p.[]`,
    `v1.${'a'.repeat(43)}.e.`,
    `v1.${'a'.repeat(43)}.e.${'A'.repeat(40)}`,
  ])('treats garbage %j as a miss', (value) => {
    expect(plain.decode(value, 'ctx')).toBeUndefined();
    expect(sealed.decode(value, 'ctx')).toBeUndefined();
  });

  it('gives entries of the same token the same match prefix and others a different one', () => {
    expect(sealed.encode(entry, 'x').startsWith(sealed.matchPrefix(entry.accessToken))).toBe(true);
    expect(sealed.matchPrefix('t1')).not.toBe(sealed.matchPrefix('t2'));
    expect(plain.matchPrefix('t1')).not.toBe(sealed.matchPrefix('t1'));
  });
});
