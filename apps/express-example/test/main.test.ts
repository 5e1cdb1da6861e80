import { fileURLToPath } from 'node:url';
import { expectTenantDemo, runExample } from '@visma-auth-internal/demo-kit/test';
import { it } from 'vitest';

const appDir = fileURLToPath(new URL('..', import.meta.url));

it('runs end to end against the local Visma Connect, and exits on its own', async () => {
  expectTenantDemo(await runExample(appDir, 40_000));
}, 50_000);
