import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the built package', () => {
  it('gives import and require one module instance, with the same exports', async () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url));
    const script = `
      const esm = await import('@visma-auth/core');
      const cjs = (await import('node:module')).createRequire(import.meta.url)('@visma-auth/core');
      const names = Object.keys(cjs).filter((n) => n !== '__esModule').sort();
      const differing = names.filter((n) => esm[n] !== cjs[n]);
      console.log(JSON.stringify({ names, esmNames: Object.keys(esm).sort(), differing }));
    `;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd,
      timeout: 15_000,
    });
    const { names, esmNames, differing } = JSON.parse(stdout);
    expect(names).toContain('VismaTokenProvider');
    expect(names).toContain('VismaConfigError');
    expect(esmNames).toEqual(names);
    expect(differing).toEqual([]);
  });
});
