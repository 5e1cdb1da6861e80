/** Server time with an adjustable offset, so tests can simulate clock skew without sleeping. */
export class ServerClock {
  private offsetMs = 0;

  /** Current server time in epoch ms. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Current server time in epoch seconds, as JWT claims use. */
  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  setOffset(ms: number): void {
    if (!Number.isFinite(ms))
      throw new TypeError('The clock offset must be a finite number of ms.');
    this.offsetMs = ms;
  }
}
