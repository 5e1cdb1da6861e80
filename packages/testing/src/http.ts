import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A response a handler decided on; written by {@link send}. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

const MAX_BODY_BYTES = 64 * 1024;

/** Reads a request body as UTF-8, or `undefined` when it is larger than 64 KiB (drained anyway). */
export async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8');
}

/** A JSON reply with the given status. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers, body };
}

/** Writes a reply; `now` sets the Date header so a clock offset shows on the wire. */
export function send(res: ServerResponse, reply: Reply, now: number): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { date: new Date(now).toUTCString() };
  let payload = '';
  if (typeof reply.body === 'string') {
    headers['content-type'] = 'text/plain; charset=utf-8';
    payload = reply.body;
  } else if (reply.body !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.body);
  }
  for (const [name, value] of Object.entries(reply.headers ?? {}))
    headers[name.toLowerCase()] = value;
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Lower-cases and flattens request headers into a plain record. */
export function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Starts listening and returns the base URL (no trailing slash) clients should use. */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // A wildcard address is reachable through loopback; IPv6 literals need brackets in URLs.
  const shown =
    address.address === '0.0.0.0'
      ? '127.0.0.1'
      : address.address === '::'
        ? '[::1]'
        : address.family === 'IPv6'
          ? `[${address.address}]`
          : address.address;
  return `http://${shown}:${address.port}`;
}

/** Stops the server and ends every connection, idle keep-alive ones included. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
