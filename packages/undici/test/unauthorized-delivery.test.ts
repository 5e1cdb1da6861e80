import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cwd = fileURLToPath(new URL('..', import.meta.url));
/** The undici the tests run with: the undici 8 run sets UNDICI_PACKAGE to its alias. */
const undiciPackage = process.env.UNDICI_PACKAGE ?? 'undici';

describe('a held 401 handed to the caller later', () => {
  it('ends the request through onResponseError when the caller throws, and the process lives', {
    timeout: 60_000,
  }, async () => {
    // A child process: an unhandled rejection there ends it with exit code 1 instead of
    // failing whichever test runs next in this worker.
    const child = await run(
      process.execPath,
      ['--import', 'tsx', 'test/fixtures/stream-rejected-401.ts', undiciPackage],
      { cwd, timeout: 45_000 },
    ).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        code: error.code,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
    expect({ code: child.code, stderr: child.stderr }).toEqual({ code: 0, stderr: '' });
    // The first call is retried once; the rest meet the rejection hold and get the 401 at once.
    expect(JSON.parse(child.stdout)).toEqual({
      outcomes: ['status 401', 'status 401', 'status 401', 'status 401'],
      apiRequests: 5,
    });
  });
});
