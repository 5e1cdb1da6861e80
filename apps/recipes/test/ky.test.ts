import { describe } from 'vitest';
import { createErpKy } from '../src/ky.js';
import { kyRecipeCases } from './ky-recipe-cases.js';
import { useRecipeServers } from './recipe-servers.js';

const servers = useRecipeServers();

// ky 1 refuses an absolute URL on an instance with prefixUrl unless the call clears it.
describe('ky 1 recipe', () => kyRecipeCases(servers, createErpKy, { prefixUrl: '' }));
