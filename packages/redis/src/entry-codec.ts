import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import type { CachedToken } from '@visma-auth/core';
import type { DerivedKeys } from './encryption-key.js';

/**
 * Redis value layout: `v1.<fingerprint>.<p|e>.<data>`. The fingerprint (43 base64url chars)
 * comes first so the compare-and-delete script can match an entry to a token without decrypting
 * it; `p` data is JSON, `e` data is base64url(iv | tag | AES-256-GCM ciphertext).
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Turns cache entries into Redis values and back, encrypting them when keys are given. */
export class EntryCodec {
  readonly #keys: DerivedKeys | undefined;

  constructor(keys: DerivedKeys | undefined) {
    this.#keys = keys;
  }

  /** Whether entries are encrypted at rest. */
  get encrypted(): boolean {
    return this.#keys !== undefined;
  }

  /** A digest of `input` that reveals nothing about it; keyed when an encryption key is set. */
  digest(input: string): string {
    if (this.#keys === undefined) return createHash('sha256').update(input).digest('base64url');
    return createHmac('sha256', this.#keys.macKey).update(input).digest('base64url');
  }

  /** The value prefix shared by every entry holding `accessToken`, used by compare-and-delete. */
  matchPrefix(accessToken: string): string {
    return `${VERSION}.${this.digest(`token:${accessToken}`)}.`;
  }

  /** Serializes `entry`; `context` (the entry's key id) is bound into the ciphertext. */
  encode(entry: CachedToken, context: string): string {
    const prefix = this.matchPrefix(entry.accessToken);
    const json = JSON.stringify(toPlain(entry));
    if (this.#keys === undefined) return `${prefix}p.${json}`;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#keys.entryKey, iv);
    cipher.setAAD(Buffer.from(`${context}|${prefix}`));
    const ciphertext = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    const data = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    return `${prefix}e.${data}`;
  }

  /**
   * Parses a stored value; anything malformed, tampered with, encrypted under another key, or
   * stored in plain text while a key is configured comes back `undefined` (a cache miss).
   */
  decode(value: string, context: string): CachedToken | undefined {
    const parts = /^v1\.([A-Za-z0-9_-]{43})\.([pe])\.(.*)$/s.exec(value);
    if (parts === null) return undefined;
    const [, fingerprint, mode, data = ''] = parts;
    const prefix = `${VERSION}.${fingerprint}.`;
    let json: string | undefined;
    if (this.#keys === undefined) {
      if (mode !== 'p') return undefined;
      json = data;
    } else {
      if (mode !== 'e') return undefined;
      json = this.#decrypt(data, `${context}|${prefix}`);
    }
    if (json === undefined) return undefined;
    const entry = parseEntry(json);
    if (entry === undefined || this.matchPrefix(entry.accessToken) !== prefix) return undefined;
    return entry;
  }

  #decrypt(data: string, aad: string): string | undefined {
    const bytes = Buffer.from(data, 'base64url');
    if (bytes.byteLength <= IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        (this.#keys as DerivedKeys).entryKey,
        bytes.subarray(0, IV_BYTES),
        { authTagLength: TAG_BYTES },
      );
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/** Copies only the known fields, so nothing a caller attached to the entry ends up in Redis. */
function toPlain(entry: CachedToken): CachedToken {
  const plain: CachedToken = {
    accessToken: entry.accessToken,
    tokenType: entry.tokenType,
    expiresAt: entry.expiresAt,
    scopes: [...entry.scopes],
    receivedAt: entry.receivedAt,
    refreshAt: entry.refreshAt,
    ...(entry.tenantId === undefined ? {} : { tenantId: entry.tenantId }),
    ...(entry.usableUntil === undefined ? {} : { usableUntil: entry.usableUntil }),
  };
  return plain;
}

function parseEntry(json: string): CachedToken | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (
    typeof v.accessToken !== 'string' ||
    v.accessToken === '' ||
    typeof v.tokenType !== 'string' ||
    !Number.isFinite(v.expiresAt) ||
    !Number.isFinite(v.receivedAt) ||
    !Number.isFinite(v.refreshAt) ||
    !Array.isArray(v.scopes) ||
    !v.scopes.every((s) => typeof s === 'string') ||
    (v.tenantId !== undefined && typeof v.tenantId !== 'string') ||
    (v.usableUntil !== undefined && !Number.isFinite(v.usableUntil))
  ) {
    return undefined;
  }
  return toPlain(v as unknown as CachedToken);
}
