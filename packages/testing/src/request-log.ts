/**
 * An append-only log that keeps the newest `limit` entries, so a mock left running under a
 * benchmark does not grow without bound. Trimming is amortised: it happens at twice the limit.
 */
export class RequestLog<T> {
  private entries: T[] = [];

  constructor(private readonly limit: number) {
    if (!(Number.isInteger(limit) && limit > 0)) {
      throw new TypeError('maxRecordedRequests must be a positive whole number.');
    }
  }

  push(entry: T): void {
    this.entries.push(entry);
    if (this.entries.length >= 2 * this.limit)
      this.entries.splice(0, this.entries.length - this.limit);
  }

  /** The newest entries, oldest first, copied with `copy`. */
  list(copy: (entry: T) => T): T[] {
    return this.entries.slice(-this.limit).map(copy);
  }

  clear(): void {
    this.entries = [];
  }
}
