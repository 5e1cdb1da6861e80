import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs a snippet in a plain Node process that loads the built package by its own name. */
function run(args: string[]): string {
  return execFileSync(process.execPath, args, {
    cwd: packageDir,
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('the built package', () => {
  it('loads as ESM', () => {
    const out = run([
      '--input-type=module',
      '-e',
      "const m = await import('@visma-auth/got'); console.log(Object.keys(m).sort().join(','))",
    ]);
    expect(out.trim()).toBe('vismaAuthHooks');
  });

  it("throws core's VismaConfigError from both builds when no origin is allowed", () => {
    const provider = '{ getToken() {}, invalidate() {} }';
    const attempt = `try { m.vismaAuthHooks(${provider}); console.log('no error') } catch (e) { console.log(e.code, e.option) }`;
    const esm = run([
      '--input-type=module',
      '-e',
      `const m = await import('@visma-auth/got'); ${attempt}`,
    ]);
    const cjs = run(['-e', `const m = require('@visma-auth/got'); ${attempt}`]);
    expect(esm.trim()).toBe('ERR_VISMA_CONFIG allowedOrigins');
    expect(cjs.trim()).toBe('ERR_VISMA_CONFIG allowedOrigins');
  });

  it('loads as CommonJS', () => {
    const out = run(['-e', "console.log(typeof require('@visma-auth/got').vismaAuthHooks)"]);
    expect(out.trim()).toBe('function');
  });
});
