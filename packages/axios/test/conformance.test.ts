import {
  axiosRawResponse,
  describeAdapterConformance,
  toAxiosRequest,
} from '@visma-auth-internal/adapter-conformance';
import { createVismaAxios } from '../src/index.js';

describeAdapterConformance('createVismaAxios', ({ provider, origins }) => {
  const client = createVismaAxios(provider, axiosRawResponse, { allowedOrigins: origins });
  return {
    async send(request) {
      const res = await client.request<string>(toAxiosRequest(request));
      return { status: res.status, body: res.data };
    },
  };
});
