import { describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import { createVismaFetch } from '../src/index.js';

describeAdapterConformance('createVismaFetch', ({ provider, origins }) => {
  const vfetch = createVismaFetch(provider, { allowedOrigins: origins });
  return {
    async send({ url, method, body, stream, headers, tenantId, signal }) {
      const res = await vfetch(url, {
        method,
        headers,
        signal,
        body: stream && body !== undefined ? streamOf(body) : body,
        ...(stream ? { duplex: 'half' } : {}),
        ...(tenantId === undefined ? {} : { vismaAuth: { tenantId } }),
      } as RequestInit);
      return { status: res.status, body: await res.text() };
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
