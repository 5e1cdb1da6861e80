/**
 * Runs the suite through a server framework: the test's HTTP call reaches a real app on
 * 127.0.0.1, whose route sends the suite's request with the integration's per-request fetch.
 * A token failure reaches the app's error handler, which must answer a generic 502/503; the
 * adapter then rejects with the error the app logged, so the suite sees core's typed error.
 */
import { Agent } from 'undici';
import { expect } from 'vitest';
import type { AdapterUnderTest, ConformanceRequest, ConformanceResponse } from './types.js';

/** The path of the route the app under test mounts. */
export const CONFORMANCE_ROUTE = '/conformance';

/** The header the app's `tenant` function reads in these tests (an example app reads a verified identity instead). */
export const CONFORMANCE_TENANT_HEADER = 'x-conformance-tenant';

/** The suite's request as the route receives it (JSON). */
export interface ConformanceCall {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  stream?: boolean;
  headers?: Record<string, string>;
  /** A test certificate (PEM) the route trusts for this call's https hops. */
  ca?: string;
}

/** A `fetch` as integrations hand it to routes. */
export type RouteFetch = (input: string, init?: RequestInit) => Promise<Response>;

/** An app under test listening on 127.0.0.1, and every error its error handler logged. */
export interface ConformanceApp {
  url: string;
  errors: unknown[];
  close(): Promise<void>;
}

/**
 * What the app's conformance route does: sends the call with the integration's fetch and
 * relays the upstream status and body.
 */
export async function relayConformanceCall(
  fetch: RouteFetch,
  call: ConformanceCall,
): Promise<ConformanceResponse> {
  const init: RequestInit = { method: call.method };
  if (call.headers) init.headers = call.headers;
  if (call.body !== undefined) {
    if (call.stream) {
      const bytes = new TextEncoder().encode(call.body);
      init.body = new ReadableStream({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      });
      (init as { duplex?: string }).duplex = 'half';
    } else {
      init.body = call.body;
    }
  }
  // The global fetch trusts a test certificate only through a dispatcher of its own.
  const dispatcher = call.ca === undefined ? undefined : new Agent({ connect: { ca: call.ca } });
  if (dispatcher) (init as { dispatcher?: Agent }).dispatcher = dispatcher;
  try {
    const res = await fetch(call.url, init);
    return { status: res.status, body: await res.text() };
  } finally {
    await dispatcher?.close();
  }
}

/** The suite's adapter for an app started by `start`: one HTTP call to the app per request. */
export async function appAdapter(app: ConformanceApp): Promise<AdapterUnderTest> {
  return {
    async send(request: ConformanceRequest) {
      const { tenantId, signal, ...call } = request;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (tenantId !== undefined) headers[CONFORMANCE_TENANT_HEADER] = tenantId;
      const logged = app.errors.length;
      const res = await fetch(`${app.url}${CONFORMANCE_ROUTE}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(call),
        ...(signal && { signal }),
      });
      const text = await res.text();
      if (res.status === 502 || res.status === 503) {
        // The caller sees only the generic upstream answer; the whole error is in the app's log.
        const body = JSON.parse(text) as Record<string, unknown>;
        expect(Object.keys(body).sort()).toEqual(['error', 'message']);
        expect(body.error).toMatch(/^upstream_/);
        if (res.status === 503) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(app.errors.length).toBeGreaterThan(logged);
        throw app.errors.at(-1);
      }
      return JSON.parse(text) as ConformanceResponse;
    },
    close: () => app.close(),
  };
}
