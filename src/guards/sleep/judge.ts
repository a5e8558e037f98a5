import type { HermeticityViolationError } from '../../core/errors';
import type { TestScope } from '../../scope/test-scope';
import { userCallSite } from '../call-site';
import { chargeAttempt } from '../verdict';

/** A real timer a small test made, long enough to be a wait: judged if it fires while that test still runs. */
export interface WatchedTimer {
  readonly scope: TestScope;
  /** `setTimeout`, `timers/promises setTimeout`, `scheduler.wait`, … */
  readonly call: string;
  readonly delayMs: number;
  /** The caller's stack when the timer was made: the report's `At:` line. */
  readonly stack: string;
}

/**
 * Records the wait when the timer fires while its test still runs: the time is spent by then, so strict fails the
 * test as it ends rather than stopping the wait. One sleep per test: a retry loop's fifth wait adds nothing to its first.
 */
export function judgeFiredTimer(timer: WatchedTimer): void {
  const { scope } = timer;
  if (scope.finished || scope.violations.some((v) => v.kind === 'sleep')) return;
  chargeSleep(scope, timer.call, timer.delayMs, timer.stack);
}

/** Records an `Atomics.wait` that would block a small test and, in strict mode, returns the error that refuses it first. */
export function refuseBlockingWait(scope: TestScope, timeoutMs: number, stack: string): HermeticityViolationError | undefined {
  return chargeSleep(scope, 'Atomics.wait', timeoutMs, stack);
}

function chargeSleep(scope: TestScope, call: string, waitedMs: number, stack: string): HermeticityViolationError | undefined {
  // An Atomics.wait with no timeout waits for ever: the report says so rather than printing Infinity.
  const details = { kind: 'sleep', call, ...(Number.isFinite(waitedMs) ? { waitedMs } : {}) } as const;
  return chargeAttempt(scope, details, userCallSite(stack, process.cwd()));
}
