import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkReadmes, formatError } from '../src/check.js';

const fence = '```';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function readme(markdown: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'readme-snippets-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'README.md'), markdown);
  return dir;
}

describe('checkReadmes', { timeout: 60_000 }, () => {
  it('fails a broken snippet at its README line, and passes it once fixed', () => {
    const markdown = (call: string) =>
      [
        '# Example',
        '',
        '<!-- snippet-prelude -->',
        '<!--',
        `${fence}ts`,
        "import { VismaTokenProvider } from '@visma-auth/core';",
        'declare const provider: VismaTokenProvider;',
        fence,
        '-->',
        '',
        `${fence}ts`,
        'const header: string = await provider.getAuthorizationHeader();',
        call,
        fence,
        '<!-- snippet: no-check (not TypeScript at all) -->',
        `${fence}ts`,
        'this is not code',
        fence,
      ].join('\n');

    const broken = checkReadmes(readme(markdown("await provider.getTokn({ tenantId: 't' });")), [
      'README.md',
    ]);
    expect(broken.errors.map(formatError)).toEqual([
      expect.stringMatching(/^README\.md:13:16 TS2551 Property 'getTokn' does not exist/),
    ]);
    expect(broken.files).toHaveLength(1);

    const fixed = checkReadmes(readme(markdown("await provider.getToken({ tenantId: 't' });")), [
      'README.md',
    ]);
    expect(fixed.errors).toEqual([]);
  });
});
