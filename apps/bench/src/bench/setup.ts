/** Clients, scopes and tenants the bench registers with the local Visma Connect. */

export const BENCH_SCOPE = 'visma_api:read';
export const BENCH_SECRET = 'bench-secret-not-a-real-credential';
export const FLEET_TENANTS = [1, 2, 4, 8].flatMap((n) => [`fleet-${n}-local`, `fleet-${n}-redis`]);

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
}
