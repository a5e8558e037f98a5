import { type ContextProto, patchContextTimeout } from './context-timeout-patch';
import type { MochaClasses, MochaSuite } from './mocha-internals';
import { patchMochaRun } from './mocha-run-patch';
import type { RunState } from './run-state';
import { patchRunnable, type RunnableProto } from './runnable-patch';
import { findMarkerProblems } from './size-resolution';

/**
 * Hooks hermetic into Mocha: every test and hook runs inside its size's scope, and each run of
 * `mocha.run()` (the whole run, or one file in a `--parallel` worker) ends with hermetic's summary.
 */
export function enforceOnMocha(mocha: MochaClasses, state: RunState): void {
  patchRunnable(mocha.Runnable.prototype, state);
  patchContextTimeout(mocha.Context.prototype, state);
  patchMochaRun(mocha.prototype, state);
  state.titleLocations?.watch(mocha);
}

/** Patches the Mocha that is actually running, found from one of its hooks, if it is another copy than the one resolved. */
export function enforceOnRunningMocha(runnableProto: object, contextProto: object, state: RunState): void {
  patchRunnable(runnableProto as RunnableProto, state);
  patchContextTimeout(contextProto as ContextProto, state);
}

/** Before a run (or a worker's file) starts: every marker mistake. Any one stops the run, which then ends without a summary. */
export function prepareRun(root: MochaSuite, state: RunState): string[] {
  const problems = findMarkerProblems(root);
  if (problems.length > 0) state.summary?.recordStop();
  return problems;
}
