import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CheckResult, checkReadmes, formatError } from '../src/check.js';
import { listReadmes } from '../src/readmes.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const readmes = listReadmes(ROOT);
// One program for every snippet of every README: built once, read by each test below.
// README_SNIPPETS_ISOLATED=1 checks each README in a program of its own (slower, stricter).
const isolated = process.env.README_SNIPPETS_ISOLATED === '1';
let result: CheckResult | undefined;
const check = () => {
  result ??= checkReadmes(ROOT, readmes, { isolated });
  return result;
};

describe('README snippets', { timeout: 300_000 }, () => {
  it('are marked with markers the checker knows', () => {
    expect(check().markerErrors).toEqual([]);
  });

  it.each(readmes)('of %s compile', (readme) => {
    const errors = check()
      .errors.filter((error) => error.readme === readme)
      .map(formatError);
    expect(errors).toEqual([]);
  });

  it('all compile, nothing outside them broke the program', () => {
    const { snippets, files, errors } = check();
    const visible = snippets.filter((s) => !s.hidden);
    const optedOut = visible.filter((s) => s.noCheck !== undefined);
    console.log(
      `README snippets: ${visible.length} found in ${readmes.length} READMEs, ${files.length} type-checked, ${optedOut.length} opted out, ${snippets.length - visible.length} hidden preludes`,
    );
    for (const s of optedOut) console.log(`  opted out: ${s.readme}:${s.line} (${s.noCheck})`);
    expect(files.length).toBe(visible.length - optedOut.length);
    expect(errors.filter((e) => !readmes.includes(e.readme)).map(formatError)).toEqual([]);
  });
});
