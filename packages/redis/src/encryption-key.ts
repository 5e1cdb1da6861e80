import { hkdfSync, KeyObject } from 'node:crypto';
import { VismaConfigError } from '@visma-auth/core';

/** A 256-bit key: 32 raw bytes, a secret `KeyObject`, or a base64 / hex string of 32 bytes. */
export type EncryptionKeyInput = Uint8Array | KeyObject | string;

/** The subkeys derived from the user's key, one per purpose so no key does two jobs. */
export interface DerivedKeys {
  /** AES-256-GCM key for entries. */
  readonly entryKey: Buffer;
  /** HMAC-SHA256 key for token fingerprints and Redis key names. */
  readonly macKey: Buffer;
}

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}={0,1}$/;

/**
 * Validates the `encryptionKey` option and derives the entry and fingerprint keys with HKDF.
 * @throws VismaConfigError naming `encryptionKey` (never showing it) when it is not 32 bytes.
 */
export function deriveKeys(input: EncryptionKeyInput): DerivedKeys {
  const raw = toRawKey(input);
  try {
    return {
      entryKey: hkdf(raw, 'visma-auth/redis entry v1'),
      macKey: hkdf(raw, 'visma-auth/redis fingerprint v1'),
    };
  } finally {
    raw.fill(0);
  }
}

function hkdf(raw: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), info, KEY_BYTES));
}

function toRawKey(input: EncryptionKeyInput): Buffer {
  if (input instanceof KeyObject) {
    if (input.type !== 'secret' || input.symmetricKeySize !== KEY_BYTES) {
      throw invalidKey('a KeyObject must be a 32-byte secret key');
    }
    return input.export();
  }
  if (input instanceof Uint8Array) {
    if (input.byteLength !== KEY_BYTES) {
      throw invalidKey(`got ${input.byteLength} bytes, need exactly 32`);
    }
    return Buffer.from(input);
  }
  if (typeof input === 'string') {
    const text = input.trim();
    if (HEX_KEY.test(text)) return Buffer.from(text, 'hex');
    if (BASE64_KEY.test(text)) {
      const bytes = Buffer.from(
        text,
        text.includes('-') || text.includes('_') ? 'base64url' : 'base64',
      );
      if (bytes.byteLength === KEY_BYTES) return bytes;
    }
    throw invalidKey(
      'a string key must be 32 bytes encoded as base64 (44 characters) or hex (64 characters)',
    );
  }
  throw invalidKey('expected a Buffer, a secret KeyObject or a base64/hex string');
}

function invalidKey(detail: string): VismaConfigError {
  return new VismaConfigError(
    'encryptionKey',
    `${detail}. Generate one with \`openssl rand -base64 32\` and keep it in your secret store.`,
  );
}
