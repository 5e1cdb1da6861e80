import { Readable } from 'node:stream';
import { isVismaAuthError } from '@visma-auth/core';
import { describeAdapterConformance } from '@visma-auth-internal/adapter-conformance';
import got, { RequestError } from 'got';
import { expect } from 'vitest';
import { vismaAuthHooks } from '../src/index.js';

describeAdapterConformance('vismaAuthHooks (got)', ({ provider, origins }) => {
  const client = got.extend({
    hooks: vismaAuthHooks(provider, { allowedOrigins: origins }),
    throwHttpErrors: false,
    retry: { limit: 0 },
  });
  return {
    async send({ url, method, body, stream, headers, tenantId, signal, ca }) {
      const res = await client(url, {
        method,
        headers,
        body: stream && body !== undefined ? Readable.from([body]) : body,
        signal,
        ...(ca === undefined ? {} : { https: { certificateAuthority: ca } }),
        context: tenantId === undefined ? {} : { vismaAuth: { tenantId } },
      }).catch((error: unknown) => {
        // got wraps what a hook throws in its RequestError (same code and message) with the
        // original as `cause`: that is where a got user finds core's typed error.
        if (error instanceof RequestError && isVismaAuthError(error.cause)) {
          expect(error.code).toBe(error.cause.code);
          throw error.cause;
        }
        throw error;
      });
      return { status: res.statusCode, body: res.body };
    },
  };
});
