import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The READMEs whose snippets users copy: the root one, those of every package and app, and those
 * of the consumer projects, relative to `root`.
 */
export function listReadmes(root: string): string[] {
  const found = ['README.md', 'test-projects/README.md'];
  for (const dir of ['packages', 'apps', 'test-projects']) {
    for (const entry of readdirSync(path.join(root, dir)).sort()) {
      const readme = `${dir}/${entry}/README.md`;
      if (entry !== 'node_modules' && isFile(path.join(root, readme))) found.push(readme);
    }
  }
  return found.filter((readme) => isFile(path.join(root, readme)));
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
