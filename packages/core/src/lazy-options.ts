/**
 * What `VismaTokenProvider.lazy` and `.shared` need besides the provider itself: calling the
 * user's options function safely, and the process-wide registry of shared providers.
 */
import { VismaConfigError } from './errors.js';
import type { VismaTokenProviderOptions } from './options.js';

/** The function a lazy provider reads its options from on first use. */
export type VismaOptionsInit = () => VismaTokenProviderOptions;

/**
 * Calls a lazy provider's options function; anything it throws becomes a `VismaConfigError`
 * (its own option name kept when it threw one), so the call that needed the options rejects
 * with the error type every other bad option gives.
 */
export function readLazyOptions(init: VismaOptionsInit, label: string): VismaTokenProviderOptions {
  let options: unknown;
  try {
    options = init();
  } catch (error) {
    if (error instanceof VismaConfigError) throw error;
    throw new VismaConfigError(
      'options',
      `the options function passed to ${label} threw (see cause); it is called again on the next call`,
      { cause: error },
    );
  }
  if (typeof options === 'object' && options !== null && 'then' in options) {
    throw new VismaConfigError(
      'options',
      `the options function passed to ${label} returned a promise; it must return the options object itself`,
    );
  }
  return options as VismaTokenProviderOptions;
}

/** Throws `VismaConfigError` unless `init` is a function (checked when the provider is created). */
export function assertOptionsInit(init: unknown, label: string): asserts init is VismaOptionsInit {
  if (typeof init !== 'function') {
    throw new VismaConfigError(
      'init',
      `${label} needs a function returning the provider options, e.g. () => ({ clientId: process.env.VISMA_CLIENT_ID, ... })`,
    );
  }
}

/**
 * One shared provider in the registry. Its shape stays this small and stable, because another
 * copy or version of this package in the same process reads the same registry.
 */
export interface SharedProviderEntry<P = unknown> {
  readonly provider: P;
  /** Records another caller's options function for the key, checked on the provider's next call. */
  claim(init: VismaOptionsInit): void;
}

const registryKey = Symbol.for('@visma-auth/core.shared-providers');

/**
 * The registry of shared providers, kept on `globalThis` under a global symbol so a module
 * evaluated again (a dev server reload, a second bundled copy of this package) finds it.
 */
export function sharedProviders(): Map<string, SharedProviderEntry> {
  const holder = globalThis as { [registryKey]?: Map<string, SharedProviderEntry> };
  let registry = holder[registryKey];
  if (!(registry instanceof Map)) {
    registry = new Map();
    Object.defineProperty(holder, registryKey, {
      value: registry,
      enumerable: false,
      configurable: true,
      writable: false,
    });
  }
  return registry;
}

/** Throws `VismaConfigError` (option `key`) unless `key` is a non-empty string. */
export function assertSharedKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.trim() === '') {
    throw new VismaConfigError(
      'key',
      'VismaTokenProvider.shared needs a non-empty key naming the provider, e.g. "visma-erp"',
    );
  }
}

/**
 * The error for a shared key whose callers ask for two different clients. It names neither
 * client id: a web framework may send an error's message to its own caller.
 */
export function sharedClientMismatch(key: string): VismaConfigError {
  return new VismaConfigError(
    'clientId',
    `VismaTokenProvider.shared("${key}") already holds a provider for another client id than this caller's options give; use one key per client, or close() the provider before sharing the key with another client (after changing the client id in a dev server, restart it)`,
  );
}
