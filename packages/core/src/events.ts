import type { VismaAuthError } from './errors.js';
import type { VismaAuthLogger } from './types.js';

/** Fields every token event carries (all but the shared-cache health events); none is secret. */
export interface VismaAuthEventBase {
  /** Tenant the token is for, if any. */
  tenantId?: string;
  /** Normalized scopes of the token. */
  scopes: readonly string[];
  /** Cache key of the token (no secrets in it). */
  key: string;
}

/**
 * Something the provider did, reported through `onEvent`, the logger and metrics.
 * Events never contain a secret or a token.
 */
export type VismaAuthEvent =
  | (VismaAuthEventBase & { type: 'cache_hit'; stale: boolean })
  | (VismaAuthEventBase & { type: 'cache_miss'; reason: 'empty' | 'expiring' | 'force_refresh' })
  | (VismaAuthEventBase & { type: 'fetch_start'; background: boolean })
  | (VismaAuthEventBase & {
      type: 'fetch_success';
      background: boolean;
      durationMs: number;
      attempts: number;
      expiresAt: number;
    })
  | (VismaAuthEventBase & {
      type: 'fetch_failure';
      background: boolean;
      durationMs: number;
      attempts: number;
      error: VismaAuthError;
    })
  | (VismaAuthEventBase & {
      type: 'retry';
      attempt: number;
      delayMs: number;
      error: VismaAuthError;
    })
  | (VismaAuthEventBase & { type: 'refresh_ahead'; expiresAt: number })
  | (VismaAuthEventBase & { type: 'refresh_failure'; expiresAt: number; error: VismaAuthError })
  | (VismaAuthEventBase & { type: 'cooldown'; error: VismaAuthError })
  | (VismaAuthEventBase & { type: 'invalidate'; deleted: boolean; compareAndDelete: boolean })
  /**
   * The API rejected a token freshly issued after a 401: its 401s are returned without a token
   * request for `holdMs`. `holds` counts consecutive holds; only the first is logged as a warning.
   */
  | (VismaAuthEventBase & { type: 'rejection_hold'; holdMs: number; holds: number; hint: string })
  /** The shared cache (e.g. Redis) failed: this process fetches alone until it answers again. Once per episode. */
  | { type: 'cache_degraded'; operation: string; error: VismaAuthError }
  /** The shared cache answers again after an episode of `degradedForMs`. */
  | { type: 'cache_restored'; degradedForMs: number };

/** The `type` of a {@link VismaAuthEvent}. */
export type VismaAuthEventType = VismaAuthEvent['type'];

/**
 * A structural subset of an OpenTelemetry `Meter`, so `@opentelemetry/api` stays an optional peer.
 * @example
 * ```ts
 * import { metrics } from '@opentelemetry/api';
 * new VismaTokenProvider({ ...options, meter: metrics.getMeter('my-service') });
 * ```
 */
export interface VismaAuthMeter {
  createCounter(
    name: string,
    options?: { description?: string; unit?: string },
  ): { add(value: number, attributes?: Record<string, string | number | boolean>): void };
  createHistogram(
    name: string,
    options?: { description?: string; unit?: string },
  ): { record(value: number, attributes?: Record<string, string | number | boolean>): void };
}

type Listener = (event: VismaAuthEvent) => void;

/** Fans one event out to `onEvent`, the logger and metrics; a throwing listener never breaks a call. */
export class EventSink {
  readonly #onEvent: Listener | undefined;
  readonly #onEventTypes: ReadonlySet<VismaAuthEventType> | undefined;
  readonly #logger: VismaAuthLogger | undefined;
  readonly #metrics: Listener | undefined;
  /** Whether anyone listens; lets the rare paths skip building events. */
  readonly active: boolean;
  /** Whether anyone reads `cache_hit` (the logger does not); lets the warm path build nothing. */
  readonly observesHits: boolean;

  constructor(
    onEvent?: Listener,
    logger?: VismaAuthLogger,
    meter?: VismaAuthMeter,
    onEventTypes?: readonly VismaAuthEventType[],
  ) {
    this.#onEvent = onEvent;
    this.#onEventTypes = onEventTypes && new Set(onEventTypes);
    this.#logger = logger;
    this.#metrics = meter ? createMetricsListener(meter) : undefined;
    this.active = Boolean(onEvent || logger || meter);
    const hitsToOnEvent = onEvent !== undefined && this.#wants('cache_hit');
    this.observesHits = hitsToOnEvent || meter !== undefined;
  }

  emit(event: VismaAuthEvent): void {
    if (this.#onEvent && this.#wants(event.type)) {
      try {
        this.#onEvent(event);
      } catch {
        // A listener's bug must not fail token delivery.
      }
    }
    if (this.#metrics) {
      try {
        this.#metrics(event);
      } catch {}
    }
    if (this.#logger) this.#log(event);
  }

  #wants(type: VismaAuthEventType): boolean {
    return this.#onEventTypes === undefined || this.#onEventTypes.has(type);
  }

  #log(event: VismaAuthEvent): void {
    const logger = this.#logger;
    // Cache lookups are never logged; they run on every call, so they build no record either.
    if (!logger || event.type === 'cache_hit' || event.type === 'cache_miss') return;
    const record: Record<string, unknown> = { ...event, event: event.type };
    delete record.type;
    if ('error' in event) record.err = event.error.toJSON();
    delete record.error;
    const msg = LOG_MESSAGES[event.type];
    try {
      switch (event.type) {
        case 'fetch_failure':
          if (event.background) logger.warn(record, msg);
          else logger.error(record, msg);
          break;
        case 'retry':
        case 'refresh_failure':
        case 'cooldown':
        case 'cache_degraded':
          logger.warn(record, msg);
          break;
        case 'cache_restored':
          logger.info?.(record, msg);
          break;
        case 'rejection_hold':
          // One warning per episode is enough; the holds that follow double in length.
          if (event.holds === 1) logger.warn(record, msg);
          else logger.debug?.(record, msg);
          break;
        default:
          logger.debug?.(record, msg);
      }
    } catch {}
  }
}

const LOG_MESSAGES: Record<VismaAuthEventType, string> = {
  cache_hit: 'visma-auth: token cache hit',
  cache_miss: 'visma-auth: token cache miss',
  fetch_start: 'visma-auth: requesting access token',
  fetch_success: 'visma-auth: access token received',
  fetch_failure: 'visma-auth: access token request failed',
  retry: 'visma-auth: retrying access token request',
  refresh_ahead: 'visma-auth: refreshing access token ahead of expiry',
  refresh_failure:
    'visma-auth: background refresh failed; serving the current token until it expires',
  cooldown:
    'visma-auth: failing fast, the same request failed moments ago or Visma Connect asked to wait (Retry-After)',
  invalidate: 'visma-auth: access token invalidated',
  rejection_hold:
    'visma-auth: the API rejected a freshly issued token; returning its 401s without new token requests for a while',
  cache_degraded:
    'visma-auth: shared token cache unavailable; fetching tokens in this process until it is back',
  cache_restored: 'visma-auth: shared token cache available again',
};

/** Whether `value` names a {@link VismaAuthEventType}, for checking `onEventTypes`. */
export function isVismaAuthEventType(value: unknown): value is VismaAuthEventType {
  return typeof value === 'string' && Object.hasOwn(LOG_MESSAGES, value);
}

function createMetricsListener(meter: VismaAuthMeter): Listener {
  const lookups = meter.createCounter('visma_auth.cache.lookups', {
    description: 'Token cache lookups by result',
  });
  const requests = meter.createCounter('visma_auth.token.requests', {
    description: 'Token endpoint calls by outcome (after retries)',
  });
  const duration = meter.createHistogram('visma_auth.token.request.duration', {
    description: 'Duration of token acquisition including retries',
    unit: 'ms',
  });
  const retries = meter.createCounter('visma_auth.token.retries', {
    description: 'Token request retries',
  });
  const refreshFailures = meter.createCounter('visma_auth.token.refresh_failures', {
    description: 'Background refreshes that failed while a valid token was still served',
  });
  const holds = meter.createCounter('visma_auth.api.rejection_holds', {
    description: 'Holds after an API rejected a freshly issued token (usually a wrong tenant)',
  });
  const degradations = meter.createCounter('visma_auth.cache.degradations', {
    description: 'Episodes in which the shared token cache failed and the process fetched alone',
  });
  return (event) => {
    switch (event.type) {
      case 'cache_hit':
        lookups.add(1, { result: event.stale ? 'stale' : 'hit' });
        break;
      case 'cache_miss':
        lookups.add(1, { result: 'miss' });
        break;
      case 'fetch_success':
        requests.add(1, { outcome: 'success', background: event.background });
        duration.record(event.durationMs, { outcome: 'success' });
        break;
      case 'fetch_failure':
        requests.add(1, {
          outcome: 'failure',
          code: event.error.code,
          background: event.background,
        });
        duration.record(event.durationMs, { outcome: 'failure' });
        break;
      case 'retry':
        retries.add(1, { code: event.error.code });
        break;
      case 'refresh_failure':
        refreshFailures.add(1);
        break;
      case 'rejection_hold':
        holds.add(1);
        break;
      case 'cache_degraded':
        degradations.add(1, { operation: event.operation, code: event.error.code });
        break;
    }
  };
}
