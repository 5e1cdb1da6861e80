import { once } from 'node:events';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { generate } from 'selfsigned';

/** One request the server saw, in either scheme. */
export interface DowngradeRequest {
  scheme: 'https' | 'http';
  path: string;
  authorization?: string;
}

/** A running {@link startSchemeDowngradeServer}. */
export interface SchemeDowngradeServer {
  /** `https://127.0.0.1:<port>`: every path redirects to the same path plus `/` over http. */
  readonly httpsUrl: string;
  /** `http://127.0.0.1:<port>`, the same host and port: every path answers 401. */
  readonly httpUrl: string;
  /** The self-signed certificate (PEM) a client must trust for `httpsUrl`. */
  readonly ca: string;
  /** Every request, oldest first. */
  readonly requests: readonly DowngradeRequest[];
  close(): Promise<void>;
}

/** First byte of a TLS record carrying a handshake: a ClientHello opens every TLS connection. */
const TLS_HANDSHAKE = 0x16;

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** A certificate for 127.0.0.1, made once per process (never written to disk). */
function loopbackCertificate(): Promise<{ key: string; cert: string }> {
  certificate ??= generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return certificate;
}

/**
 * Starts a server that speaks TLS and plain HTTP on one port (told apart by the first byte a
 * client sends), so `https://127.0.0.1:P/x` redirects to `http://127.0.0.1:P/x/`: the same host
 * and port in another scheme, as `https://host/x` → `http://host/x/` is with default ports behind
 * a TLS-terminating load balancer that adds a slash. A client comparing only host and port (got
 * 14) takes that for the same origin; only the scheme tells the hops apart.
 */
export async function startSchemeDowngradeServer(): Promise<SchemeDowngradeServer> {
  const { key, cert } = await loopbackCertificate();
  const requests: DowngradeRequest[] = [];
  const sockets = new Set<Socket>();
  let httpUrl = '';

  const handle =
    (scheme: DowngradeRequest['scheme']) => (req: IncomingMessage, res: ServerResponse) => {
      const record: DowngradeRequest = { scheme, path: req.url ?? '/' };
      if (req.headers.authorization !== undefined) record.authorization = req.headers.authorization;
      requests.push(record);
      req.resume();
      req.once('end', () => {
        if (scheme === 'https') {
          const { pathname, search } = new URL(req.url ?? '/', 'http://x');
          res.writeHead(302, {
            location: `${httpUrl}${pathname}/${search}`,
            'content-length': '0',
          });
          res.end();
          return;
        }
        const body = JSON.stringify({ error: 'unauthorized' });
        res.writeHead(401, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'www-authenticate': 'Bearer realm="plain-http"',
        });
        res.end(body);
      });
    };
  const tls = createHttpsServer({ key, cert }, handle('https'));
  const plain = createHttpServer(handle('http'));
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      if (chunk[0] === TLS_HANDSHAKE) {
        tls.emit('connection', replaying(socket, chunk));
        return;
      }
      socket.pause();
      socket.unshift(chunk);
      plain.emit('connection', socket);
      socket.resume();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  httpUrl = `http://127.0.0.1:${port}`;
  return {
    httpsUrl: `https://127.0.0.1:${port}`,
    httpUrl,
    ca: cert,
    get requests() {
      return requests.map((r) => ({ ...r }));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The socket as a stream that first yields `first` again: TLS reads a net socket's handle
 * directly, past anything put back with `unshift`, so it gets a plain stream over the socket.
 */
function replaying(socket: Socket, first: Buffer): Duplex {
  const stream = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _encoding, callback) => void socket.write(chunk, callback),
    final: (callback) => void socket.end(callback),
    destroy: (error, callback) => {
      socket.destroy();
      callback(error);
    },
  });
  stream.push(first);
  socket.on('data', (data: Buffer) => {
    if (!stream.push(data)) socket.pause();
  });
  socket.once('end', () => stream.push(null));
  socket.once('error', (error) => stream.destroy(error));
  socket.once('close', () => stream.destroy());
  return stream;
}
