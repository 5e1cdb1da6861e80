import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  MAX_RESPONSE_BODY_BYTES,
  VismaConfigError,
  VismaTokenProvider,
  VismaTokenResponseError,
} from '../src/index.js';
import { onCleanup, SECRET } from './helpers.js';

const HUGE_BYTES = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

/**
 * Streams a JSON document padded to 64 MB, honouring back-pressure, until the client hangs up;
 * returns how many bytes the socket took.
 */
async function streamHuge(res: ServerResponse, head: string, tail: string): Promise<number> {
  let written = 0;
  const write = (chunk: Buffer | string) => {
    written += Buffer.byteLength(chunk);
    return res.write(chunk);
  };
  const closed = once(res, 'close').then(() => true);
  write(head);
  while (written < HUGE_BYTES && !res.destroyed) {
    if (!write(CHUNK)) {
      if (await Promise.race([once(res, 'drain').then(() => false), closed])) break;
    }
  }
  if (!res.destroyed) res.end(tail);
  return written;
}

/** A token endpoint and discovery document on 127.0.0.1:0 that answer with a 64 MB body. */
async function startHugeServer(kind: 'token' | 'error' | 'discovery') {
  const served: number[] = [];
  const server = createServer((req, res) => {
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    req.resume();
    const send = async (status: number, head: string, tail: string) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      served.push(await streamHuge(res, head, tail));
    };
    if (req.url?.startsWith('/.well-known/openid-configuration')) {
      const doc = JSON.stringify({ issuer: origin, token_endpoint: `${origin}/connect/token` });
      if (kind !== 'discovery') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(doc);
        return;
      }
      void send(200, `${doc.slice(0, -1)},"pad":"`, '"}');
      return;
    }
    if (kind === 'error') {
      void send(400, '{"error":"invalid_client","error_description":"', '"}');
      return;
    }
    void send(
      200,
      '{"access_token":"abc.def.ghi","token_type":"Bearer","expires_in":3600,"pad":"',
      '"}',
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onCleanup(() => new Promise((r) => server.close(r)));
  onCleanup(async () => server.closeAllConnections());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, served };
}

function provider(options: { tokenUrl?: string; authority?: string }) {
  const p = new VismaTokenProvider({
    clientId: 'svc-app',
    clientSecret: SECRET,
    scopes: ['visma_api:read'],
    retry: false,
    ...options,
  });
  onCleanup(() => p.close());
  return p;
}

/** Waits until the server saw the socket close, so `served` holds the final count. */
async function served(log: number[]): Promise<number> {
  for (let i = 0; i < 1_000 && log.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  return log[0] ?? Number.NaN;
}

describe('response bodies are read up to MAX_RESPONSE_BODY_BYTES', () => {
  it('refuses a 64 MB token response and stops reading it', async () => {
    const { url, served: log } = await startHugeServer('token');
    const error = await provider({ tokenUrl: `${url}/connect/token` })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaTokenResponseError);
    expect((error as Error).message).toContain('1 MiB');
    // The socket buffers a few MB at most; the rest is never sent.
    expect(await served(log)).toBeLessThan(HUGE_BYTES / 4);
  });

  it('refuses a 64 MB error response and stops reading it', async () => {
    const { url, served: log } = await startHugeServer('error');
    const error = await provider({ tokenUrl: `${url}/connect/token` })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaTokenResponseError);
    expect(error).toMatchObject({ httpStatus: 400 });
    expect(await served(log)).toBeLessThan(HUGE_BYTES / 4);
  });

  it('refuses a 64 MB discovery document and stops reading it', async () => {
    const { url, served: log } = await startHugeServer('discovery');
    const error = await provider({ authority: url })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaConfigError);
    expect((error as Error).message).toContain('1 MiB');
    expect(await served(log)).toBeLessThan(HUGE_BYTES / 4);
  });

  it('is 1 MiB', () => {
    expect(MAX_RESPONSE_BODY_BYTES).toBe(1024 * 1024);
  });
});
