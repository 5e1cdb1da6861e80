import { createServer, type Server } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';

/** A forward proxy on 127.0.0.1 that tunnels CONNECT requests and records each target. */
export interface TunnelProxy {
  readonly url: string;
  /** `host:port` of every CONNECT, oldest first. */
  readonly tunnels: string[];
  /** Proxy-Authorization headers seen, to show the bearer token never went to the proxy. */
  readonly proxyAuthorizations: string[];
  close(): Promise<void>;
}

export async function startTunnelProxy(): Promise<TunnelProxy> {
  const tunnels: string[] = [];
  const proxyAuthorizations: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req, client: Socket, head) => {
    const target = req.url ?? '';
    tunnels.push(target);
    if (req.headers['proxy-authorization'] !== undefined)
      proxyAuthorizations.push(req.headers['proxy-authorization']);
    const [host, port] = target.split(':');
    // Loopback only: this proxy must never open a connection off the machine.
    if (host !== '127.0.0.1' && host !== 'localhost') {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connectTcp(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    tunnels,
    proxyAuthorizations,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
