/** A ```ts block of a README, with what the markers before it said. */
export interface Snippet {
  /** The README's path relative to the repository root, with `/` separators. */
  readme: string;
  /** 1-based README line of the block's first code line. */
  line: number;
  code: string;
  /** Marked `<!-- snippet-prelude -->`: later blocks of the README see its declarations. */
  prelude: boolean;
  /** Inside an HTML comment, so readers never see it; only a prelude may be hidden. */
  hidden: boolean;
  /** The reason given by `<!-- snippet: no-check (reason) -->`, when the block opts out. */
  noCheck?: string;
}

/** What {@link extractSnippets} found in one README, and the markers it could not accept. */
export interface Extracted {
  snippets: Snippet[];
  errors: string[];
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/;
const TS_LANGS = new Set(['ts', 'typescript']);
const PRELUDE = /^<!--\s*snippet-prelude\s*-->$/;
const NO_CHECK = /^<!--\s*snippet:\s*no-check\s*\((.*)\)\s*-->$/;

/**
 * Finds the TypeScript blocks of a Markdown file (fences ```ts and ```typescript, indented ones
 * in lists too) and the `<!-- snippet… -->` marker before each.
 */
export function extractSnippets(readme: string, markdown: string): Extracted {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  const errors: string[] = [];
  let marker: { prelude: boolean; noCheck?: string; line: number } | undefined;
  let inComment = false;

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const trimmed = text.trim();
    const fence = FENCE.exec(text);
    if (fence) {
      const [, indent = '', ticks = '```', lang = ''] = fence;
      const body: string[] = [];
      let end = i + 1;
      while (end < lines.length && !isClosingFence(lines[end] ?? '', ticks)) {
        body.push(stripIndent(lines[end] ?? '', indent.length));
        end++;
      }
      if (TS_LANGS.has(lang.toLowerCase())) {
        const snippet: Snippet = {
          readme,
          line: i + 2,
          code: body.join('\n'),
          prelude: marker?.prelude ?? false,
          hidden: inComment,
        };
        if (marker?.noCheck !== undefined) snippet.noCheck = marker.noCheck;
        if (snippet.hidden && !snippet.prelude) {
          errors.push(
            `${readme}:${i + 1}: a hidden ts block must be a prelude (<!-- snippet-prelude --> before it).`,
          );
        }
        snippets.push(snippet);
      } else if (marker) {
        errors.push(`${readme}:${marker.line}: the snippet marker is not followed by a ts block.`);
      }
      marker = undefined;
      i = end;
      continue;
    }
    if (trimmed.startsWith('<!--') && /^<!--\s*snippet/.test(trimmed)) {
      if (marker) errors.push(`${readme}:${marker.line}: a snippet marker without its block.`);
      const noCheck = NO_CHECK.exec(trimmed);
      if (PRELUDE.test(trimmed)) {
        marker = { prelude: true, line: i + 1 };
      } else if (noCheck && (noCheck[1] ?? '').trim().length > 0) {
        marker = { prelude: false, noCheck: (noCheck[1] ?? '').trim(), line: i + 1 };
      } else {
        marker = undefined;
        errors.push(
          `${readme}:${i + 1}: unknown snippet marker ${trimmed}; use <!-- snippet-prelude --> or <!-- snippet: no-check (the reason) -->.`,
        );
      }
      continue;
    }
    if (trimmed === '<!--') {
      inComment = true;
      continue;
    }
    if (inComment && trimmed === '-->') {
      inComment = false;
      continue;
    }
    if (trimmed !== '' && marker) {
      errors.push(`${readme}:${marker.line}: the snippet marker is not followed by a ts block.`);
      marker = undefined;
    }
  }
  if (marker)
    errors.push(`${readme}:${marker.line}: the snippet marker is not followed by a ts block.`);
  return { snippets, errors };
}

function isClosingFence(line: string, ticks: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith(ticks) && /^[`~]+$/.test(trimmed);
}

function stripIndent(line: string, width: number): string {
  let cut = 0;
  while (cut < width && line[cut] === ' ') cut++;
  return line.slice(cut);
}
