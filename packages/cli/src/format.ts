/** Plain-text formatting of durations, dates and JWT claims for the human-readable output. */

/** Formats a duration as `1h 2m 3s`, `59m 59s` or `42s`; negative durations get a leading `-`. */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let seconds = Math.round(Math.abs(ms) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0) parts.push(`${minutes}m`);
  if (seconds > 0 || parts.length === 0) parts.push(`${seconds}s`);
  return `${sign}${parts.join(' ')}`;
}

/** Formats epoch ms as an ISO 8601 UTC time without milliseconds. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Claims holding epoch seconds, shown with a readable time next to the number. */
const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time']);

/**
 * Turns JWT claims into label/value rows: times as ISO dates, lists joined by spaces.
 * @returns rows in the token's own claim order.
 */
export function claimRows(claims: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(claims).map(([name, value]) => [name, formatClaim(name, value)]);
}

function formatClaim(name: string, value: unknown): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${value} (${formatTime(value * 1000)})`;
  }
  if (Array.isArray(value)) return value.map((v) => String(v)).join(' ');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
