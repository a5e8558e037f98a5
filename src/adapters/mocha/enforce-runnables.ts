import type { ResolvedConfig } from '../../core/config';
import { HermeticityViolationError } from '../../core/errors';
import { formatViolationReport, formatWarning } from '../../core/report';
import { createViolation, type Violation } from '../../core/violation';
import { applyPatch, reassertPatches } from '../../guards/patch';
import { currentScope, runInScope, runOutsideScope } from '../../scope/test-scope';
import { onSuiteLinked } from '../decorators';
import { detectNock, isNockRefusal } from '../nock';
import {
  hermeticVersion,
  type MochaClasses,
  type MochaContext,
  type MochaInstance,
  type MochaRunnable,
  type MochaRunner,
  type MochaSuite,
  mochaVersion,
} from './mocha-internals';
import { RunSummary } from './run-summary';
import { RunnableScope } from './runnable-scope';
import { declaredSuiteSize, findMarkerProblems, type ResolvedSize, resolveSize, resolveStarting } from './size-resolution';

type Done = (err?: unknown) => void;
type RunnableProto = MochaClasses['Runnable']['prototype'];
type ContextProto = MochaClasses['Context']['prototype'];

/** What runs around every test and hook; guards get `enter(scope)` through it. */
export interface Enforcement {
  readonly config: ResolvedConfig;
  /** Called as each sized runnable starts, before its code runs. */
  readonly enter: (scope: RunnableScope) => void;
}

/**
 * The runnables Mocha is running now, innermost last: one, unless a test runs Mocha itself (reporter
 * and plugin suites do). Mocha calls a runnable's callback once, before it starts the next in the same
 * run, so one shared callback finds its runnable here. Module state, not per-test closures: Mocha keeps
 * every finished test's callback, and properties added to its objects change their shape and slow Mocha.
 */
const running: RunnableScope[] = [];
const patchedPrototypes = new WeakSet<object>();
let currentRunner: MochaRunner | undefined;
let runEnded = false;
/** Late violations after the run ended, in this process; a `--parallel` worker hands its own to the main process instead. */
let lateFailures = 0;
const isWorker = process.env.MOCHA_WORKER_ID !== undefined;
let summary: RunSummary | undefined;
/** The suite whose runnables Mocha is running, and its size: both change once per suite, not per test. */
let lastSuite: unknown;
let suiteSize: ResolvedSize | undefined;
/**
 * What `applyTimeLimit` does to a runnable of the suite's size left at the run's default timeout (nearly every one):
 * strict mode sets the size's limit. Worked out once per suite; undefined where it does something else.
 */
let suiteLimitMs: number | undefined;

function isMochaTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_MOCHA_TIMEOUT';
}

function timeViolation(scope: RunnableScope, fields: { requestedTimeoutMs?: number; durationMs?: number }): Violation {
  return createViolation({
    kind: 'time',
    testId: scope.testId,
    file: scope.file,
    titlePath: scope.titlePath,
    hook: scope.hook,
    size: scope.size!,
    outcome: scope.config.enforcement === 'strict' ? 'blocked' : 'warned',
    limitMs: scope.config.timeouts[scope.size!],
    ...fields,
  });
}

/** Every violation lands here: warn prints it, and one that arrives after its test ended is still reported against that test. */
function onViolation(scope: RunnableScope, violation: Violation): void {
  scope.addViolation(violation);
  summary?.recordViolation(violation);
  if (scope.config.suggest) return;
  if (violation.outcome === 'warned') {
    process.stderr.write(`${formatWarning(violation)}\n`);
    return;
  }
  if (!scope.finished) return;
  runOutsideScope(() => reportLate(scope, violation));
}

function reportLate(scope: RunnableScope, violation: Violation): void {
  const error = new HermeticityViolationError(violation);
  if (currentRunner && !runEnded && !scope.isHook) {
    // Mocha does the same for a test whose done() fires twice: the finished test is failed again, by name.
    currentRunner.fail(scope.runnable, error);
    return;
  }
  if (isWorker) summary?.recordLateFailure();
  else lateFailures++;
  process.stderr.write(`\nhermetic: a test had finished when work it started overstepped its size:\n${formatViolationReport(violation)}\n`);
}

/**
 * The root suite's timeout is the run's default (Mocha's 2 s, `--timeout`, `.mocharc`); a different value was set
 * by the test or a suite. Read as each suite starts, from that suite's own root: a Mocha run inside a test has its own.
 */
let runDefaultMs = 0;

function rootTimeout(suite: MochaSuite | undefined): number {
  while (suite?.parent) suite = suite.parent;
  return suite ? suite.timeout() : 0;
}

/** `--timeout 0`, `--no-timeouts` or `timeout: 0`: the run is being debugged, so no time limit of any kind applies. */
function isDebugRun(runnable: MochaRunnable): boolean {
  return rootTimeout(runnable.parent) === 0;
}

/**
 * Mocha keeps a runnable's timeout in `_timeout` (11 and 12). Setting it there before the test starts
 * (no timer is running yet) skips the public setter's debug logging, which costs more than all the rest per test.
 */
type TimedRunnable = MochaRunnable & { _timeout?: number };

/** Before a run (or a worker's file) starts: every marker mistake. Any one stops the run, which then ends without a summary. */
export function prepareRun(root: MochaSuite): string[] {
  const problems = findMarkerProblems(root);
  if (problems.length > 0) summary?.recordStop();
  return problems;
}

/**
 * In strict mode a sized runnable's Mocha timeout becomes its size's limit, so a hung test is
 * interrupted; a lower timeout set by the test stays, a higher one is a violation and is capped.
 * In warn mode timeouts are left alone and overruns are only reported.
 */
function applyTimeLimit(runnable: TimedRunnable, scope: RunnableScope): void {
  const limit = scope.config.timeouts[scope.size!];
  const own = runnable._timeout;
  const current = typeof own === 'number' ? own : runnable.timeout();
  const runDefault = runDefaultMs;
  if (runDefault === 0) return; // --timeout 0 / --no-timeouts: the run is being debugged.
  if (current !== runDefault) {
    if (current !== 0 && current <= limit) return;
    scope.record(timeViolation(scope, { requestedTimeoutMs: current }));
  }
  if (scope.config.enforcement !== 'strict') return;
  if (typeof own === 'number') runnable._timeout = limit;
  else runnable.timeout(limit);
  scope.limitMs = limit;
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

/** Every violation of the runnable, in one error named after the first that was blocked; none when nothing was blocked. */
function violationError(scope: RunnableScope): HermeticityViolationError | undefined {
  const blocked = scope.violations.find((v) => v.outcome === 'blocked');
  return blocked ? new HermeticityViolationError(blocked, scope.violations) : undefined;
}

function isAboutTheAttempt(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  if (HermeticityViolationError.isViolationError(err) || isNockRefusal(err)) return true;
  return isAboutTheAttempt((err as { cause?: unknown }).cause, depth + 1);
}

/**
 * Suggest mode observes instead of judging: every runnable is watched as if it were small, nothing is
 * blocked or printed, and what it reached is noted against the size it declares.
 */
function observingConfig(config: ResolvedConfig): ResolvedConfig {
  return Object.freeze({ ...config, enforcement: 'warn' as const });
}

/** With more than one runnable running (a test runs Mocha itself): the one whose async context Mocha's callback comes from. */
function takeNested(): RunnableScope | undefined {
  const i = running.lastIndexOf(currentScope() as RunnableScope);
  return i >= 0 ? running.splice(i, 1)[0] : running.pop();
}

/** The runnable whose Mocha run is on the stack right now: one that ends before its run returns (a synchronous test) is settled there. */
let starting: RunnableScope | undefined;

/**
 * The one callback every sized or unsized runnable gets: settles the outcome, then hands it to Mocha outside any scope.
 * A runnable that ends synchronously is handed back when its scope is left anyway, which spares a second scope switch.
 */
function finishRunning(err?: unknown): void {
  const scope = running.length <= 1 ? running.pop() : takeNested();
  if (!scope?.done) return;
  const observing = scope.config.suggest;
  // A strict runnable that passed with nothing recorded, nearly every one, is settled without a call: while V8 has
  // not yet optimized the per-test path, each call there costs about as much as Mocha's own work for an empty test.
  const clean = err == null && scope.violations.length === 0 && scope.config.enforcement === 'strict';
  const result = observing || clean ? err : outcome(scope.runnable, scope, err);
  if (observing) summary?.recordObservation(scope, scope.declared?.size, performance.now() - scope.startedAt);
  scope.finished = true;
  if (scope === starting) {
    scope.result = result;
    return;
  }
  const done = scope.done;
  scope.done = undefined;
  runOutsideScope(done, result);
}

function patchRunnable(proto: RunnableProto, enforcement: Enforcement): void {
  if (patchedPrototypes.has(proto)) return;
  patchedPrototypes.add(proto);
  const { config, enter } = enforcement;
  const observing = config.suggest ? observingConfig(config) : undefined;
  /** Whether sized runnables get their size's limit as Mocha timeout: strict mode, not observing. */
  const capsTimeouts = !observing && config.enforcement === 'strict';
  if (!observing) {
    // A custom-titled testdeck class is linked to its suite from inside its first hook: that hook takes the class's size at once.
    onSuiteLinked(() => {
      lastSuite = undefined;
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
        if (parent !== lastSuite) {
          // Once per suite, not per test: the suite's size, the run's default timeout, a user's restore that put back
          // hermetic's original, nock newly loaded.
          lastSuite = parent;
          suiteSize = declaredSuiteSize(parent);
          runDefaultMs = rootTimeout(parent);
          suiteLimitMs = capsTimeouts && suiteSize && runDefaultMs !== 0 ? config.timeouts[suiteSize.size] : undefined;
          reassertPatches();
          detectNock();
        }
        // Unsized runnables get a scope too: their suite may be linked to a sized class while they run, and guards must see them start.
        const declared = resolveStarting(this, suiteSize, config.defaultSize);
        const scope = observing
          ? new RunnableScope(this, 'small', observing, onViolation)
          : new RunnableScope(this, declared?.size, config, onViolation);
        if (declared === suiteSize && suiteLimitMs !== undefined && (this as TimedRunnable)._timeout === runDefaultMs) {
          // The common case, set here without calling applyTimeLimit: until V8 optimizes this path each call in it
          // costs about as much as Mocha's own work for an empty test.
          (this as TimedRunnable)._timeout = suiteLimitMs;
          scope.limitMs = suiteLimitMs;
        } else if (!observing && scope.size) applyTimeLimit(this, scope);
        enter(scope);
        scope.done = fn;
        scope.declared = declared;
        if (observing) scope.startedAt = performance.now();
        running.push(scope);
        const outer = starting;
        starting = scope;
        let returned: unknown;
        try {
          returned = runInScope(scope, startRunning);
        } finally {
          starting = outer;
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

/**
 * Catches `this.timeout(ms)` in a test or hook body. Mocha calls the runnable's own timeout() many
 * times per test; users go through the context, so only the context's method is patched.
 */
function patchContext(proto: ContextProto, enforcement: Enforcement): void {
  if (patchedPrototypes.has(proto)) return;
  patchedPrototypes.add(proto);
  const { config } = enforcement;
  if (config.suggest) return;
  applyPatch<ContextProto['timeout']>(
    proto,
    'timeout',
    (realTimeout) =>
      function timeout(this: MochaContext, ms?: number | string) {
        // biome-ignore lint/complexity/noArguments: Mocha tells timeout() from timeout(undefined) by the count of arguments.
        if (arguments.length === 0) return realTimeout.call(this);
        const result = realTimeout.call(this, ms);
        const runnable = this.runnable();
        const scope = running[running.length - 1];
        if (!scope?.size || scope.runnable !== runnable) return result;
        const limit = config.timeouts[scope.size];
        const now = runnable.timeout();
        if ((now === 0 || now > limit) && !isDebugRun(runnable)) {
          scope.record(timeViolation(scope, { requestedTimeoutMs: now }));
          if (config.enforcement === 'strict') {
            runnable.timeout(limit);
            scope.limitMs = limit;
          }
        }
        return result;
      },
  );
}

/**
 * Hooks hermetic into Mocha: every test and hook runs inside its size's scope, and each run of
 * `mocha.run()` (the whole run, or one file in a `--parallel` worker) ends with hermetic's summary.
 */
export function enforceOnMocha(mocha: MochaClasses, enforcement: Enforcement): void {
  patchRunnable(mocha.Runnable.prototype, enforcement);
  patchContext(mocha.Context.prototype, enforcement);
  if (patchedPrototypes.has(mocha.prototype)) return;
  patchedPrototypes.add(mocha.prototype);
  summary = new RunSummary(enforcement.config);
  applyPatch<MochaInstance['run']>(
    mocha.prototype,
    'run',
    (realRun) =>
      function run(this: MochaInstance, fn?: (failures: number) => void) {
        // A Mocha run started by a test (a reporter's or plugin's own suite): its tests are the outer test's fixtures, not the project's.
        if (currentRunner && !runEnded) return realRun.call(this, fn);
        const parallel = this.options?.parallel === true && !isWorker;
        if (!isWorker) summary!.startRun();
        // A worker's callback gets the buffered reporter's result object, not a count: pass it on untouched.
        const runner = realRun.call(this, (failures: number) => {
          runEnded = true;
          let extra = 0;
          runOutsideScope(() => {
            if (isWorker) summary!.flushWorker();
            else extra = summary!.finish(parallel, versions);
          });
          extra += lateFailures;
          lateFailures = 0;
          fn?.(typeof failures === 'number' ? failures + extra : failures);
          // After Mocha's own exit hook (registered inside fn), so work that oversteps even later still fails the run.
          if (!isWorker) {
            process.once('exit', () => {
              if (lateFailures > 0 && !process.exitCode) process.exitCode = 1;
            });
          }
        });
        currentRunner = runner;
        runEnded = false;
        if (!parallel) runner.on('test end', (test: MochaRunnable) => summary!.recordTest(test));
        return runner;
      },
  );
}

/** Read only when a JSON report is written: each is a file read. */
function versions(): { mocha: string | null; hermetic: string } {
  return { mocha: mochaVersion(), hermetic: hermeticVersion() };
}

/** Patches the Mocha that is actually running, found from one of its hooks, if it is another copy than the one resolved. */
export function enforceOnRunningMocha(runnableProto: object, contextProto: object, enforcement: Enforcement): void {
  patchRunnable(runnableProto as RunnableProto, enforcement);
  patchContext(contextProto as ContextProto, enforcement);
}
