import 'reflect-metadata';
import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  logger?: LogLevel[] | false;
}

/**
 * Creates the app from the VISMA_* environment; a missing or bad setting rejects here with a
 * message naming it (never its value). SIGINT/SIGTERM close the app through Nest's shutdown hooks.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<INestApplication> {
  // abortOnError: false so a bad option rejects instead of Nest exiting the process on its own.
  const app = await NestFactory.create(await AppModule.forRoot(), {
    logger: options.logger ?? ['error', 'warn', 'log'],
    abortOnError: false,
  });
  app.enableShutdownHooks();
  return app;
}

/** The `http://host:port` an app listens on. */
export function urlOf(app: INestApplication): string {
  const address = app.getHttpServer().address() as { address: string; port: number };
  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
