/** Doctor step: the local clock agrees with Visma Connect's. */
import { formatDuration } from '../format.js';
import { type CheckResult, result } from './check.js';
import type { ServerTimeSample } from './discovery.js';

const TITLE = 'Clock in sync with Visma Connect';

/**
 * Compares the local clock with the server's, from the discovery `Date` header or, without one,
 * the token's `iat`; both have whole-second precision, so small skews pass.
 */
export function checkClock(sample: ServerTimeSample | undefined, maxSkewMs: number): CheckResult {
  if (!sample) {
    return result('clock', TITLE, 'skip', 'the server sent no Date header and no token was issued');
  }
  const skewMs = sample.serverMs - sample.localMs;
  const size = formatDuration(Math.abs(skewMs));
  if (Math.abs(skewMs) <= maxSkewMs) {
    return result('clock', TITLE, 'pass', `skew ${size} (limit ${formatDuration(maxSkewMs)})`);
  }
  const direction = skewMs > 0 ? 'behind' : 'ahead of';
  return result(
    'clock',
    TITLE,
    'fail',
    `this machine's clock is ${size} ${direction} Visma Connect`,
    'Turn on time synchronisation (Linux: sudo timedatectl set-ntp true; macOS/Windows: set date and time automatically). A skewed clock makes tokens look expired or not yet valid and breaks private_key_jwt client assertions.',
  );
}

/** A server time reading taken from a token's `iat` claim, for when there was no `Date` header. */
export function sampleFromIssuedAt(iat: unknown, localMs: number): ServerTimeSample | undefined {
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return undefined;
  return { serverMs: iat * 1000 + 500, localMs };
}
