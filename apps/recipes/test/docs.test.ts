import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const root = new URL('../', import.meta.url);

/** The ```ts blocks of the README, each naming its file on its first line. */
async function snippets(): Promise<Map<string, string>> {
  const readme = await readFile(new URL('README.md', root), 'utf8');
  const blocks = new Map<string, string>();
  for (const match of readme.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const body = match[1] ?? '';
    const file = /^\/\/ (src\/[\w.-]+\.ts)\n/.exec(body)?.[1];
    expect(file, `a snippet does not name its file: ${body.slice(0, 60)}`).toBeDefined();
    blocks.set(file as string, body);
  }
  return blocks;
}

describe('the recipes README', () => {
  it('shows every recipe file exactly as the tests run it', async () => {
    const blocks = await snippets();
    const files = (await readdir(new URL('src/', root))).map((f) => `src/${f}`).sort();
    expect([...blocks.keys()].sort()).toEqual(files);
    for (const [file, body] of blocks) {
      expect(body, file).toBe(await readFile(new URL(file, root), 'utf8'));
    }
  });
});
