/**
 * The authorization server the provider talks to: the configured token URL, or the one
 * discovered from the authority on first use, shared by every concurrent first call.
 */
import type * as oauth from 'oauth4webapi';
import { VismaConfigError } from './errors.js';
import { isAllowedUrl } from './secure-url.js';
import { waitWithSignal } from './single-flight.js';

/** Holds the authorization server once known and runs discovery at most once at a time. */
export class AuthorizationServerSource {
  #current: oauth.AuthorizationServer | undefined;
  #discovery: Promise<oauth.AuthorizationServer> | undefined;
  readonly #discover: () => Promise<oauth.AuthorizationServer>;
  readonly #onKnown: (tokenUrl: string) => void;

  /**
   * @param discover - Runs discovery (with retries).
   * @param onKnown - Told the token endpoint once it is known, so cache keys can be built.
   */
  constructor(
    discover: () => Promise<oauth.AuthorizationServer>,
    onKnown: (tokenUrl: string) => void,
  ) {
    this.#discover = discover;
    this.#onKnown = onKnown;
  }

  /** The authorization server, once configured or discovered. */
  get current(): oauth.AuthorizationServer | undefined {
    return this.#current;
  }

  /**
   * Uses `as` from now on.
   * @throws {VismaConfigError} when its token endpoint is neither https nor loopback http.
   */
  use(as: oauth.AuthorizationServer): void {
    const tokenUrl = as.token_endpoint as string;
    if (!isAllowedUrl(new URL(tokenUrl))) {
      throw new VismaConfigError(
        'tokenUrl',
        'must use https: (http: is only allowed for loopback hosts)',
      );
    }
    this.#current = as;
    this.#onKnown(tokenUrl);
  }

  /** Resolves once the authorization server is known; `signal` ends only this caller's wait. */
  async ensure(signal: AbortSignal | undefined): Promise<void> {
    if (this.#current !== undefined) return;
    this.#discovery ??= this.#discover().then(
      (as) => {
        this.use(as);
        return as;
      },
      (error: unknown) => {
        // A failed discovery is not remembered; the next call tries again.
        this.#discovery = undefined;
        throw error;
      },
    );
    await waitWithSignal(this.#discovery, signal);
  }
}
