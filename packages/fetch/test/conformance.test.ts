import { describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import { Agent } from 'undici';
import { createVismaFetch } from '../src/index.js';

describeAdapterConformance('createVismaFetch', ({ provider, origins }) => {
  const vfetch = createVismaFetch(provider, { allowedOrigins: origins });
  return {
    async send({ url, method, body, stream, headers, tenantId, signal, ca }) {
      // The global fetch trusts a test certificate only through a dispatcher of its own.
      const dispatcher = ca === undefined ? undefined : new Agent({ connect: { ca } });
      const res = await vfetch(url, {
        method,
        headers,
        signal,
        body: stream && body !== undefined ? streamOf(body) : body,
        ...(stream ? { duplex: 'half' } : {}),
        ...(tenantId === undefined ? {} : { vismaAuth: { tenantId } }),
        ...(dispatcher === undefined ? {} : { dispatcher }),
      } as RequestInit);
      const text = await res.text();
      await dispatcher?.close();
      return { status: res.status, body: text };
    },
  };
});

function streamOf(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
}
