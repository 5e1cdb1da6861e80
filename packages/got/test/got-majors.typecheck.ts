// Compiled by `tsc --noEmit` only (never run): the hooks fit `extend({ hooks })` of every got
// major in the peer range. Their runtime behaviour on got 15 and 16 is scripts/test-got-next.mjs.
import type { VismaTokenProvider } from '@visma-auth/core';
import got14 from 'got';
import got15 from 'got-15';
import got16 from 'got-16';
import { vismaAuthHooks } from '../src/index.js';

declare const provider: VismaTokenProvider;
const hooks = vismaAuthHooks(provider, { baseUrl: 'https://api.finance.visma.net' });

export const clients = [got14.extend({ hooks }), got15.extend({ hooks }), got16.extend({ hooks })];
