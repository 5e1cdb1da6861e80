// Starts each production build (.next-turbopack, .next-webpack) with `next start` against a local
// Visma Connect and API started as their own process. On each runtime (Node.js, edge), 50
// concurrent cold requests must cost one token request, and a tenant Visma Connect refuses must
// come back as VismaOAuthError, named so inside Next's minified server bundle.
import {
  expectErrorName,
  expectOneTokenRequest,
  freePort,
  get,
  startApp,
  startMock,
  UNKNOWN_TENANT,
} from './app-check.mjs';

const next = 'node_modules/next/dist/bin/next';
const mock = await startMock();
try {
  for (const bundler of ['turbopack', 'webpack']) {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const app = await startApp({
      command: process.execPath,
      args: [next, 'start', '--hostname', '127.0.0.1', '--port', String(port)],
      env: { ...mock.env, NEXT_DIST_DIR: `.next-${bundler}`, NEXT_TELEMETRY_DISABLED: '1' },
      url: `${origin}/`,
    });
    try {
      for (const runtime of ['node', 'edge']) {
        const url = `${origin}/api/${runtime}`;
        const label = `next ${bundler}, ${runtime} runtime`;
        await expectOneTokenRequest(mock, label, () => get(url));
        expectErrorName(
          `${label}, unknown tenant`,
          await get(url, UNKNOWN_TENANT),
          'VismaOAuthError',
        );
      }
    } finally {
      await app.stop();
    }
  }
} finally {
  await mock.close();
}
