import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The data scope of the work in progress, carried through async calls.
 * `paths` are org paths ('/…/'); SYSTEM marks the platform's own work (login lookups,
 * the public grid card, the scheduler). Outside any context nothing is visible.
 */
export const SYSTEM = '*';
export type ScopeValue = string; // comma-joined paths, '' for none, '*' for system

const storage = new AsyncLocalStorage<ScopeValue>();

export function runInScope<T>(paths: readonly string[], fn: () => Promise<T>): Promise<T> {
  return storage.run(paths.join(','), fn);
}

export function runAsSystem<T>(fn: () => Promise<T>): Promise<T> {
  return storage.run(SYSTEM, fn);
}

export function currentScope(): ScopeValue {
  return storage.getStore() ?? '';
}
