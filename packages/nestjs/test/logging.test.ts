import 'reflect-metadata';
import { inspect } from 'node:util';
import { Logger, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { describe, expect, it } from 'vitest';
import { VismaAuthModule, type VismaAuthModuleOptions, VismaTokenService } from '../src/index.js';
import { getVismaAuthRegistrationToken } from '../src/injection-tokens.js';
import { demoOptions, useServers } from './helpers.js';

/** Any character that could end or rewrite a log line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for control characters.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

interface Line {
  level: string;
  message: unknown;
  params: unknown[];
}

/** A Nest LoggerService that keeps what it is given. */
class CaptureLogger implements LoggerService {
  readonly lines: Line[] = [];
  log = (message: unknown, ...params: unknown[]) => this.push('log', message, params);
  error = (message: unknown, ...params: unknown[]) => this.push('error', message, params);
  warn = (message: unknown, ...params: unknown[]) => this.push('warn', message, params);
  debug = (message: unknown, ...params: unknown[]) => this.push('debug', message, params);
  verbose = (message: unknown, ...params: unknown[]) => this.push('verbose', message, params);
  private push(level: string, message: unknown, params: unknown[]): void {
    this.lines.push({ level, message, params });
  }
  /** Lines logged with context `context` (Nest passes the context as the last parameter). */
  from(context: string): Line[] {
    return this.lines.filter((l) => l.params.at(-1) === context);
  }
}

describe('logging', () => {
  const secret = 'never-log-this-secret';
  const t = useServers((s) => {
    s.connect.registerClient({
      clientId: 'log-client',
      clientSecret: secret,
      allowedScopes: ['vismanet_erp_service_api:read'],
      tenants: ['log-tenant'],
    });
  });

  async function boot(capture: CaptureLogger, options: Partial<VismaAuthModuleOptions>) {
    const moduleRef = await Test.createTestingModule({
      imports: [
        VismaAuthModule.forRoot(
          demoOptions(t.servers, {
            clientId: 'log-client',
            clientSecret: secret,
            tenantId: 'log-tenant',
            ...options,
          }),
        ),
      ],
    }).compile();
    t.app = moduleRef.createNestApplication({ logger: capture });
    await t.app.init();
    return t.app.get(VismaTokenService);
  }

  it("logs through Nest's Logger with context VismaAuth: one readable line per event, no secret or token", async () => {
    const capture = new CaptureLogger();
    const visma = await boot(capture, {});
    const token = await visma.getToken();
    await expect(visma.getToken({ tenantId: 'not-granted-tenant' })).rejects.toThrow();

    const lines = capture.from('VismaAuth');
    expect(lines.map((l) => l.level)).toContain('debug');
    const failure = lines.find((l) => l.level === 'error');
    expect(failure?.message).toMatch(
      /^access token request failed \(tenant=not-granted-tenant scopes=vismanet_erp_service_api:read attempts=1 durationMs=\d+\): ERR_VISMA_OAUTH /,
    );
    for (const line of lines) {
      expect(typeof line.message).toBe('string');
      expect(String(line.message)).not.toContain('\n');
      expect(String(line.message)).not.toContain('[object Object]');
      expect(String(line.message)).not.toContain(secret);
      expect(String(line.message)).not.toContain(token.accessToken);
      // Only the context follows the message (Nest's Logger.error adds an empty stack slot): no object dump.
      expect(line.params.filter((p) => p !== undefined)).toEqual(['VismaAuth']);
    }
  });

  it("Visma's echoed error text cannot forge a log line with line breaks or other control characters", async () => {
    const capture = new CaptureLogger();
    const visma = await boot(capture, {});
    const forged = 'LOG [VismaAuth] access token request succeeded';
    t.servers.connect.failNext({
      status: 400,
      body: {
        error: `invalid_request\r\n${forged}\u2028\u009b\u001b[2K`,
        error_description: `bad\r\n${forged}`,
      },
    });
    await expect(visma.getToken()).rejects.toThrow();

    const lines = capture.from('VismaAuth').map((l) => String(l.message));
    const failure = lines.find((l) => l.startsWith('access token request failed'));
    expect(failure).toMatch(/ERR_VISMA_OAUTH .*HTTP 400/);
    for (const line of lines) {
      expect(line).not.toMatch(CONTROL);
      expect(line.split(/\r\n|\r|\n|\u2028|\u2029/)).toHaveLength(1);
    }
  });

  it('a Nest Logger given as `logger` gets the same one-line messages under its own context', async () => {
    const capture = new CaptureLogger();
    const visma = await boot(capture, { logger: new Logger('Erp') });
    await expect(visma.getToken({ tenantId: 'not-granted-tenant' })).rejects.toThrow();
    const failure = capture.from('Erp').find((l) => l.level === 'error');
    expect(failure?.message).toMatch(/^access token request failed \(tenant=not-granted-tenant/);
    expect(capture.from('VismaAuth')).toEqual([]);
  });

  it('an injected registration shows no secret when inspected or serialised', async () => {
    await boot(new CaptureLogger(), {});
    const registration = t.app?.get(getVismaAuthRegistrationToken());
    expect(registration).toBeDefined();
    const view = inspect(registration, { depth: Number.POSITIVE_INFINITY, showHidden: true });
    expect(view).not.toContain(secret);
    expect(JSON.stringify(registration)).not.toContain(secret);
  });

  it('`logger: false` logs nothing', async () => {
    const capture = new CaptureLogger();
    const visma = await boot(capture, { logger: false });
    await visma.getToken();
    await expect(visma.getToken({ tenantId: 'not-granted-tenant' })).rejects.toThrow();
    expect(capture.from('VismaAuth')).toEqual([]);
  });
});
