import { Readable } from 'node:stream';
import { describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import { Agent, interceptors, request } from 'undici';
import { type VismaDispatchOptions, vismaAuth } from '../src/index.js';

describeAdapterConformance('vismaAuth (undici)', ({ provider, origins }) => {
  // The redirect interceptor listed first runs inside vismaAuth, as the README recommends.
  const build = (agent: Agent) =>
    agent.compose(interceptors.redirect({ maxRedirections: 3 }), vismaAuth(provider, { origins }));
  const agent = new Agent();
  const shared = build(agent);
  return {
    async send({ url, method, body, stream, headers, tenantId, signal, ca }) {
      // A test certificate is trusted through an agent of its own, built the same way.
      const own = ca === undefined ? undefined : new Agent({ connect: { ca } });
      const dispatcher = own === undefined ? shared : build(own);
      const options: Partial<VismaDispatchOptions> & { signal?: AbortSignal } = {
        method,
        signal,
        headers,
        body: stream && body !== undefined ? Readable.from([body]) : body,
      };
      if (tenantId !== undefined) options.vismaAuth = { tenantId };
      try {
        const res = await request(url, { ...options, dispatcher } as Parameters<typeof request>[1]);
        return { status: res.statusCode, body: await res.body.text() };
      } finally {
        await own?.close();
      }
    },
    close: () => agent.close(),
  };
});
