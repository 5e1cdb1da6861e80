// Runs the integration and conformance tests again with got 15 and got 16 on Node 22 (both need
// Node 22; the rest of the suite runs on the Node that runs pnpm, with got 14).
import { vitestOnNode22 } from '@visma-auth-internal/node-22';

vitestOnNode22(
  'vitest.got-next.config.ts',
  ['15', '16'].map((major) => ({ label: `got ${major}`, env: { GOT_MAJOR: major } })),
);
