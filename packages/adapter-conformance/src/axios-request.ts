import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import type { ConformanceRequest } from './types.js';

/** Axios options that resolve every status and keep the body as raw text, the way the suite reads a response. */
export const axiosRawResponse = {
  validateStatus: () => true,
  responseType: 'text' as const,
  transformResponse: [(data: unknown) => data],
};

/** The axios request config for one conformance request, for adapters built on axios. */
export function toAxiosRequest({
  url,
  method,
  body,
  stream,
  headers,
  tenantId,
  signal,
  ca,
}: ConformanceRequest) {
  return {
    url,
    method,
    signal,
    headers: { 'content-type': 'application/json', ...headers },
    data: stream && body !== undefined ? Readable.from([body]) : body,
    ...(tenantId === undefined ? {} : { vismaAuth: { tenantId } }),
    ...(ca === undefined ? {} : { httpsAgent: new HttpsAgent({ ca, keepAlive: false }) }),
  };
}
