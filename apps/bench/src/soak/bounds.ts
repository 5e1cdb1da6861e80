/**
 * The number of token requests a healthy fleet may make in a soak, derived from the token
 * lifetime instead of guessed. See `expectedIssued` for the reasoning.
 */

export interface BoundInput {
  /** Seconds from the first token request to the end of the run. */
  spanS: number;
  /** Keys (client x tenant), each with its token lifetime in seconds and the processes sharing it. */
  keys: { lifetimeS: number; processes: number }[];
  /** Refresh-ahead share and its jitter (core defaults 0.8 and 0.05). */
  refreshAhead: number;
  jitter: number;
  redisRestarts: number;
  /** Seconds Redis was away per restart (plus the provider's ~1 s retry interval). */
  redisDownS: number;
  endpointOutages: number;
  faultBatches: number;
  apiRejects: number;
}

export interface Bound {
  /** Tokens one shared cache needs: one per refresh window per key, plus the first. */
  ideal: number;
  /** The most tokens the fleet may be issued before the run fails. */
  max: number;
  /** How `max` was composed, for the report. */
  terms: Record<string, number>;
}

/**
 * Tokens issued (successful token responses):
 * - per key, one per refresh window; the shortest window is (refreshAhead - jitter) x lifetime,
 *   so at most ceil(span / window) + 1 tokens (the +1 is the cold start);
 * - per Redis restart, every process but one may fetch for itself while Redis is away: per key
 *   (processes - 1) x (ceil(down / window) + 1);
 * - per endpoint outage, each process may find its token expired when the endpoint returns and
 *   fetch once before the lease is back in use: per key, processes;
 * - per injected fault batch, a slow or failed lease holder can let each waiting process fetch
 *   for itself once: the largest fleet of one key;
 * - per API rejection, one fresh token (the rejected one is invalidated).
 */
export function expectedIssued(input: BoundInput): Bound {
  let windows = 0;
  let redis = 0;
  let outages = 0;
  let maxProcesses = 0;
  for (const key of input.keys) {
    const windowS = (input.refreshAhead - input.jitter) * key.lifetimeS;
    windows += Math.ceil(input.spanS / windowS) + 1;
    redis +=
      input.redisRestarts * (key.processes - 1) * (Math.ceil(input.redisDownS / windowS) + 1);
    outages += input.endpointOutages * key.processes;
    maxProcesses = Math.max(maxProcesses, key.processes);
  }
  const faults = input.faultBatches * maxProcesses;
  const rejects = input.apiRejects;
  const ideal = input.keys.reduce(
    (sum, key) => sum + Math.ceil(input.spanS / (input.refreshAhead * key.lifetimeS)),
    0,
  );
  return {
    ideal,
    max: windows + redis + outages + faults + rejects,
    terms: { windows, redis, outages, faults, rejects },
  };
}

/**
 * Token requests that got no token are bounded by what was thrown at the endpoint: each queued
 * fault replaces exactly one response, and during an outage each process-key pair makes at most
 * `maxAttempts` requests per acquisition, and at most one acquisition per call made during it
 * plus one background refresh.
 */
export function expectedFailedRequests(input: {
  faultsInjected: number;
  callsDuringOutages: number;
  outagePairs: number;
  maxAttempts: number;
}): number {
  return input.faultsInjected + input.maxAttempts * (input.callsDuringOutages + input.outagePairs);
}
