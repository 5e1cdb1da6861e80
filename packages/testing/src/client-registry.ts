import { createHash, timingSafeEqual } from 'node:crypto';
import type { MockClient } from './types.js';

/** The registered clients, by id. */
export class ClientRegistry {
  private readonly clients = new Map<string, MockClient>();

  /** Adds a client (a copy), replacing one with the same id. */
  register(client: MockClient): void {
    if (!client.clientId) throw new TypeError('A mock client needs a clientId.');
    if (!client.clientSecret && !client.jwks) {
      throw new TypeError(`Mock client ${client.clientId} needs a clientSecret or jwks.`);
    }
    this.clients.set(client.clientId, structuredClone(client));
  }

  get(clientId: string): MockClient | undefined {
    return this.clients.get(clientId);
  }

  /** Every scope any client may request, for the discovery document. */
  scopes(): string[] {
    return [...new Set([...this.clients.values()].flatMap((c) => c.allowedScopes))];
  }

  /** Every registered secret, so the request log can scrub them from malformed bodies. */
  secrets(): string[] {
    return [...this.clients.values()].flatMap((c) => (c.clientSecret ? [c.clientSecret] : []));
  }
}

/** Compares secrets in constant time, as a real server must. */
export function secretMatches(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}
