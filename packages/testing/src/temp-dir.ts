import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onProcessExit } from './redis-server.js';

/** A private temporary directory, removed by `remove()` or, failing that, when this process exits. */
export function temporaryDirectory(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(path, { recursive: true, force: true });
  const cancel = onProcessExit(remove);
  return {
    path,
    remove: () => {
      cancel();
      remove();
    },
  };
}
