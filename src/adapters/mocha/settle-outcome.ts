import { HermeticityViolationError, violationErrorFor } from '../../core/errors';
import { formatViolationReport, formatWarning } from '../../core/report';
import type { Violation } from '../../core/violation';
import { currentScope, runOutsideScope } from '../../scope/test-scope';
import { isNockRefusal } from '../nock';
import type { MochaRunnable } from './mocha-internals';
import type { RunState } from './run-state';
import type { RunnableScope, ViolationSink } from './runnable-scope';
import { isDebugRun, isMochaTimeout, timeViolation } from './time-limits';

/** Every violation lands here: warn prints it, and one that arrives after its test ended is still reported against that test. */
export function createViolationSink(state: RunState): ViolationSink {
  return function onViolation(scope: RunnableScope, violation: Violation): void {
    scope.addViolation(violation);
    state.summary?.recordViolation(violation);
    if (scope.config.suggest) return;
    if (violation.outcome === 'warned') {
      process.stderr.write(`${formatWarning(violation)}\n`);
      return;
    }
    if (!scope.finished) return;
    runOutsideScope(() => reportLate(state, scope, violation));
  };
}

function reportLate(state: RunState, scope: RunnableScope, violation: Violation): void {
  const error = violationErrorFor(violation);
  if (state.currentRunner && !state.runEnded && !scope.isHook) {
    // Mocha does the same for a test whose done() fires twice: the finished test is failed again, by name.
    state.currentRunner.fail(scope.runnable, error);
    return;
  }
  if (state.isWorker) state.summary?.recordLateFailure();
  else state.lateFailures++;
  process.stderr.write(`\nhermetic: a test had finished when work it started overstepped its size:\n${formatViolationReport(violation)}\n`);
}

/**
 * The one callback every sized or unsized runnable gets: settles the outcome, then hands it to Mocha outside any scope.
 * A runnable that ends synchronously is handed back when its scope is left anyway, which spares a second scope switch.
 */
export function createSettler(state: RunState): (err?: unknown) => void {
  const running = state.running;
  return function finishRunning(err?: unknown): void {
    const scope = running.length <= 1 ? running.pop() : takeNested(running);
    if (!scope?.done) return;
    const observing = scope.config.suggest;
    // A strict runnable that passed with nothing recorded, nearly every one, is settled without a call: while V8 has
    // not yet optimized the per-test path, each call there costs about as much as Mocha's own work for an empty test.
    const clean = err == null && scope.violations.length === 0 && scope.config.enforcement === 'strict';
    const result = observing || clean ? err : outcome(scope.runnable, scope, err);
    if (observing) state.summary?.recordObservation(scope, scope.declared?.size, performance.now() - scope.startedAt);
    scope.finished = true;
    if (scope === state.starting) {
      scope.result = result;
      return;
    }
    const done = scope.done;
    scope.done = undefined;
    runOutsideScope(done, result);
  };
}

/** With more than one runnable running (a test runs Mocha itself): the one whose async context Mocha's callback comes from. */
function takeNested(running: RunnableScope[]): RunnableScope | undefined {
  const i = running.lastIndexOf(currentScope() as RunnableScope);
  return i >= 0 ? running.splice(i, 1)[0] : running.pop();
}

/** Decides what Mocha hears when a runnable ends: a recorded violation fails it, even if the code swallowed the error. */
function outcome(runnable: MochaRunnable, scope: RunnableScope, err: unknown): unknown {
  const strict = scope.config.enforcement === 'strict';
  if (strict && scope.limitMs !== undefined && isMochaTimeout(err)) {
    scope.record(timeViolation(scope, { durationMs: scope.limitMs }));
    // The report says all that Mocha's timeout message does, and names the size's limit.
    return violationError(scope);
  } else if (!strict && !err && scope.size && (runnable.duration ?? 0) > scope.config.timeouts[scope.size] && !isDebugRun(runnable)) {
    scope.record(timeViolation(scope, { durationMs: runnable.duration! }));
  }
  if (!strict || scope.violations.length === 0) return err;
  // hermetic's own error, rethrown, already says it all when it was the runnable's only violation.
  if (scope.violations.length === 1 && HermeticityViolationError.isViolationError(err)) return err;
  const error = violationError(scope);
  if (!error) return err;
  // The caller's own error is kept only when it says something else: nock's refusal or fetch's wrapper of ours repeats the report.
  if (err !== undefined && err !== null && !isAboutTheAttempt(err)) {
    Object.defineProperty(error, 'cause', { value: err, configurable: true, writable: true });
  }
  return error;
}

/** Every violation of the runnable, in one error of the class of the first that was blocked; none when nothing was blocked. */
function violationError(scope: RunnableScope): HermeticityViolationError | undefined {
  const blocked = scope.violations.find((v) => v.outcome === 'blocked');
  return blocked ? violationErrorFor(blocked, scope.violations) : undefined;
}

function isAboutTheAttempt(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  if (HermeticityViolationError.isViolationError(err) || isNockRefusal(err)) return true;
  return isAboutTheAttempt((err as { cause?: unknown }).cause, depth + 1);
}
