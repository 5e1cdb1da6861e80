import { createServer, request as forward, type Server } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';

/**
 * A forward proxy on 127.0.0.1 that tunnels CONNECT requests and forwards absolute-form http
 * requests (undici 8 sends http targets that way unless told to tunnel), loopback targets only.
 */
export interface TunnelProxy {
  readonly url: string;
  /** `host:port` of every tunnel or forwarded request, oldest first. */
  readonly tunnels: string[];
  /** Proxy-Authorization headers seen, to show the bearer token never went to the proxy. */
  readonly proxyAuthorizations: string[];
  close(): Promise<void>;
}

export async function startTunnelProxy(): Promise<TunnelProxy> {
  const tunnels: string[] = [];
  const proxyAuthorizations: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    tunnels.push(target.host);
    if (req.headers['proxy-authorization'] !== undefined)
      proxyAuthorizations.push(req.headers['proxy-authorization']);
    if (target.protocol !== 'http:' || target.hostname !== '127.0.0.1') {
      res.writeHead(403).end();
      return;
    }
    const { 'proxy-authorization': _, 'proxy-connection': __, ...headers } = req.headers;
    const upstream = forward(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
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
