import { once } from 'node:events';
import { createServer, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An API gateway in front of the local Visma Connect: every request is forwarded to `tokenUrl`
 * over node:http (so a test's global dispatcher does not see the forwarding), as a gateway with
 * its own token path does, recording the `Authorization` each one arrived with.
 */
export async function startTokenGateway(tokenUrl: string) {
  const authorizations: (string | undefined)[] = [];
  const target = new URL(tokenUrl);
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    const headers = { ...req.headers, host: target.host };
    const upstream = forward(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    tokenUrl: `http://127.0.0.1:${port}/gateway/oauth2/token`,
    authorizations,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
