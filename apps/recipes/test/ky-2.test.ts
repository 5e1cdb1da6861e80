// ky 2 needs Node 22: scripts/test-node-22.mjs runs this file there (vitest.node-22.config.ts).
import { describe } from 'vitest';
import { createErpKy } from '../src/ky-2.js';
import { kyRecipeCases } from './ky-recipe-cases.js';
import { useRecipeServers } from './recipe-servers.js';

const servers = useRecipeServers();

// An absolute URL bypasses ky 2's baseUrl without any option.
describe('ky 2 recipe', () => kyRecipeCases(servers, createErpKy, {}));
