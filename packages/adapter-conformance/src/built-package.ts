import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** What a package's built-artifact test checks; see {@link describeBuiltPackage}. */
export interface BuiltPackageSpec {
  /** The package's directory; the snippets run there, so its name resolves to its own build. */
  packageDir: string;
  /** The package name, e.g. `@visma-auth/fetch`. */
  name: string;
  /** Every runtime export with its `typeof`, e.g. `{ createVismaFetch: 'function' }`. */
  exports: Record<string, string>;
  /** An expression that must throw (or reject with) core's `VismaConfigError`; `m` is the module, `provider` a stub. */
  configError: { call: string; code?: string; option: string };
}

/** Runs a snippet in a plain Node process, so the test sees the artifact users install. */
function run(cwd: string, args: string[]): string {
  return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 20_000 }).trim();
}

/** Declares tests that load a built package by its own name as ESM and as CommonJS. */
export function describeBuiltPackage({ packageDir, name, exports, configError }: BuiltPackageSpec) {
  const esm = (body: string) =>
    run(packageDir, [
      '--input-type=module',
      '-e',
      `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); const m = await import(${JSON.stringify(name)}); ${body}`,
    ]);
  const cjs = (body: string) =>
    run(packageDir, ['-e', `const m = require(${JSON.stringify(name)}); ${body}`]);
  const listExports =
    "console.log(Object.keys(m).sort().map((k) => [k, typeof m[k]].join(':')).join(','))";
  const expected = Object.keys(exports)
    .sort()
    .map((k) => `${k}:${exports[k]}`)
    .join(',');

  describe(`the built ${name}`, () => {
    it('loads as ESM with every export', () => {
      expect(esm(listExports)).toBe(expected);
    });

    it('loads as CommonJS with every export', () => {
      expect(cjs(listExports)).toBe(expected);
    });

    it('gives ESM the same bindings as CommonJS (one module instance)', () => {
      const same = `const r = require(${JSON.stringify(name)}); console.log(Object.keys(m).every((k) => m[k] === r[k]))`;
      expect(esm(same)).toBe('true');
    });

    it(`throws core's VismaConfigError from both builds naming ${configError.option}`, () => {
      const attempt = `const { VismaConfigError } = require('@visma-auth/core'); const provider = { getToken() {}, invalidate() {} }; (async () => { try { await (${configError.call}); console.log('no error') } catch (e) { console.log(e instanceof VismaConfigError, e.code, e.option) } })()`;
      const thrown = `true ${configError.code ?? 'ERR_VISMA_CONFIG'} ${configError.option}`;
      expect(esm(attempt)).toBe(thrown);
      expect(cjs(attempt)).toBe(thrown);
    });
  });
}
