import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedConfig } from '../../core/config';
import { computeDistribution } from '../../core/distribution';
import { buildJsonReport } from '../../core/json-report';
import { isNetworkAllowed } from '../../core/network-target';
import { emptyResults, mergeResults, type Reach, type RunResults, UNSIZED_SAMPLE } from '../../core/run-results';
import { suggestSizes } from '../../core/suggestions';
import { formatAnnotations, formatDistributionFailure, formatSummary } from '../../core/summary';
import type { Violation } from '../../core/violation';
import type { MochaRunnable } from './mocha-internals';
import type { RunnableScope } from './runnable-scope';
import { formatTestId, projectPath, sizeOfEndedTest } from './size-resolution';

/** `--parallel` workers leave their part of the results here for the main process. */
const RESULTS_DIR = '__HERMETIC_RESULTS_DIR';
/** A worker whose file was stopped by a marker mistake leaves a file with this ending beside its results. */
const STOPPED = '.stopped';

/**
 * Collects what the end of the run reports: sizes counted per test, every violation, and (only when a
 * JSON report or suggestions are asked for) one record per test.
 */
export class RunSummary {
  private results: RunResults;
  private startedAt = new Date().toISOString();
  /** A marker mistake stopped the run (in `--parallel`, a file of it): there is nothing to summarise. */
  private stopped = false;
  private readonly isWorker = process.env.MOCHA_WORKER_ID !== undefined;

  constructor(private readonly config: ResolvedConfig) {
    this.results = this.fresh();
    if (!this.isWorker) {
      process.env[RESULTS_DIR] = join(tmpdir(), `hermetic-${process.pid}-${Date.now().toString(36)}`);
    }
  }

  private fresh(): RunResults {
    return emptyResults(this.config.report !== undefined, this.config.suggest);
  }

  /** A new `mocha.run()` in the main process (`--watch` runs again): its summary counts only its own tests. */
  startRun(): void {
    this.results = this.fresh();
    this.startedAt = new Date().toISOString();
    this.stopped = false;
  }

  /** A marker mistake stops the run before any test: its error is all the run has to say. */
  recordStop(): void {
    this.stopped = true;
    const dir = process.env[RESULTS_DIR];
    if (!this.isWorker || !dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${process.pid}${STOPPED}`), '');
  }

  /** A test reached its end (passed, failed or pending). */
  recordTest(test: MochaRunnable): void {
    const resolved = sizeOfEndedTest(test, this.config.defaultSize);
    const results = this.results;
    if (resolved) results.counts[resolved.size]++;
    else {
      results.counts.unsized++;
      results.unsizedCount++;
      if (results.unsizedSample.length < UNSIZED_SAMPLE) results.unsizedSample.push(testIdOf(test));
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
    this.results.observations?.push({
      testId: scope.testId,
      declared: declared ?? null,
      reach,
      durationMs: Math.round(durationMs),
      ...(example ? { example } : {}),
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
    const dir = process.env[RESULTS_DIR];
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(this.results)}\n`);
    this.results = this.fresh();
  }

  /**
   * The whole run ended in the main process: print the summary, write the report; returns the failures to add (workers' late ones too).
   * After a marker mistake stopped the run, neither: Mocha has printed the error (and counted it as a failure), and a summary
   * of the tests that did not run would only bury it.
   */
  finish(parallel: boolean, versions: () => { readonly mocha: string | null; readonly hermetic: string }): number {
    const results = this.results;
    if (parallel) this.collectWorkers(results);
    if (this.stopped) return results.lateFailures;
    const { config } = this;
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
      const report = buildJsonReport(
        results,
        distribution,
        config,
        {
          hermeticVersion: hermetic,
          mochaVersion: mocha,
          nodeVersion: process.version,
          parallel,
          startedAt: this.startedAt,
          finishedAt: new Date().toISOString(),
        },
        suggestions,
      );
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    }
    if (config.distribution !== 'off' && !distribution.onTarget && distribution.sized > 0) {
      process.stderr.write(`${formatDistributionFailure(distribution)}${config.distribution === 'warn' ? ' (distribution: warn)' : ''}\n`);
      if (config.distribution === 'strict') return 1 + results.lateFailures;
    }
    return results.lateFailures;
  }

  private collectWorkers(into: RunResults): void {
    const dir = process.env[RESULTS_DIR];
    if (!dir) return;
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    if (entries.some((f) => f.endsWith(STOPPED))) this.stopped = true;
    for (const file of entries.filter((f) => f.endsWith('.jsonl')).sort()) {
      for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
        if (line.trim() !== '') mergeResults(into, JSON.parse(line) as RunResults);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

function testIdOf(test: MochaRunnable): string {
  return formatTestId(projectPath(test.file), test.titlePath());
}
