import { createSecretKey, randomBytes } from 'node:crypto';
import { VismaConfigError } from '@visma-auth/core';
import { describe, expect, it } from 'vitest';
import { deriveKeys } from './encryption-key.js';

const raw = randomBytes(32);

describe('deriveKeys', () => {
  it('accepts the same 32 bytes as Buffer, hex, base64, base64url and KeyObject', () => {
    const expected = deriveKeys(raw);
    for (const input of [
      raw.toString('hex'),
      raw.toString('base64'),
      raw.toString('base64url'),
      ` ${raw.toString('base64')}\n`,
      new Uint8Array(raw),
      createSecretKey(raw),
    ]) {
      const keys = deriveKeys(input);
      expect(keys.entryKey.equals(expected.entryKey)).toBe(true);
      expect(keys.macKey.equals(expected.macKey)).toBe(true);
    }
  });

  it('derives distinct subkeys that differ from the key itself', () => {
    const { entryKey, macKey } = deriveKeys(raw);
    expect(entryKey.equals(macKey)).toBe(false);
    expect(entryKey.equals(raw)).toBe(false);
    expect(entryKey.byteLength).toBe(32);
  });

  it('does not clear the caller’s buffer', () => {
    const copy = Buffer.from(raw);
    deriveKeys(copy);
    expect(copy.equals(raw)).toBe(true);
  });

  it.each([
    ['16 bytes', randomBytes(16)],
    ['33 bytes', randomBytes(33)],
    ['short hex', randomBytes(16).toString('hex')],
    ['24-byte base64', randomBytes(24).toString('base64')],
    ['a passphrase', 'correct horse battery staple'],
    ['empty', ''],
    ['a number', 42],
    ['a 16-byte KeyObject', createSecretKey(randomBytes(16))],
  ])('rejects %s with a config error that names the option but not the key', (_, input) => {
    let error: unknown;
    try {
      deriveKeys(input as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VismaConfigError);
    expect((error as VismaConfigError).option).toBe('encryptionKey');
    if (typeof input === 'string' && input.length > 0) {
      expect((error as Error).message).not.toContain(input);
    }
  });
});
