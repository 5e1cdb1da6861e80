import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { type LocalVisma, startLocalVisma } from './local-visma.js';

/** Options of {@link startApp}. */
export interface StartAppOptions {
  /** Port to listen on; 0 picks a free one. */
  port?: number;
  host?: string;
  logger?: LogLevel[] | false;
}

/** A listening app; `close()` stops it and the local Visma servers it started. */
export interface RunningApp {
  app: INestApplication;
  url: string;
  /** Whether it runs against the local Visma Connect (no VISMA_CLIENT_ID was set). */
  local: boolean;
  close(): Promise<void>;
}

/**
 * Starts the app. Without VISMA_CLIENT_ID it first starts the local Visma Connect and protected
 * API and sets the VISMA_* variables ConfigService reads to point at them (restored on close).
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  let local: LocalVisma | undefined;
  let restoreEnv = (): void => {};
  if (!process.env.VISMA_CLIENT_ID) {
    local = await startLocalVisma();
    restoreEnv = setEnv(local.env);
  }
  const stopLocal = async (): Promise<void> => {
    restoreEnv();
    await local?.close();
  };
  let app: INestApplication;
  try {
    // abortOnError: false so a bad option rejects here (and the local servers are closed)
    // instead of Nest exiting the process on its own.
    app = await NestFactory.create(AppModule, {
      logger: options.logger ?? ['error', 'warn', 'log'],
      abortOnError: false,
    });
    await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  } catch (error) {
    await stopLocal();
    throw error;
  }
  const address = app.getHttpServer().address() as { address: string; port: number };
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return {
    app,
    url: `http://${host}:${address.port}`,
    local: local !== undefined,
    async close() {
      try {
        await app.close();
      } finally {
        await stopLocal();
      }
    },
  };
}

/** Sets variables that are not set yet; returns a function that undoes exactly that. */
function setEnv(values: Record<string, string>): () => void {
  const added: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (process.env[name] === undefined) {
      process.env[name] = value;
      added.push(name);
    }
  }
  return () => {
    for (const name of added) delete process.env[name];
  };
}
