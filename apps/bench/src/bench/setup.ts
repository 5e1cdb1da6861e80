/** Clients, scopes and tenants the bench registers with the local Visma Connect. */

export const BENCH_SCOPE = 'visma_api:read';
export const BENCH_SECRET = 'bench-secret-not-a-real-credential';
export const FLEET_SIZES = [1, 2, 4, 8];
/** Tenants of the fleet rows: one pair per size on one redis-server, one pair on the cluster. */
export const fleetTenants = (n: number, topology: 'server' | 'cluster' = 'server') => {
  const prefix = topology === 'cluster' ? `fleet-cluster-${n}` : `fleet-${n}`;
  return { local: `${prefix}-local`, redis: `${prefix}-redis` };
};
export const FLEET_TENANTS = [
  ...FLEET_SIZES.map((n) => fleetTenants(n)),
  fleetTenants(Math.max(...FLEET_SIZES), 'cluster'),
].flatMap((t) => [t.local, t.redis]);

export interface BenchClient {
  clientId: string;
  clientSecret: string;
  tokenLifetimeSeconds?: number;
}

/** 1 h tokens (Visma's usual), 2 s tokens for the expiry boundary, 5 s for the outage row. */
export const LONG: BenchClient = { clientId: 'bench-1h', clientSecret: BENCH_SECRET };
export const SHORT: BenchClient = {
  clientId: 'bench-2s',
  clientSecret: BENCH_SECRET,
  tokenLifetimeSeconds: 2,
};
export const OUTAGE: BenchClient = {
  clientId: 'bench-5s',
  clientSecret: BENCH_SECRET,
  tokenLifetimeSeconds: 5,
};

export function benchClients(): BenchClient[] {
  return [LONG, SHORT, OUTAGE];
}

export interface ServerUrls {
  connectUrl: string;
  tokenUrl: string;
  apiUrl: string;
  redirectUrl: string;
  apiOtherOrigin: string;
  /** A server that answers 200 to every request and checks no token (warm CPU figures). */
  plainUrl: string;
}
