import { afterEach, describe, expect, it } from 'vitest';
import { collect, firstLine, killAll, spawnCli } from './run-cli.js';

afterEach(() => {
  killAll();
});

interface MockSummary {
  authority: string;
  tokenUrl: string;
  apiUrl: string | null;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  tenantIds: string[];
}

describe('visma-auth mock', () => {
  it('serves tokens and the API until SIGTERM, then exits 0', async () => {
    const child = spawnCli(['mock', '--port', '0', '--api', '--json']);
    const done = collect(child, undefined, 15_000);
    const summary = JSON.parse(await firstLine(child)) as MockSummary;
    expect(summary.clientId).toBe('demo-client');
    expect(summary.authority).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const response = await fetch(summary.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: summary.scopes[0] ?? '',
        client_id: summary.clientId,
        client_secret: summary.clientSecret,
      }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const apiResponse = await fetch(`${summary.apiUrl}/v1/ping`, {
      headers: { authorization: `Bearer ${access_token}` },
      signal: AbortSignal.timeout(5_000),
    });
    expect(apiResponse.status).toBe(200);

    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    await expect(fetch(summary.tokenUrl, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });

  it('prints the URLs and the demo client id, and stops on SIGINT', async () => {
    const child = spawnCli(['mock', '--port', '0']);
    const done = collect(child, undefined, 15_000);
    const first = await firstLine(child);
    expect(first).toContain('Local Visma Connect is running');
    // The rest of the banner arrives in the same write burst; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/authority\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/client id\s+demo-client/);
    expect(result.stdout).toContain('visma-auth token --authority');
    expect(result.stderr).toContain('Stopped');
  });

  it('exits 1 with a hint when the port is taken', async () => {
    const first = spawnCli(['mock', '--port', '0', '--json']);
    const { authority } = JSON.parse(await firstLine(first)) as MockSummary;
    const port = new URL(authority).port;
    const second = await collect(spawnCli(['mock', '--port', port]), undefined, 10_000);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Port ${port} is already in use`);
  });
});
