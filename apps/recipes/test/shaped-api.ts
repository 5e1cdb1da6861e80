import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockApi } from '@visma-auth/testing';

/**
 * An API on 127.0.0.1 shaped like Visma's (ERP `GET /v1/customer`, Business NXT
 * `POST /api/graphql-service`) that checks each token by asking the mock API, so only a token
 * from the local Visma Connect gets data.
 */
export interface ShapedApi {
  readonly url: string;
  /** The Authorization header of every request, in order (undefined when none was sent). */
  readonly authorizations: (string | undefined)[];
  close(): Promise<void>;
}

export const CUSTOMERS = [
  { number: '10001', name: 'Fjord Consulting AS', status: 'Active' },
  { number: '10002', name: 'Nordlys Handel AS', status: 'Active' },
];

export async function startShapedApi(verifier: MockApi): Promise<ShapedApi> {
  const authorizations: (string | undefined)[] = [];
  const server = createServer(async (req, res) => {
    authorizations.push(req.headers.authorization);
    for await (const _ of req) {
      // Drain the body; the answer does not depend on it.
    }
    const check = await fetch(`${verifier.url}/v1/whoami`, {
      headers: req.headers.authorization ? { authorization: req.headers.authorization } : {},
    });
    const claims = (await check.json()) as { tenant_id?: string };
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (check.status !== 200) return reply(check.status, claims);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/v1/customer') return reply(200, CUSTOMERS);
    if (req.method === 'POST' && path === '/api/graphql-service') {
      const items = CUSTOMERS.map((c) => ({ customerNo: Number(c.number), name: c.name }));
      return reply(200, { data: { useCompany: { customer: { items } } } });
    }
    return reply(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    authorizations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
