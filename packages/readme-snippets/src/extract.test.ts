import { describe, expect, it } from 'vitest';
import { extractSnippets } from './extract.js';

const fence = '```';

describe('extractSnippets', () => {
  it('finds ts and typescript blocks, indented ones too, and skips other languages', () => {
    const markdown = [
      '# Title',
      `${fence}ts`,
      'const a = 1;',
      fence,
      `${fence}sh`,
      'npm test',
      fence,
      '- a list item:',
      `  ${fence}typescript`,
      '  const b = 2;',
      `  ${fence}`,
    ].join('\n');
    const { snippets, errors } = extractSnippets('README.md', markdown);
    expect(errors).toEqual([]);
    expect(snippets.map((s) => [s.line, s.code])).toEqual([
      [3, 'const a = 1;'],
      [10, 'const b = 2;'],
    ]);
  });

  it('reads a shown prelude, a hidden one, and an opt-out with its reason', () => {
    const markdown = [
      '<!-- snippet-prelude -->',
      '<!--',
      `${fence}ts`,
      'declare const x: number;',
      fence,
      '-->',
      '',
      '<!-- snippet-prelude -->',
      `${fence}ts`,
      'const y = x;',
      fence,
      '<!-- snippet: no-check (a partial class body) -->',
      '',
      `${fence}ts`,
      'foo(): void',
      fence,
    ].join('\n');
    const { snippets, errors } = extractSnippets('README.md', markdown);
    expect(errors).toEqual([]);
    expect(snippets).toMatchObject([
      { prelude: true, hidden: true },
      { prelude: true, hidden: false },
      { prelude: false, hidden: false, noCheck: 'a partial class body' },
    ]);
  });

  it('rejects an opt-out without a reason, unknown markers and markers without a block', () => {
    const markdown = [
      '<!-- snippet: no-check -->',
      `${fence}ts`,
      'x',
      fence,
      '<!-- snippet: no-check () -->',
      `${fence}ts`,
      'x',
      fence,
      '<!-- snippet-prelude -->',
      'Some text.',
      '<!-- snippet: no-check (why) -->',
      `${fence}sh`,
      'ls',
      fence,
      '<!--',
      `${fence}ts`,
      'hidden();',
      fence,
      '-->',
    ].join('\n');
    const { snippets, errors } = extractSnippets('X.md', markdown);
    expect(errors).toEqual([
      expect.stringContaining('X.md:1: unknown snippet marker'),
      expect.stringContaining('X.md:5: unknown snippet marker'),
      'X.md:9: the snippet marker is not followed by a ts block.',
      'X.md:11: the snippet marker is not followed by a ts block.',
      expect.stringContaining('X.md:16: a hidden ts block must be a prelude'),
    ]);
    // Without a valid marker the blocks are checked.
    expect(snippets.filter((s) => s.noCheck !== undefined)).toEqual([]);
  });
});
