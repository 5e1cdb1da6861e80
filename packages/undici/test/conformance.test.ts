import { Readable } from 'node:stream';
import { describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import { Agent, interceptors, request } from 'undici';
import { type VismaDispatchOptions, vismaAuth } from '../src/index.js';

describeAdapterConformance('vismaAuth (undici)', ({ provider, origins }) => {
  const agent = new Agent();
  // The redirect interceptor listed first runs inside vismaAuth, as the README recommends.
  const dispatcher = agent.compose(
    interceptors.redirect({ maxRedirections: 3 }),
    vismaAuth(provider, { origins }),
  );
  return {
    async send({ url, method, body, stream, headers, tenantId, signal }) {
      const options: Partial<VismaDispatchOptions> & { signal?: AbortSignal } = {
        method,
        signal,
        headers,
        body: stream && body !== undefined ? Readable.from([body]) : body,
      };
      if (tenantId !== undefined) options.vismaAuth = { tenantId };
      const res = await request(url, { ...options, dispatcher } as Parameters<typeof request>[1]);
      return { status: res.statusCode, body: await res.body.text() };
    },
    close: () => agent.close(),
  };
});
