import { describe, expect, it } from 'vitest';
import { composeFiles } from './compose.js';
import type { Snippet } from './extract.js';

function snippet(line: number, code: string, extra: Partial<Snippet> = {}): Snippet {
  return { readme: 'README.md', line, code, prelude: false, hidden: false, ...extra };
}

const text = (lines: { text: string }[]) => lines.map((l) => l.text).join('\n');

describe('composeFiles', () => {
  it("gives each snippet the preludes' declarations it does not make itself", () => {
    const prelude = snippet(
      2,
      [
        "import { a, b } from 'm';",
        'declare const provider: number;',
        'const res = provider + 1;',
        'res;',
      ].join('\n'),
      { prelude: true, hidden: true },
    );
    const own = snippet(10, "import { a } from 'other';\nconst provider = 2;\nb(provider);");
    const uses = snippet(20, 'b(res);');
    const [first, second] = composeFiles([prelude, own, uses]);
    // `res` uses the prelude's `provider`, which `own` declares itself: both are left out.
    expect(text(first?.lines ?? [])).toBe(
      "import { b } from 'm';\nimport { a } from 'other';\nconst provider = 2;\nb(provider);",
    );
    expect(text(second?.lines ?? [])).toContain('const res = provider + 1;');
    expect(text(second?.lines ?? [])).not.toContain('res;\n');
    // Each line knows the README line it came from.
    expect(first?.lines.map((l) => l.readmeLine)).toEqual([2, 10, 11, 12]);
  });

  it('checks a shown prelude itself, skips opt-outs, and names files after a path comment', () => {
    const files = composeFiles([
      snippet(1, 'export const x = 1;', { prelude: true }),
      snippet(5, 'broken(', { noCheck: 'a fragment' }),
      snippet(9, '// src/erp-api.ts\nexport interface Paths {}'),
    ]);
    expect(files.map((f) => f.name)).toEqual(['line-1.ts', 'src/erp-api.ts']);
  });
});
