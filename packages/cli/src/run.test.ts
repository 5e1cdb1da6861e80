import { type MockConnect, startMockConnect } from '@visma-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, VERSION } from './run.js';
import { memoryIo, memoryStream } from './test-io.js';

let connect: MockConnect;
beforeAll(async () => {
  connect = await startMockConnect();
});
afterAll(async () => {
  await connect.close();
});

const tokenArgs = () => [
  'token',
  '--authority',
  connect.url,
  '--client-id',
  'demo-client',
  '--scopes',
  'visma_api:read',
];
const env = { VISMA_CLIENT_SECRET: 'demo-secret' };

describe('run', () => {
  it('returns exit codes instead of exiting', async () => {
    const io = memoryIo();
    expect(await run(['--version'], io)).toBe(0);
    expect(io.stdout.text).toBe(`${VERSION}\n`);
    expect(await run(['nope'], memoryIo())).toBe(2);
    expect(await run(['token', '--bogus'], memoryIo())).toBe(2);
  });

  it('colours output and draws a spinner on a TTY', async () => {
    const io = memoryIo({ env, stdout: memoryStream(true), stderr: memoryStream(true) });
    expect(await run(tokenArgs(), io)).toBe(0);
    expect(io.stdout.text).toContain('\u001b[32m✓\u001b[39m');
    expect(io.stderr.text).toContain('Requesting a token from');
    // The spinner erases itself, leaving nothing behind on the line.
    expect(io.stderr.text.endsWith('\r\u001b[2K')).toBe(true);
  });

  it('honours NO_COLOR and keeps stderr quiet off a TTY', async () => {
    const tty = memoryIo({ env: { ...env, NO_COLOR: '1' }, stdout: memoryStream(true) });
    expect(await run(tokenArgs(), tty)).toBe(0);
    expect(tty.stdout.text).not.toContain('\u001b[');
    const piped = memoryIo({ env });
    expect(await run(tokenArgs(), piped)).toBe(0);
    expect(piped.stderr.text).toBe('');
  });

  it('cancels a hanging token request when the signal aborts', async () => {
    connect.failNext({ hang: true });
    const controller = new AbortController();
    const io = memoryIo({ env, signal: controller.signal });
    const pending = run(tokenArgs(), io);
    setTimeout(() => controller.abort(new Error('Interrupted by SIGINT.')), 100);
    expect(await pending).toBe(1);
    expect(io.stderr.text).toContain('Interrupted by SIGINT.');
    connect.reset();
  });
});
