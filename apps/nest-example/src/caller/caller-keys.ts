import { createHash } from 'node:crypto';

/** The shortest API key accepted: long enough that it cannot be guessed. */
const MIN_KEY_LENGTH = 24;

/** The SHA-256 digest an API key is looked up by, so the keys themselves are not kept. */
export function digestKey(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('base64url');
}

/**
 * Parses `CALLER_API_KEYS` (`<api key>=<tenant id>` pairs separated by commas): each key is
 * bound to the one Visma company its holder may act for.
 * @returns the tenant id of each key, by {@link digestKey}.
 * @throws Error naming the variable and the entry's position, never a key.
 */
export function parseCallerKeys(value: string): Map<string, string> {
  const keys = new Map<string, string>();
  const entries = value.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const separator = entry.lastIndexOf('=');
    const apiKey = entry.slice(0, Math.max(separator, 0));
    const tenantId = entry.slice(separator + 1);
    const where = `CALLER_API_KEYS entry ${index + 1}`;
    if (separator <= 0 || tenantId === '') {
      throw new Error(`${where} must be <api key>=<tenant id>.`);
    }
    if (apiKey.length < MIN_KEY_LENGTH) {
      throw new Error(`${where}: the API key must have at least ${MIN_KEY_LENGTH} characters.`);
    }
    if (keys.has(digestKey(apiKey))) throw new Error(`${where} repeats an API key.`);
    keys.set(digestKey(apiKey), tenantId);
  });
  return keys;
}
