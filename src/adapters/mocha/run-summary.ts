import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedConfig } from '../../core/config';
import { isNetworkAllowed } from '../../core/network-target';
import { addUnsizedSample, emptyResults, type Reach, type RunResults, startedOf, type TitleRecord, usedOf } from '../../core/run-results';
import type { Violation } from '../../core/violation';
import { reason } from './file-error';
import type { MochaRunnable, MochaSuite } from './mocha-internals';
import type { RunnableScope } from './runnable-scope';
import { formatTestId, projectPath, sizeOfEndedTest } from './size-resolution';
import type { TitleLocations } from './title-locations';

/** `--parallel` workers leave their part of the results in the folder this variable names, made private by the main process. */
const RESULTS_DIR = '__HERMETIC_RESULTS_DIR';
/** A worker whose file was stopped by a marker mistake leaves a file with this ending beside its results. */
const STOPPED = '.stopped';

/**
 * Collects what the end of the run reports: sizes counted per test, every violation, and (only when a
 * JSON report or suggestions are asked for) one record per test.
 */
export class RunSummary {
  private results: RunResults;
  /**
   * When each run starts in the main process, the only one that writes the report: a number, formatted only when a report
   * is written (the first `toISOString` of a process costs about a millisecond, which plain Mocha never pays).
   */
  private startedAt: number | undefined;
  /** A marker mistake stopped the run (in `--parallel`, a file of it): there is nothing to summarise. */
  private stopped = false;
  private readonly isWorker = process.env.MOCHA_WORKER_ID !== undefined;
  /** The main process's private folder for this run's worker results, made as the run starts. */
  private resultsDir: string | undefined;

  /** The suites whose title record is written already: each once, from the first of its tests that ends. */
  private titledSuites = new WeakSet<MochaSuite>();

  constructor(
    private readonly config: ResolvedConfig,
    private readonly locations?: TitleLocations,
  ) {
    this.results = this.fresh();
    // A run that dies before its end (a crash, SIGINT) leaves no folder behind.
    if (!this.isWorker) process.once('exit', () => this.removeResultsDir());
  }

  private fresh(): RunResults {
    this.titledSuites = new WeakSet();
    return emptyResults(this.config.report !== undefined, this.config.suggest, this.locations !== undefined);
  }

  /** A new `mocha.run()` in the main process (`--watch` runs again): its summary counts only its own tests. */
  startRun(parallel: boolean): void {
    this.results = this.fresh();
    this.startedAt = Date.now();
    this.stopped = false;
    this.removeResultsDir();
    // A serial run has no workers to hear from: it makes no folder, and hands none down.
    if (!parallel) {
      delete process.env[RESULTS_DIR];
      return;
    }
    // Made before Mocha forks any worker, which inherits the variable. mkdtemp's name cannot be guessed and only this
    // user may write in it, unlike a name made of the pid and the time.
    this.resultsDir = mkdtempSync(join(tmpdir(), 'hermetic-'));
    process.env[RESULTS_DIR] = this.resultsDir;
  }

  private removeResultsDir(): void {
    if (this.resultsDir) rmSync(this.resultsDir, { recursive: true, force: true });
    this.resultsDir = undefined;
  }

  /** A marker mistake stops the run before any test: its error is all the run has to say. */
  recordStop(): void {
    this.stopped = true;
    if (this.isWorker) this.handToMainProcess(STOPPED, '');
  }

  /** A test reached its end (passed, failed or pending). */
  recordTest(test: MochaRunnable): void {
    const resolved = sizeOfEndedTest(test, this.config.defaultSize);
    const results = this.results;
    if (resolved) results.counts[resolved.size]++;
    else {
      results.counts.unsized++;
      results.unsizedCount++;
      addUnsizedSample(results.unsizedSample, testIdOf(test));
    }
    if (results.tests) {
      const state = test.isPending() ? 'pending' : test.state === 'failed' ? 'failed' : 'passed';
      results.tests.push({
        id: testIdOf(test),
        file: projectPath(test.file),
        size: resolved?.size ?? null,
        durationMs: test.duration,
        state,
      });
    }
    if (results.titles) this.recordTitles(test, resolved?.size ?? null, results.titles);
  }

  /** Suggest mode with a report: the test's title and location, and those of its suites not recorded yet. */
  private recordTitles(test: MochaRunnable, declared: TitleRecord['declared'], into: TitleRecord[]): void {
    const file = projectPath(test.file);
    into.push({
      kind: 'test',
      id: testIdOf(test),
      ...(file ? { file } : {}),
      titlePath: test.titlePath(),
      ...this.locations?.of(test),
      declared,
      ...(test.duration !== undefined ? { durationMs: test.duration } : {}),
      ...(test.isPending() ? { pending: true } : {}),
    });
    for (let suite = test.parent; suite && !suite.root && !this.titledSuites.has(suite); suite = suite.parent) {
      this.titledSuites.add(suite);
      const suiteFile = projectPath(suite.file) ?? file;
      const titlePath = suite.titlePath();
      into.push({
        kind: 'suite',
        id: formatTestId(suiteFile, titlePath),
        ...(suiteFile ? { file: suiteFile } : {}),
        titlePath,
        ...this.locations?.of(suite),
      });
    }
  }

  recordViolation(violation: Violation): void {
    if (!this.config.suggest) this.results.violations.push(violation);
  }

  /** Suggest mode: what a test or a suite's hook reached, from the attempts its scope recorded. */
  recordObservation(scope: RunnableScope, declared: RunnableScope['size'], durationMs: number): void {
    let reach: Reach = 'none';
    let example: string | undefined;
    for (const v of scope.violations) {
      if (v.kind !== 'network' || !v.target) continue;
      const local = isNetworkAllowed('loopback', v.target, this.config.allowRules);
      const r: Reach = local ? 'local' : 'outside';
      if (reach === 'none' || (reach === 'local' && r === 'outside')) {
        reach = r;
        example = v.target.transport === 'unix' ? `unix:${v.target.path}` : `${v.target.host}${v.target.port ? `:${v.target.port}` : ''}`;
      }
    }
    const started = startedOf(scope.violations);
    const used = usedOf(scope.violations);
    this.results.observations?.push({
      testId: scope.testId,
      declared: declared ?? null,
      reach,
      durationMs: Math.round(durationMs),
      ...(example ? { example } : {}),
      ...(started ? { started } : {}),
      ...(used ? { used } : {}),
      ...(scope.isHook ? { suitePath: scope.testId } : {}),
    });
  }

  /**
   * In a `--parallel` worker whose file had ended: a late violation (already recorded) fails the run. Handed to the
   * main process at once, since the worker may get no other file.
   */
  recordLateFailure(): void {
    this.results.lateFailures++;
    this.flushWorker();
  }

  /** A worker's file run ended: hand its part to the main process and start afresh. */
  flushWorker(): void {
    this.handToMainProcess('.jsonl', `${JSON.stringify(this.results)}\n`);
    this.results = this.fresh();
  }

  /** Appends to this worker's file in the main process's results folder; the folder is the main process's to make. */
  private handToMainProcess(ending: string, text: string): void {
    const dir = process.env[RESULTS_DIR];
    if (!dir) return;
    try {
      appendFileSync(join(dir, `${process.pid}${ending}`), text, { mode: 0o600 });
    } catch (err) {
      process.stderr.write(`hermetic: cannot hand a --parallel worker's results to the main process: ${reason(err)}\n`);
    }
  }

  /**
   * The whole run ended in the main process: print the summary, write the report; returns the failures to add (workers' late ones too).
   * After a marker mistake stopped the run, neither: Mocha has printed the error (and counted it as a failure), and a summary
   * of the tests that did not run would only bury it. `counted` is what Mocha and hermetic have counted as failures so far.
   */
  finish(parallel: boolean, versions: () => { readonly mocha: string | null; readonly hermetic: string }, counted: number): number {
    try {
      // Its own bundle, read only now: start-up does not parse the code of the summary and the reports.
      const { summariseRun } = require('./run-end') as typeof import('./run-end');
      return summariseRun({
        results: this.results,
        config: this.config,
        startedAt: this.startedAt,
        resultsDir: parallel ? this.resultsDir : undefined,
        stopped: this.stopped,
        parallel,
        versions,
        counted,
      });
    } catch (err) {
      // Whatever went wrong here, Mocha must still get the run's failures: an exception would lose them, and the exit code.
      process.stderr.write(`hermetic: the run summary failed: ${reason(err)}\n`);
      return this.results.lateFailures + 1;
    } finally {
      this.removeResultsDir();
    }
  }
}

function testIdOf(test: MochaRunnable): string {
  return formatTestId(projectPath(test.file), test.titlePath());
}
