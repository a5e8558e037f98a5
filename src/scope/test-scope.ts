import { AsyncLocalStorage } from 'node:async_hooks';
import type { ResolvedConfig } from '../core/config';
import type { TestSize } from '../core/size';
import type { Violation } from '../core/violation';

/**
 * The test (or hook) that owns the code running now. Guards ask for it on every attempt;
 * only this module knows how ownership follows the async chain.
 */
export interface TestScope {
  /** `test/api.spec.ts > UserApi [small] > fetches user`. */
  readonly testId: string;
  readonly file: string | undefined;
  readonly titlePath: readonly string[];
  /** Set for hooks: `"before each" hook`, `"after all" hook: close db`. */
  readonly hook: string | undefined;
  /** The size in force; it can be settled late, when a class suite is linked to its decorator. */
  size: TestSize | undefined;
  readonly config: ResolvedConfig;
  /** True once Mocha has the result; violations after that are late. */
  finished: boolean;
  /** Every violation charged to this scope, in order. */
  readonly violations: Violation[];
  /** Called by guards with each new violation; the adapter decides what it means (fail, warn, late report). */
  record(violation: Violation): void;
}

/**
 * One storage for the whole process. A runnable's scope is entered when Mocha starts it and is
 * never nested: hooks and tests run one at a time, so an inner `run` always replaces, never shadows.
 */
const storage = new AsyncLocalStorage<TestScope>();

/** The scope of the code running now; undefined outside any test or hook (module load, Mocha itself). */
export function currentScope(): TestScope | undefined {
  return storage.getStore();
}

/** Runs `fn()` as owned by `scope`; timers, promises and sockets it starts stay owned by it. */
export function runInScope<R>(scope: TestScope, fn: () => R): R {
  return storage.run(scope, fn);
}

/**
 * Runs `fn` owned by no test, for Mocha's own work between runnables and hermetic's reporting.
 * `storage.exit()` would switch async hooks off and on again on Node 20, on every test; an empty store costs nothing.
 */
export function runOutsideScope<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  return storage.run(undefined as unknown as TestScope, fn, ...args);
}
