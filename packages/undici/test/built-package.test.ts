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
      "const m = await import('@visma-auth/undici'); console.log(Object.keys(m).sort().join(','))",
    ]);
    expect(out.trim()).toBe('vismaAuth');
  });

  it("throws core's VismaConfigError from both builds when no origin is allowed", () => {
    const provider = '{ getToken() {}, invalidate() {} }';
    const attempt = `try { m.vismaAuth(${provider}, {}); console.log('no error') } catch (e) { console.log(e.code, e.option) }`;
    const esm = run([
      '--input-type=module',
      '-e',
      `const m = await import('@visma-auth/undici'); ${attempt}`,
    ]);
    const cjs = run(['-e', `const m = require('@visma-auth/undici'); ${attempt}`]);
    expect(esm.trim()).toBe('ERR_VISMA_CONFIG origins');
    expect(cjs.trim()).toBe('ERR_VISMA_CONFIG origins');
  });

  it('loads as CommonJS', () => {
    const out = run(['-e', "console.log(typeof require('@visma-auth/undici').vismaAuth)"]);
    expect(out.trim()).toBe('function');
  });
});
