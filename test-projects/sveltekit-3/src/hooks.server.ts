import type { ServerInit } from '@sveltejs/kit/hooks';
import { provider } from './lib/server/visma';

/** adapter-node emits `sveltekit:shutdown` on SIGINT/SIGTERM: close the provider then. */
export const init: ServerInit = () => {
  process.once('sveltekit:shutdown', () => provider.close());
};
