/**
 * The workerd runner: a module worker whose every request runs the cases with the config from
 * its `SMOKE_CONFIG` text binding and answers their results as JSON.
 */
import { runSmoke, type SmokeConfig } from './cases.js';

export default {
  async fetch(_request: Request, env: { SMOKE_CONFIG: string }): Promise<Response> {
    const results = await runSmoke(JSON.parse(env.SMOKE_CONFIG) as SmokeConfig);
    return Response.json({ results });
  },
};
