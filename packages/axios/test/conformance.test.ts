import { Readable } from 'node:stream';
import { describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import { createVismaAxios } from '../src/index.js';

describeAdapterConformance('createVismaAxios', ({ provider, origins }) => {
  const client = createVismaAxios(
    provider,
    { validateStatus: () => true, responseType: 'text', transformResponse: [(data) => data] },
    { allowedOrigins: origins },
  );
  return {
    async send({ url, method, body, stream, headers, tenantId, signal }) {
      const res = await client.request<string>({
        url,
        method,
        signal,
        headers: { 'content-type': 'application/json', ...headers },
        data: stream && body !== undefined ? Readable.from([body]) : body,
        ...(tenantId === undefined ? {} : { vismaAuth: { tenantId } }),
      });
      return { status: res.status, body: res.data };
    },
  };
});
