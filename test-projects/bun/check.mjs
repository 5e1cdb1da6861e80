// Starts the `bun build --minify` bundle on Bun against a local Visma Connect and API started as
// their own process: 50 concurrent cold requests must cost one token request, and a tenant Visma
// Connect refuses must come back as VismaOAuthError, named so inside the minified bundle.
import {
  expectErrorName,
  expectOneTokenRequest,
  freePort,
  get,
  startApp,
  startMock,
  UNKNOWN_TENANT,
} from './app-check.mjs';

const bun = 'node_modules/@oven/bun-linux-x64/bin/bun';
const mock = await startMock();
try {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/customers`;
  const app = await startApp({
    command: bun,
    args: ['dist/server.js'],
    env: { ...mock.env, PORT: String(port) },
    url: `http://127.0.0.1:${port}/`,
  });
  try {
    await expectOneTokenRequest(mock, 'bun', () => get(url));
    expectErrorName('bun, unknown tenant', await get(url, UNKNOWN_TENANT), 'VismaOAuthError');
  } finally {
    await app.stop();
  }
} finally {
  await mock.close();
}
