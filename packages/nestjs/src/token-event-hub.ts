import type { VismaAuthEvent } from '@visma-auth/core';

/** What a `token$` subscription listens to: provider events and the module shutting down. */
export interface TokenEventListener {
  event(event: VismaAuthEvent): void;
  close(): void;
}

/**
 * Fans the provider's single `onEvent` callback out to the live `token$` subscriptions, and tells
 * them when the app closes so they complete instead of dangling.
 */
export class TokenEventHub {
  readonly #listeners = new Set<TokenEventListener>();
  #closed = false;

  /** Whether the app that owns this hub has closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Adds a listener; the returned function removes it. */
  listen(listener: TokenEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Passes one provider event to every listener; a throwing listener does not stop the others. */
  emit(event: VismaAuthEvent): void {
    // Every warm call emits a cache hit: with no `token$` subscriber, copy nothing.
    if (this.#listeners.size === 0) return;
    for (const listener of [...this.#listeners]) {
      try {
        listener.event(event);
      } catch {
        // One subscriber's bug must not keep the others from their tokens.
      }
    }
  }

  /** Tells every listener that the module is gone, then forgets them; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    for (const listener of listeners) {
      try {
        listener.close();
      } catch {}
    }
  }
}
