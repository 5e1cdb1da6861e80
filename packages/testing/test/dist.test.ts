import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

// What users get: the built package loaded by plain Node, through its package.json exports.
const script = (load: string) => `
  const { startMockConnect, startMockApi, DEMO_CLIENT } = ${load};
  const connect = await startMockConnect();
  const api = await startMockApi({ connect });
  const res = await fetch(connect.tokenUrl, { method: 'POST', body: new URLSearchParams({
    grant_type: 'client_credentials', scope: DEMO_CLIENT.allowedScopes[0],
    client_id: DEMO_CLIENT.clientId, client_secret: DEMO_CLIENT.clientSecret }) });
  const { access_token } = await res.json();
  const echo = await fetch(api.url + '/x', { headers: { authorization: 'Bearer ' + access_token } });
  console.log(res.status, echo.status);
  await api.close();
  await connect.close();
`;

describe('built package', () => {
  it.each([
    ['ESM', `await import('@visma-auth/testing')`, '--input-type=module'],
    ['CJS', `require('@visma-auth/testing')`, '--input-type=commonjs'],
  ])('works from %s', { timeout: 60_000 }, async (_name, load, inputType) => {
    const code = inputType.endsWith('module') ? script(load) : `(async () => {${script(load)}})()`;
    // Only a guard against a hang: a loaded machine may take many seconds to start Node and
    // generate the signing key.
    const { stdout } = await run(process.execPath, [inputType, '-e', code], {
      cwd: root,
      timeout: 45_000,
    });
    expect(stdout.trim()).toBe('200 200');
  });
});
