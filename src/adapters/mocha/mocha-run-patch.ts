import { applyPatch } from '../../guards/patch';
import { runAsUnowned, runOutsideScope } from '../../scope/test-scope';
import { hermeticVersion, type MochaInstance, type MochaRunnable, mochaVersion } from './mocha-internals';
import { runEndsProcess } from './process-footprint';
import type { RunState } from './run-state';
import { RunSummary } from './run-summary';

/**
 * Ends each run of `mocha.run()` (the whole run, or one file in a `--parallel` worker) with hermetic's
 * summary, and adds the failures of work that overstepped its size after its test ended.
 */
export function patchMochaRun(proto: MochaInstance, state: RunState): void {
  if (!state.claim(proto)) return;
  const summary = new RunSummary(state.config, state.titleLocations);
  state.summary = summary;
  const isWorker = state.isWorker;
  applyPatch<MochaInstance['run']>(
    proto,
    'run',
    (realRun) =>
      function run(this: MochaInstance, fn?: (failures: number) => void) {
        // A Mocha run started by a test (a reporter's or plugin's own suite): its tests are the outer test's fixtures, not the project's.
        if (state.currentRunner && !state.runEnded) return realRun.call(this, fn);
        const parallel = this.options?.parallel === true && !isWorker;
        // A worker, and Mocha's command line without --watch, end with the run: the guards stay to judge what tests left behind.
        const givesBack = !isWorker && !runEndsProcess(this.options);
        state.footprint.take();
        if (!isWorker) summary.startRun(parallel);
        // A worker's callback gets the buffered reporter's result object, not a count: pass it on untouched.
        const done = (failures: number) => {
          state.runEnded = true;
          let extra = 0;
          runOutsideScope(() => {
            if (isWorker) summary.flushWorker();
            else extra = summary.finish(parallel, versions, (typeof failures === 'number' ? failures : 0) + state.lateFailures);
          });
          extra += state.lateFailures;
          state.lateFailures = 0;
          // Before the caller's callback, which may start the next run at once.
          if (givesBack) state.footprint.giveBack();
          fn?.(typeof failures === 'number' ? failures + extra : failures);
          // After Mocha's own exit hook (registered inside fn), so work that oversteps even later still fails the run.
          if (!isWorker) {
            process.once('exit', () => {
              if (state.lateFailures > 0 && !process.exitCode) process.exitCode = 1;
            });
          }
        };
        // Mocha's own work (its runner, the reporter, their timers) is owned by no test; the test files it loads are.
        const runner = runOutsideScope(() => realRun.call(this, done));
        state.currentRunner = runner;
        state.runEnded = false;
        if (!parallel) runner.on('test end', (test: MochaRunnable) => summary.recordTest(test));
        return runner;
      },
  );
  // Called inside run() when the files were not loaded before it (a programmatic run): they load as at module top level.
  if (typeof proto.loadFiles === 'function') {
    applyPatch<NonNullable<MochaInstance['loadFiles']>>(
      proto,
      'loadFiles',
      (realLoad) =>
        function loadFiles(this: MochaInstance, fn?: () => void) {
          return runAsUnowned(() => realLoad.call(this, fn));
        },
    );
  }
}

/** Read only when a JSON report is written: each is a file read. */
function versions(): { mocha: string | null; hermetic: string } {
  return { mocha: mochaVersion(), hermetic: hermeticVersion() };
}
