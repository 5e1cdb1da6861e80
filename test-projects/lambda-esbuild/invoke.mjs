// Invokes both bundles (dist/cjs, dist/esm) the way the Lambda runtime does, in this plain Node.js
// process, against a local Visma Connect and API started as their own process: first without
// VISMA_CLIENT_ID (the invocation fails with VismaConfigError, the module still loaded), then 50
// concurrent cold invocations (one token request), a warm one (none), and a tenant Visma Connect
// refuses (VismaOAuthError). Exits by itself.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { expectErrorName, expectOneTokenRequest, startMock, UNKNOWN_TENANT } from './app-check.mjs';

const bundles = {
  cjs: async () => createRequire(import.meta.url)('./dist/cjs/index.js'),
  esm: async () => import(pathToFileURL('dist/esm/index.mjs').href),
};

/** An API Gateway HTTP API event, as much of it as the handler reads. */
const event = (headers = {}) => ({ rawPath: '/customers', headers });

const invoke = async (handler, headers) => {
  const result = await handler(event(headers));
  return { status: result.statusCode, body: JSON.parse(result.body) };
};

const mock = await startMock();
try {
  for (const [format, load] of Object.entries(bundles)) {
    // A container: the environment is set before init, then the bundle is loaded once.
    Object.assign(process.env, mock.env);
    delete process.env.VISMA_CLIENT_ID;
    const { handler } = await load();
    expectErrorName(
      `lambda ${format}, no VISMA_CLIENT_ID`,
      await invoke(handler),
      'VismaConfigError',
    );

    process.env.VISMA_CLIENT_ID = mock.env.VISMA_CLIENT_ID;
    await expectOneTokenRequest(mock, `lambda ${format}`, () => invoke(handler));
    const warm = await invoke(handler);
    const { connect } = await mock.counts();
    if (warm.status !== 200 || connect.token !== 1)
      throw new Error(`lambda ${format}: the warm invocation asked for a token (${connect.token})`);
    console.log(`check lambda ${format}: warm invocation -> no new token request`);

    expectErrorName(
      `lambda ${format}, unknown tenant`,
      await invoke(handler, { 'x-tenant-id': UNKNOWN_TENANT }),
      'VismaOAuthError',
    );
  }
} finally {
  await mock.close();
}
