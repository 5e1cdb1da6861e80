import type { JWK } from 'jose';
import type { MockApi, MockConnect } from './types.js';

/**
 * What the mock API needs from a mock Visma Connect beyond its public API. Registered under a
 * global symbol so it also works when the ESM and CJS builds are both loaded.
 */
export interface ConnectInternals {
  publicKeys(): { keys: JWK[] };
  /** Lets the admin routes count and reset an API; returns the function that lets it go. */
  attachApi(api: MockApi): () => void;
}

const INTERNALS = Symbol.for('@visma-auth/testing.connect-internals');

/** Attaches internals to a mock Visma Connect without making them enumerable. */
export function attachInternals(connect: MockConnect, internals: ConnectInternals): void {
  Object.defineProperty(connect, INTERNALS, { value: internals, enumerable: false });
}

/** Reads the internals of a mock Visma Connect, if it is one. */
export function getInternals(connect: MockConnect): ConnectInternals | undefined {
  return (connect as unknown as Record<symbol, ConnectInternals | undefined>)[INTERNALS];
}
