// Starts the adapter-node build on this Node.js (the pinned 22) against a local Visma Connect and
// API started as their own process: 50 concurrent cold requests must cost one token request, and
// a tenant Visma Connect refuses must come back as VismaOAuthError, named so in the bundle.
import {
  expectErrorName,
  expectOneTokenRequest,
  freePort,
  get,
  startApp,
  startMock,
  UNKNOWN_TENANT,
} from './app-check.mjs';

const mock = await startMock();
try {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = await startApp({
    command: process.execPath,
    args: ['build/index.js'],
    env: { ...mock.env, HOST: '127.0.0.1', PORT: String(port), ORIGIN: origin },
    url: `${origin}/`,
  });
  try {
    const url = `${origin}/customers`;
    await expectOneTokenRequest(mock, `sveltekit (node ${process.versions.node})`, () => get(url));
    expectErrorName('sveltekit, unknown tenant', await get(url, UNKNOWN_TENANT), 'VismaOAuthError');
  } finally {
    await app.stop();
  }
} finally {
  await mock.close();
}
