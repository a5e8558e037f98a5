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
  /** True when the work was started outside any test (module top level, import-time timers) and is charged to the test running. */
  readonly outsideTest?: boolean;
  /** Called by guards with each new violation; the adapter decides what it means (fail, warn, late report). */
  record(violation: Violation): void;
}

/** Tells the scope layer which runnable is running now, innermost first; the test adapter registers one per run it enforces. */
export type RunningTestProvider = () => TestScope | undefined;

/**
 * The scope of work started outside any test, charged to the test running when it reaches out: the test's own
 * size, report fields and record, marked as started outside it.
 */
class StartedOutsideTest implements TestScope {
  readonly outsideTest = true;
  constructor(private readonly test: TestScope) {}
  get testId(): string {
    return this.test.testId;
  }
  get file(): string | undefined {
    return this.test.file;
  }
  get titlePath(): readonly string[] {
    return this.test.titlePath;
  }
  get hook(): string | undefined {
    return this.test.hook;
  }
  get size(): TestSize | undefined {
    return this.test.size;
  }
  set size(size: TestSize | undefined) {
    this.test.size = size;
  }
  get config(): ResolvedConfig {
    return this.test.config;
  }
  get finished(): boolean {
    return this.test.finished;
  }
  set finished(finished: boolean) {
    this.test.finished = finished;
  }
  get violations(): Violation[] {
    return this.test.violations;
  }
  record(violation: Violation): void {
    this.test.record(violation);
  }
}

/**
 * Who owns the work of this process. The store holds a test's scope, `null` for work deliberately owned by no test
 * (root hooks, the test framework's own work, hermetic's reporting), and nothing where no scope was ever entered:
 * module top level, timers started at import, functions bound there. Only that last kind falls back to the test running.
 */
class Ownership {
  /**
   * One storage for the whole process. A runnable's scope is entered when Mocha starts it and is
   * never nested: hooks and tests run one at a time, so an inner `run` always replaces, never shadows.
   */
  readonly storage = new AsyncLocalStorage<TestScope | null>();
  /** Registered by each enforced run; the last that names a runnable wins (a run inside a test is the inner one). */
  readonly providers: RunningTestProvider[] = [];
  /** The outside-work scope of the test it was last made for: an attempt seen by several layers is one scope, so judged once. */
  private last: StartedOutsideTest | undefined;
  private lastTest: TestScope | undefined;

  runningTest(): TestScope | undefined {
    for (let i = this.providers.length - 1; i >= 0; i--) {
      const test = this.providers[i]!();
      if (test) return test;
    }
    return undefined;
  }

  startedOutside(test: TestScope): TestScope {
    if (this.lastTest !== test) {
      this.lastTest = test;
      this.last = new StartedOutsideTest(test);
    }
    return this.last!;
  }
}

const ownership = new Ownership();

/** The scope of the code running now; undefined outside any test or hook (module load, Mocha itself). */
export function currentScope(): TestScope | undefined {
  return ownership.storage.getStore() ?? undefined;
}

/**
 * The scope an attempt made now is judged by: its own test's, none for work deliberately outside any test, and for work
 * that no scope ever owned, the test running now, marked as started outside it (none between tests).
 */
export function attemptScope(): TestScope | undefined {
  const store = ownership.storage.getStore();
  if (store !== undefined) return store ?? undefined;
  const test = ownership.runningTest();
  return test ? ownership.startedOutside(test) : undefined;
}

/** Registers where the running test is found; returns the function that unregisters it. */
export function registerRunningTest(provider: RunningTestProvider): () => void {
  ownership.providers.push(provider);
  return () => {
    const i = ownership.providers.indexOf(provider);
    if (i >= 0) ownership.providers.splice(i, 1);
  };
}

/** Runs `fn()` as owned by `scope`; timers, promises and sockets it starts stay owned by it. */
export function runInScope<R>(scope: TestScope, fn: () => R): R {
  return ownership.storage.run(scope, fn);
}

/**
 * Runs `fn` owned by no test, for root hooks, Mocha's own work between runnables and hermetic's reporting: what it
 * starts is never charged to a test. `storage.exit()` would switch async hooks off and on again on Node 20, on every
 * test; a store of `null` costs nothing.
 */
export function runOutsideScope<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): R {
  return ownership.storage.run(null, fn, ...args);
}

/** Runs `fn` as if no scope had ever been entered, as at module top level: for loading test files inside a run. */
export function runAsUnowned<R>(fn: () => R): R {
  return ownership.storage.run(undefined as unknown as null, fn);
}
