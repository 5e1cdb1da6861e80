import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import * as installed from '../src/index.js';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
let dir: string | undefined;

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** Bundles core as an app's bundler would (one file, class names free to change) and loads it. */
async function bundledCore(minify: boolean): Promise<typeof installed> {
  dir ??= await mkdtemp(join(tmpdir(), 'visma-auth-bundle-'));
  // Another module's classes of the same names, bundled first, make esbuild rename core's
  // even without minifying (to VismaOAuthError2, as in an app's bundle).
  const other = join(dir, 'other.ts');
  await writeFile(other, 'export class VismaOAuthError {}\nexport class VismaConfigError {}\n');
  const wrapper = join(dir, `entry-${minify}.ts`);
  await writeFile(
    wrapper,
    [
      `import * as other from ${JSON.stringify(other)};`,
      'export const others = other;',
      `export * from ${JSON.stringify(entry)};`,
    ].join('\n'),
  );
  const outfile = join(dir, `core-${minify ? 'min' : 'plain'}.mjs`);
  await build({
    entryPoints: [wrapper],
    bundle: true,
    minify,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** One error of each class, made by the given copy of core. */
function errorsOf(core: typeof installed): Array<[string, installed.VismaAuthError]> {
  const thrown = (() => {
    try {
      new core.VismaTokenProvider({ clientId: '', scopes: 'x' });
    } catch (error) {
      return error as installed.VismaAuthError;
    }
    throw new Error('expected the provider to throw');
  })();
  return [
    ['VismaConfigError', thrown],
    ['VismaAuthError', new core.VismaAuthError('x')],
    ['VismaOAuthError', new core.VismaOAuthError({ error: 'invalid_client', httpStatus: 401 })],
    ['VismaServerError', new core.VismaServerError(503)],
    ['VismaTokenResponseError', new core.VismaTokenResponseError('html')],
    ['VismaTimeoutError', new core.VismaTimeoutError('attempt', 10)],
    ['VismaNetworkError', new core.VismaNetworkError('https://connect.visma.com', new Error('x'))],
    ['VismaClosedError', new core.VismaClosedError()],
    ['VismaTenantError', new core.VismaTenantError('the tenant function threw')],
  ];
}

/** The classes of {@link errorsOf}'s errors, in the same order. */
function classesOf(core: typeof installed): Array<abstract new (...args: never[]) => unknown> {
  return [
    core.VismaConfigError,
    core.VismaAuthError,
    core.VismaOAuthError,
    core.VismaServerError,
    core.VismaTokenResponseError,
    core.VismaTimeoutError,
    core.VismaNetworkError,
    core.VismaClosedError,
    core.VismaTenantError,
  ];
}

describe.each([
  ['minified', true],
  ['not minified', false],
])('errors from a %s bundle of core', (_label, minify) => {
  it('keep their literal names in name, toJSON() and util.inspect', async () => {
    const core = await bundledCore(minify);
    const names = errorsOf(core).map(([, e]) => [e.name, e.toJSON().name]);
    expect(names).toEqual(errorsOf(installed).map(([name]) => [name, name]));
  });

  it('are recognised by isVismaAuthError and instanceof of the installed core, and back', async () => {
    const core = await bundledCore(minify);
    const ours = classesOf(installed);
    const theirs = classesOf(core);
    errorsOf(core).forEach(([name, error], i) => {
      expect(installed.isVismaAuthError(error)).toBe(true);
      expect(error).toBeInstanceOf(installed.VismaAuthError);
      expect(error, name).toBeInstanceOf(ours[i]);
    });
    errorsOf(installed).forEach(([name, error], i) => {
      expect(core.isVismaAuthError(error)).toBe(true);
      expect(error, name).toBeInstanceOf(theirs[i]);
    });
    const oauth = errorsOf(core)[2]?.[1];
    expect(oauth).not.toBeInstanceOf(installed.VismaServerError);
    expect(oauth).not.toBeInstanceOf(installed.VismaConfigError);
  });
});
