import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedConfig } from '../../core/config';
import { computeDistribution, type Distribution, emptyCounts } from '../../core/distribution';
import { formatJobSummary, formatShardJobSummary } from '../../core/job-summary';
import { buildJsonReport } from '../../core/json-report';
import { mergeResults, type RunResults } from '../../core/run-results';
import { suggestSizes } from '../../core/suggestions';
import { distributionVerdict, formatAnnotations, formatSummary } from '../../core/summary';
import type { Violation } from '../../core/violation';
import { reason } from './file-error';

/**
 * The end of a run in the main process: what --parallel workers handed over is merged, the summary printed, the reports
 * written. A bundle of its own, loaded when a run ends: it takes plain data, so start-up never parses this code.
 */

/** The only names workers write in the results folder: `<pid>.jsonl` and `<pid>.stopped`. */
const WORKER_FILE = /^\d+\.(jsonl|stopped)$/;

/** What the run collected, as the main process's run summary holds it when the run ends. */
export interface EndedRun {
  readonly results: RunResults;
  readonly config: ResolvedConfig;
  /** When the run started (`Date.now()`); undefined if it never did. */
  readonly startedAt: number | undefined;
  /** The folder where `--parallel` workers left their results; undefined for a serial run. */
  readonly resultsDir: string | undefined;
  /** A marker mistake stopped the run: there is nothing to summarise. */
  readonly stopped: boolean;
  readonly parallel: boolean;
  readonly versions: () => { readonly mocha: string | null; readonly hermetic: string };
  /** What Mocha and hermetic have counted as failures so far. */
  readonly counted: number;
}

/** Prints the summary and writes the reports; returns the failures to add (workers' late ones too). */
export function summariseRun(run: EndedRun): number {
  const { results, config, counted } = run;
  const stopped = (run.resultsDir !== undefined && collectWorkers(run.resultsDir, results)) || run.stopped;
  if (stopped) return results.lateFailures;
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
    const { mocha, hermetic } = run.versions();
    const finishedAt = new Date().toISOString();
    const startedAt = run.startedAt === undefined ? finishedAt : new Date(run.startedAt).toISOString();
    const report = buildJsonReport(
      results,
      distribution,
      config,
      {
        hermeticVersion: hermetic,
        mochaVersion: mocha,
        nodeVersion: process.version,
        parallel: run.parallel,
        startedAt,
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
      process.stderr.write(`hermetic: cannot write the JSON report to ${path}: ${reason(err)}; set report to a file path you can write\n`);
      failures++;
    }
  }
  const verdict = distributionVerdict(distribution, config);
  if (verdict) process.stderr.write(`${verdict.line}\n`);
  if (verdict?.fails) failures++;
  writeJobSummary(results, config, distribution, counted + results.lateFailures);
  return failures;
}

/** On GitHub Actions, the job summary: the pyramid and the verdict for a whole run, one line for a shard. */
function writeJobSummary(results: RunResults, config: ResolvedConfig, distribution: Distribution, failures: number): void {
  const path = process.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
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
 * Merges what the workers handed over into `into`; true when a worker's file was stopped by a marker mistake. Only files
 * named as workers name them, and lines shaped as they write them, count: anything else in the folder is not hermetic's,
 * and is passed over with a note rather than trusted or fatal.
 */
function collectWorkers(dir: string, into: RunResults): boolean {
  let stopped = false;
  let passedOver = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const ending = WORKER_FILE.exec(entry.name)?.[1];
    // Never followed: a link could point at a device or a FIFO and hang the read.
    if (ending === undefined || !entry.isFile()) {
      passedOver++;
      continue;
    }
    if (ending === 'stopped') {
      stopped = true;
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
  return stopped;
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
