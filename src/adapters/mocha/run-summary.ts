import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedConfig } from '../../core/config';
import { computeDistribution, type Distribution, emptyCounts } from '../../core/distribution';
import { formatJobSummary, formatShardJobSummary } from '../../core/job-summary';
import { buildJsonReport } from '../../core/json-report';
import { isNetworkAllowed } from '../../core/network-target';
import {
  addUnsizedSample,
  emptyResults,
  mergeResults,
  type Reach,
  type RunResults,
  startedOf,
  type TitleRecord,
  usedOf,
} from '../../core/run-results';
import { suggestSizes } from '../../core/suggestions';
import { distributionVerdict, formatAnnotations, formatSummary } from '../../core/summary';
import type { Violation } from '../../core/violation';
import type { MochaRunnable, MochaSuite } from './mocha-internals';
import type { RunnableScope } from './runnable-scope';
import { formatTestId, projectPath, sizeOfEndedTest } from './size-resolution';
import type { TitleLocations } from './title-locations';

/** `--parallel` workers leave their part of the results in the folder this variable names, made private by the main process. */
const RESULTS_DIR = '__HERMETIC_RESULTS_DIR';
/** A worker whose file was stopped by a marker mistake leaves a file with this ending beside its results. */
const STOPPED = '.stopped';
/** The only names workers write in the results folder: `<pid>.jsonl` and `<pid>.stopped`. */
const WORKER_FILE = /^\d+\.(jsonl|stopped)$/;

/**
 * Collects what the end of the run reports: sizes counted per test, every violation, and (only when a
 * JSON report or suggestions are asked for) one record per test.
 */
export class RunSummary {
  private results: RunResults;
  /** Set as each run starts in the main process, the only one that writes the report. */
  private startedAt: string | undefined;
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
  startRun(): void {
    this.results = this.fresh();
    this.startedAt = new Date().toISOString();
    this.stopped = false;
    // Made before Mocha forks any worker, which inherits the variable. mkdtemp's name cannot be guessed and only this
    // user may write in it, unlike a name made of the pid and the time; a serial run removes it unused at its end.
    this.removeResultsDir();
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
      return this.summarise(parallel, versions, counted);
    } catch (err) {
      // Whatever went wrong here, Mocha must still get the run's failures: an exception would lose them, and the exit code.
      process.stderr.write(`hermetic: the run summary failed: ${reason(err)}\n`);
      return this.results.lateFailures + 1;
    } finally {
      this.removeResultsDir();
    }
  }

  private summarise(
    parallel: boolean,
    versions: () => { readonly mocha: string | null; readonly hermetic: string },
    counted: number,
  ): number {
    const results = this.results;
    if (parallel) this.collectWorkers(results);
    if (this.stopped) return results.lateFailures;
    const { config } = this;
    let failures = results.lateFailures;
    const distribution = computeDistribution(results.counts, config.targets, config.tolerance);
    const suggestions = results.observations ? suggestSizes(results.observations, config.timeouts) : undefined;
    const color = process.stderr.isTTY === true && !('NO_COLOR' in process.env);
    process.stderr.write(formatSummary({ results, distribution, config, ...(suggestions ? { suggestions } : {}), color }));
    if (process.env.GITHUB_ACTIONS === 'true' && results.violations.length > 0) {
      process.stdout.write(`${formatAnnotations(results.violations)}\n`);
    }
    if (config.report) {
      const path = resolve(config.report);
      const { mocha, hermetic } = versions();
      const finishedAt = new Date().toISOString();
      const report = buildJsonReport(
        results,
        distribution,
        config,
        {
          hermeticVersion: hermetic,
          mochaVersion: mocha,
          nodeVersion: process.version,
          parallel,
          startedAt: this.startedAt ?? finishedAt,
          finishedAt,
          failures: counted + results.lateFailures,
        },
        suggestions,
      );
      try {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
      } catch (err) {
        // The report was asked for: a run without it fails, whatever its tests did.
        process.stderr.write(
          `hermetic: cannot write the JSON report to ${path}: ${reason(err)}; set report to a file path you can write\n`,
        );
        failures++;
      }
    }
    const verdict = distributionVerdict(distribution, config);
    if (verdict) process.stderr.write(`${verdict.line}\n`);
    if (verdict?.fails) failures++;
    this.writeJobSummary(distribution, counted + results.lateFailures);
    return failures;
  }

  /** On GitHub Actions, the job summary: the pyramid and the verdict for a whole run, one line for a shard. */
  private writeJobSummary(distribution: Distribution, failures: number): void {
    const path = process.env.GITHUB_STEP_SUMMARY;
    if (!path) return;
    const { config, results } = this;
    const text = config.shard
      ? formatShardJobSummary(config.shard, distribution.total, results.violations.length)
      : formatJobSummary({ distribution, violations: results.violations, config, failures });
    try {
      appendFileSync(path, text);
    } catch (err) {
      // GitHub's file, not the project's: the run's verdict does not depend on it.
      process.stderr.write(`hermetic: cannot append the job summary to GITHUB_STEP_SUMMARY (${path}): ${reason(err)}\n`);
    }
  }

  /**
   * Merges what the workers handed over. Only files named as workers name them, and lines shaped as they write them,
   * count: anything else in the folder is not hermetic's, and is passed over with a note rather than trusted or fatal.
   */
  private collectWorkers(into: RunResults): void {
    const dir = this.resultsDir;
    if (!dir) return;
    let passedOver = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const ending = WORKER_FILE.exec(entry.name)?.[1];
      // Never followed: a link could point at a device or a FIFO and hang the read.
      if (ending === undefined || !entry.isFile()) {
        passedOver++;
        continue;
      }
      if (ending === 'stopped') {
        this.stopped = true;
        continue;
      }
      for (const line of readFileSync(join(dir, entry.name), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const part = parseResults(line);
        if (part) mergeResults(into, part);
        else passedOver++;
      }
    }
    if (passedOver > 0) {
      process.stderr.write(
        `hermetic: passed over ${passedOver} file(s) or line(s) in the --parallel results folder ${dir} that no worker wrote\n`,
      );
    }
  }
}

/** A worker's results as it wrote them, or undefined for a line of another shape. */
function parseResults(line: string): RunResults | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const r = value as Partial<Record<keyof RunResults, unknown>> | null;
  const count = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  const list = (l: unknown, each: (e: unknown) => boolean): boolean => Array.isArray(l) && l.every(each);
  const record = (e: unknown): boolean => typeof e === 'object' && e !== null;
  const violation = (e: unknown): boolean =>
    record(e) &&
    typeof (e as Violation).testId === 'string' &&
    typeof (e as Violation).kind === 'string' &&
    list((e as Violation).titlePath, (t) => typeof t === 'string');
  const shaped =
    typeof r === 'object' &&
    r !== null &&
    record(r.counts) &&
    Object.keys(emptyCounts()).every((k) => count((r.counts as Record<string, unknown>)[k])) &&
    count(r.unsizedCount) &&
    count(r.lateFailures) &&
    list(r.unsizedSample, (e) => typeof e === 'string') &&
    list(r.violations, violation) &&
    (r.tests === undefined || list(r.tests, record)) &&
    (r.observations === undefined || list(r.observations, record)) &&
    (r.titles === undefined || list(r.titles, record));
  return shaped ? (value as RunResults) : undefined;
}

/** Why a file operation failed, in words, with Node's code for searching. */
function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EISDIR: 'it is a folder',
    // mkdir's EEXIST: a file stands where a folder of the path should be.
    EEXIST: 'a part of the path is a file',
    ENOTDIR: 'a part of the path is a file',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    ENOENT: 'no such file or folder',
  };
  const said = code !== undefined ? words[code] : undefined;
  return said ? `${said} (${code})` : err instanceof Error ? err.message : String(err);
}

function testIdOf(test: MochaRunnable): string {
  return formatTestId(projectPath(test.file), test.titlePath());
}
