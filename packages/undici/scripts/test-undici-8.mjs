// Runs the integration and conformance tests again with undici 8 on Node 22 (undici 8 needs
// Node 22.19+; the rest of the suite runs on the Node that runs pnpm).
import { vitestOnNode22 } from '@visma-auth-internal/node-22';

vitestOnNode22('vitest.undici8.config.ts', [{ label: 'undici 8', env: {} }]);
