import { createViolation, type Violation } from '../../core/violation';
import type { MochaRunnable, MochaSuite } from './mocha-internals';
import type { RunnableScope } from './runnable-scope';

/**
 * Mocha keeps a runnable's timeout in `_timeout` (11 and 12 set it in Runnable's constructor). Setting it there before
 * the test starts (no timer is running yet) skips the public setter's debug logging, which costs more than all the rest per test.
 */
export type TimedRunnable = MochaRunnable & { _timeout: number };

export function isMochaTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ERR_MOCHA_TIMEOUT';
}

/** A time violation of the runnable's size: the timeout it asked for, or the time it took. */
export function timeViolation(scope: RunnableScope, fields: { requestedTimeoutMs?: number; durationMs?: number }): Violation {
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

/** The run's default timeout, from the root of `suite`: a Mocha run inside a test has its own root. */
export function rootTimeout(suite: MochaSuite | undefined): number {
  while (suite?.parent) suite = suite.parent;
  return suite ? suite.timeout() : 0;
}

/** `--timeout 0`, `--no-timeouts` or `timeout: 0`: the run is being debugged, so no time limit of any kind applies. */
export function isDebugRun(runnable: MochaRunnable): boolean {
  return rootTimeout(runnable.parent) === 0;
}

/**
 * In strict mode a sized runnable's Mocha timeout becomes its size's limit, so a hung test is
 * interrupted; a lower timeout set by the test stays, a higher one is a violation and is capped.
 * In warn mode timeouts are left alone and overruns are only reported.
 */
export function applyTimeLimit(runnable: TimedRunnable, scope: RunnableScope, runDefaultMs: number): void {
  const limit = scope.config.timeouts[scope.size!];
  const current = runnable._timeout;
  if (runDefaultMs === 0) return; // --timeout 0 / --no-timeouts: the run is being debugged.
  if (current !== runDefaultMs) {
    if (current !== 0 && current <= limit) return;
    scope.record(timeViolation(scope, { requestedTimeoutMs: current }));
  }
  if (scope.config.enforcement !== 'strict') return;
  runnable._timeout = limit;
  scope.limitMs = limit;
}
