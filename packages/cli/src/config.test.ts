import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from './args.js';
import { effectiveAuthority, parseScopes, resolveConnection } from './config.js';
import type { CliReadable } from './io.js';
import { memoryIo } from './test-io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dirWithEnv(content: string, name = '.env'): string {
  const dir = mkdtempSync(join(tmpdir(), 'visma-auth-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, name), content);
  return dir;
}
const resolveWith = (values: Record<string, string | boolean>, io = memoryIo()) =>
  resolveConnection(values, io, 'usage', 'token');

describe('resolveConnection', () => {
  it('prefers flags over the environment over .env, and records the sources', async () => {
    const cwd = dirWithEnv(
      'VISMA_CLIENT_ID=from-file\nVISMA_SCOPES=a:read\nVISMA_TENANT_ID=t-file\nVISMA_CLIENT_SECRET=s\n',
    );
    const io = memoryIo({ cwd, env: { VISMA_CLIENT_ID: 'from-env', VISMA_TENANT_ID: 't-env' } });
    const settings = await resolveWith({ 'tenant-id': 't-flag' }, io);
    expect(settings).toMatchObject({
      clientId: 'from-env',
      tenantId: 't-flag',
      scopes: ['a:read'],
      clientSecret: 's',
    });
    expect(settings.sources).toEqual({
      clientId: 'VISMA_CLIENT_ID',
      tenantId: '--tenant-id',
      scopes: 'VISMA_SCOPES in .env',
      clientSecret: 'VISMA_CLIENT_SECRET in .env',
    });
  });

  it('reads a named --dotenv file and rejects a missing one', async () => {
    const cwd = dirWithEnv(
      'VISMA_CLIENT_ID=x\nVISMA_CLIENT_SECRET=y\nVISMA_SCOPES=a b,c\n',
      'staging.env',
    );
    const settings = await resolveWith({ dotenv: 'staging.env' }, memoryIo({ cwd }));
    expect(settings.scopes).toEqual(['a', 'b', 'c']);
    await expect(resolveWith({ dotenv: 'missing.env' }, memoryIo({ cwd }))).rejects.toThrow(
      /missing\.env: no such file/,
    );
  });

  it('names the flag and the variable of a missing setting', async () => {
    const io = memoryIo({ env: { VISMA_CLIENT_SECRET: 's', VISMA_SCOPES: 'a' } });
    const error = await resolveWith({}, io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      'Missing the client id: pass --client-id or set VISMA_CLIENT_ID (in the environment or .env).',
    );
  });

  it('rejects an unknown environment and auth method, naming where the value came from', async () => {
    const io = memoryIo({
      env: {
        VISMA_CLIENT_ID: 'c',
        VISMA_CLIENT_SECRET: 's',
        VISMA_SCOPES: 'a',
        VISMA_ENVIRONMENT: 'prod',
      },
    });
    await expect(resolveWith({}, io)).rejects.toThrow(
      'VISMA_ENVIRONMENT must be "production" or "staging", got "prod".',
    );
    const io2 = memoryIo({
      env: { VISMA_CLIENT_ID: 'c', VISMA_CLIENT_SECRET: 's', VISMA_SCOPES: 'a' },
    });
    await expect(resolveWith({ 'auth-method': 'private_key_jwt' }, io2)).rejects.toThrow(
      /--auth-method must be one of/,
    );
  });

  it('warns about --client-secret and refuses it together with --client-secret-stdin', async () => {
    const base = { 'client-id': 'c', scopes: 'a' };
    const settings = await resolveWith({ ...base, 'client-secret': 's' });
    expect(settings.warnings[0]).toMatch(/shell history/);
    expect(settings.sources.clientSecret).toBe('--client-secret');
    await expect(
      resolveWith({ ...base, 'client-secret': 's', 'client-secret-stdin': true }),
    ).rejects.toThrow(/not both/);
  });

  it('reads the first line of piped stdin as the secret', async () => {
    const stdin = Readable.from(['  piped-secret\r\n', 'ignored\n']) as unknown as CliReadable;
    const settings = await resolveWith(
      { 'client-id': 'c', scopes: 'a', 'client-secret-stdin': true },
      memoryIo({ stdin }),
    );
    expect(settings.clientSecret).toBe('piped-secret');
    expect(settings.sources.clientSecret).toBe('stdin');
  });

  it('rejects empty stdin', async () => {
    const stdin = Readable.from([]) as unknown as CliReadable;
    await expect(
      resolveWith(
        { 'client-id': 'c', scopes: 'a', 'client-secret-stdin': true },
        memoryIo({ stdin }),
      ),
    ).rejects.toThrow(/stdin was empty/);
  });
});

describe('parseScopes', () => {
  it('splits on spaces and commas and drops duplicates', () => {
    expect(parseScopes(' a:read, b:write  a:read,,c ')).toEqual(['a:read', 'b:write', 'c']);
    expect(parseScopes(undefined)).toEqual([]);
  });
});

describe('effectiveAuthority', () => {
  const base = { clientId: 'c', clientSecret: 's', scopes: ['a'], sources: {}, warnings: [] };
  it('fills in what the provider defaults to', () => {
    expect(effectiveAuthority(base)).toBe('https://connect.visma.com');
    expect(effectiveAuthority({ ...base, environment: 'staging' })).toBe(
      'https://connect.identity.stagaws.visma.com',
    );
    expect(effectiveAuthority({ ...base, tokenUrl: 'http://127.0.0.1:9/connect/token' })).toBe(
      'http://127.0.0.1:9',
    );
    expect(effectiveAuthority({ ...base, authority: 'http://127.0.0.1:8' })).toBe(
      'http://127.0.0.1:8',
    );
  });
});
