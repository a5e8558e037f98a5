import { applyPatch } from '../../guards/patch';
import { currentScope, runInScope, runOutsideScope } from '../../scope/test-scope';
import { onSuiteLinked } from '../decorators';
import type { MochaClasses, MochaRunnable } from './mocha-internals';
import type { RunState } from './run-state';
import { RunnableScope } from './runnable-scope';
import { declaredSuiteSize, resolveSize, resolveStarting } from './size-resolution';
import { applyTimeLimit, rootTimeout, type TimedRunnable } from './time-limits';

type Done = (err?: unknown) => void;
export type RunnableProto = MochaClasses['Runnable']['prototype'];

/**
 * Runs every test and hook inside its size's scope: `Runnable#run` makes the scope, sets the size's time
 * limit, tells the guards and adapters the runnable is starting, and gives Mocha hermetic's settling callback.
 */
export function patchRunnable(proto: RunnableProto, state: RunState): void {
  if (!state.claim(proto)) return;
  const { config, observing, capsTimeouts, running, finishRunning, enter, enterSuite, onViolation } = state;
  if (!observing) {
    // A custom-titled testdeck class is linked to its suite from inside its first hook: that hook takes the class's size at once.
    onSuiteLinked(() => {
      state.lastSuite = undefined;
      const scope = currentScope();
      if (scope instanceof RunnableScope && !scope.finished)
        scope.size = resolveSize(scope.runnable, config.defaultSize)?.size ?? scope.size;
    });
  }
  // Never removed, so installed without the registry's pass-through layer: this runs for every test and hook.
  applyPatch<RunnableProto['run']>(
    proto,
    'run',
    (real) => {
      /** Mocha's own run of the runnable just pushed, with hermetic's callback; takes no arguments, so starting a test allocates no closure. */
      const startRunning = (): unknown => real.call(running[running.length - 1]!.runnable, finishRunning);
      return function run(this: MochaRunnable, fn: Done) {
        const parent = this.parent;
        // Mocha's runner never starts a pending test; a skipped suite's hooks go straight to Mocha.
        if (this.type === 'hook') {
          if (parent?.root !== false) return runRootHook(real, this, fn);
          if (this.isPending()) return real.call(this, fn);
        }
        if (parent !== state.lastSuite) {
          // Once per suite, not per test: the suite's size, the run's default timeout, what the plugin redoes per suite.
          state.lastSuite = parent;
          const suiteSize = declaredSuiteSize(parent);
          state.suiteSize = suiteSize;
          state.runDefaultMs = rootTimeout(parent);
          state.suiteLimitMs = capsTimeouts && suiteSize && state.runDefaultMs !== 0 ? config.timeouts[suiteSize.size] : undefined;
          enterSuite();
        }
        // Unsized runnables get a scope too: their suite may be linked to a sized class while they run, and guards must see them start.
        const declared = resolveStarting(this, state.suiteSize, config.defaultSize);
        const scope = observing
          ? new RunnableScope(this, 'small', observing, onViolation)
          : new RunnableScope(this, declared?.size, config, onViolation);
        const suiteLimitMs = state.suiteLimitMs;
        if (declared === state.suiteSize && suiteLimitMs !== undefined && (this as TimedRunnable)._timeout === state.runDefaultMs) {
          // The common case, set here without calling applyTimeLimit: until V8 optimizes this path each call in it
          // costs about as much as Mocha's own work for an empty test.
          (this as TimedRunnable)._timeout = suiteLimitMs;
          scope.limitMs = suiteLimitMs;
        } else if (!observing && scope.size) applyTimeLimit(this as TimedRunnable, scope, state.runDefaultMs);
        enter(scope);
        scope.done = fn;
        scope.declared = declared;
        if (observing) scope.startedAt = performance.now();
        running.push(scope);
        const outer = state.starting;
        state.starting = scope;
        let returned: unknown;
        try {
          returned = runInScope(scope, startRunning);
        } finally {
          state.starting = outer;
        }
        // It ended before Mocha's run of it returned: Mocha gets its result now that the scope is left.
        if (scope.finished && scope.done) {
          const done = scope.done;
          const result = scope.result;
          scope.done = undefined;
          scope.result = undefined;
          done(result);
        }
        return returned;
      };
    },
    { direct: true },
  );
}

/** Root-suite hooks (plugins', and top-level ones in test files) belong to no test: they and what follows them run outside any scope. */
function runRootHook(realRun: RunnableProto['run'], hook: MochaRunnable, fn: Done): unknown {
  return runOutsideScope(() => realRun.call(hook, (err?: unknown) => runOutsideScope(() => fn(err))));
}
