// Runs the ky 2 recipe and the got recipe on got 16 on Node 22 (both need it); the other tests
// run on the Node that runs pnpm, with ky 1 and got 14.
import { vitestOnNode22 } from '@visma-auth-internal/node-22';

vitestOnNode22('vitest.node-22.config.ts', [{ label: 'ky 2 and got 16', env: {} }]);
