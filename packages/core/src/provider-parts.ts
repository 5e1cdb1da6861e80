/**
 * Builds what a `VismaTokenProvider` is made of from its options: the resolved settings, the
 * caches, the event sink and the token acquisition. Run at construction, or on a lazy
 * provider's first use.
 */
import { AuthorizationServerSource } from './authorization-server.js';
import { EventSink, type VismaAuthEvent } from './events.js';
import type { ExpiryPolicy } from './expiry.js';
import type { VismaTokenProviderOptions } from './options.js';
import { type ResolvedOptions, resolveOptions } from './resolve-options.js';
import { LayeredTokenCache } from './shared-cache.js';
import { TokenAcquisition } from './token-acquisition.js';
import { MemoryTokenCache } from './token-cache.js';
import { TokenTargets } from './token-target.js';
import type { Clock, TokenCache } from './types.js';

const systemClock: Clock = { now: () => Date.now() };

/** The parts of one provider. */
export interface ProviderParts {
  o: ResolvedOptions;
  policy: ExpiryPolicy;
  clock: Clock;
  cache: TokenCache;
  /** The in-memory cache the warm path reads synchronously (in front of a shared cache, if any). */
  memory: MemoryTokenCache;
  /** Set when the user passed a shared cache; our own LRU sits in front of it. */
  layered: LayeredTokenCache | undefined;
  /** Whether `memory` was created here (a cache passed in is the user's, and may be shared). */
  ownsMemory: boolean;
  events: EventSink;
  targets: TokenTargets;
  server: AuthorizationServerSource;
  acquisition: TokenAcquisition;
}

/**
 * Validates `options` and builds the provider's parts.
 * @param emit - Where the shared cache's degraded/restored events go.
 * @param closeSignal - Aborted when the provider closes.
 * @throws {VismaConfigError} naming the first missing or invalid option.
 */
export function buildProviderParts(
  options: VismaTokenProviderOptions,
  emit: (event: VismaAuthEvent) => void,
  closeSignal: AbortSignal,
): ProviderParts {
  const o = resolveOptions(options);
  const policy: ExpiryPolicy = {
    expirySkewMs: o.expirySkewMs,
    explicitSkew: options.expirySkewSeconds !== undefined,
    refreshAhead: o.refreshAhead,
    refreshAheadJitter: o.refreshAheadJitter,
  };
  const clock = options.clock ?? systemClock;
  let layered: LayeredTokenCache | undefined;
  let memory: MemoryTokenCache;
  let ownsMemory: boolean;
  if (options.cache !== undefined && !(options.cache instanceof MemoryTokenCache)) {
    // A shared cache (e.g. Redis): warm calls stay in memory, and its failures degrade to
    // fetching in this process instead of failing calls.
    layered = new LayeredTokenCache(options.cache, {
      maxEntries: o.maxCacheEntries,
      clock,
      // A hung shared cache costs a call at most this long before it fetches alone.
      operationTimeoutMs: o.cacheTimeoutMs,
      listener: {
        onDegraded: (operation, error) => emit({ type: 'cache_degraded', operation, error }),
        onRestored: (degradedForMs) => emit({ type: 'cache_restored', degradedForMs }),
      },
    });
    memory = layered.local;
    ownsMemory = true;
  } else {
    ownsMemory = options.cache === undefined;
    memory = options.cache ?? new MemoryTokenCache({ maxEntries: o.maxCacheEntries, clock });
  }
  const cache: TokenCache = layered ?? memory;
  const events = new EventSink(
    options.onEvent,
    options.logger,
    options.meter,
    options.onEventTypes,
  );
  const targets = new TokenTargets(o.tenantId, o.scopes);
  const server: AuthorizationServerSource = new AuthorizationServerSource(
    () => acquisition.discover(),
    (tokenUrl) => targets.useEndpoint(tokenUrl, o.clientId, o.authMethod),
  );
  const acquisition: TokenAcquisition = new TokenAcquisition({
    options: o,
    policy,
    cache,
    layered,
    clock,
    events,
    targets,
    server,
    closeSignal,
  });
  if (o.tokenUrl) {
    const issuer =
      options.authority !== undefined || options.environment !== undefined
        ? o.authority.href.replace(/\/$/, '')
        : o.tokenUrl.origin;
    server.use({ issuer, token_endpoint: o.tokenUrl.href });
  }
  return {
    o,
    policy,
    clock,
    cache,
    memory,
    layered,
    ownsMemory,
    events,
    targets,
    server,
    acquisition,
  };
}
