// Starts each production build (.next-turbopack, .next-webpack) with `next start` against a local
// Visma Connect and API started as their own process. On each runtime (Node.js, edge), 50
// concurrent cold requests must cost one token request, and a tenant Visma Connect refuses must
// come back as VismaOAuthError, named so inside Next's minified server bundle. Then `next dev`:
// three edits of lib/visma.ts, each evaluating it again, must not cost another token request.
import { appendFileSync } from 'node:fs';
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
  await checkDevReloads();
} finally {
  await mock.close();
}

/**
 * `next dev` evaluates a module again after each edit; `shared` must hand the reloaded module the
 * provider it had. Each edit adds a log line to lib/visma.ts, so the server's output shows when
 * the new version has run (this copy of the cell is a temporary one).
 */
async function checkDevReloads() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/node`;
  // The first request (startApp waits for it) fetches the one token the whole session needs.
  await mock.reset();
  const app = await startApp({
    command: process.execPath,
    args: [next, 'dev', '--hostname', '127.0.0.1', '--port', String(port)],
    env: { ...mock.env, NEXT_DIST_DIR: '.next-dev', NEXT_TELEMETRY_DISABLED: '1' },
    url,
  });
  try {
    for (let edit = 1; edit <= 3; edit += 1) {
      const marker = `lib/visma.ts edit ${edit} evaluated`;
      appendFileSync('lib/visma.ts', `\nconsole.log('${marker}');\n`);
      // Bounded: the file watcher may take a moment to see the edit.
      for (let tries = 0; !app.output().includes(marker); tries += 1) {
        if (tries === 60) throw new Error(`next dev: ${marker} never showed:\n${app.output()}`);
        const answer = await get(url);
        if (answer.status !== 200) throw new Error(`next dev: ${JSON.stringify(answer)}`);
        if (!app.output().includes(marker)) await new Promise((r) => setTimeout(r, 500));
      }
    }
    const { connect } = await mock.counts();
    console.log(`check next dev: first request + 3 edits -> ${connect.token} token request(s)`);
    if (connect.token !== 1)
      throw new Error(`next dev: expected 1 token request, with 3 edits, got ${connect.token}`);
  } finally {
    await app.stop();
  }
}
