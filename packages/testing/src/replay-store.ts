/** Remembers client assertion ids until they expire, so each can be used once. */
export class ReplayStore {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  /**
   * Records `id` valid until `expiresAtMs`.
   * @returns false when the id was already used and has not expired yet.
   */
  use(id: string, expiresAtMs: number, nowMs: number): boolean {
    for (const [key, expiry] of this.seen) if (expiry <= nowMs) this.seen.delete(key);
    if (this.seen.has(id)) return false;
    // Bounded memory: the oldest id goes first (Map keeps insertion order).
    if (this.seen.size >= this.maxEntries) this.seen.delete(this.seen.keys().next().value ?? '');
    this.seen.set(id, expiresAtMs);
    return true;
  }

  clear(): void {
    this.seen.clear();
  }
}
