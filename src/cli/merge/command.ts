import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatJobSummary } from '../../core/job-summary';
import { MergeRefusal, mergeShardReports, readShardReport, type ShardReport } from '../../core/merge';
import { formatSummary } from '../../core/summary';
import { parseArguments } from '../arguments';
import { type CliCommand, type CliIo, CliUsageError } from '../command';
import { expandFiles } from '../split/spec-files';

/** Where the merged report goes when `--out` is not given: where a single run's report usually goes. */
const DEFAULT_OUT = 'hermetic-report.json';

const USAGE = `Usage: npx hermetic merge [--out ${DEFAULT_OUT}] <shard reports: files or globs>

Adds up the JSON reports of a suite's shards (each run with --hermetic-shard=I/N and --hermetic-report) into the
summary, the JSON report and the verdict one run of the whole suite would have given: the test pyramid against its
targets (distribution), unsized tests, violations by kind, suggestions. Refuses reports of other versions or settings,
a shard twice or one missing. Exits 1 when one whole run would have failed, 2 when the reports cannot be merged.

  npx hermetic merge 'reports/**/*.json' --out hermetic-report.json`;

function readReport(cwd: string, name: string): ShardReport {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, name), 'utf8');
  } catch (err) {
    throw new MergeRefusal(`cannot read ${name}: ${(err as Error).message}`);
  }
  return readShardReport(name, text);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { options, words } = parseArguments(args, ['--out'], 'see `npx hermetic merge --help`');
  if (words.length === 0) throw new CliUsageError(`name the shards' report files, or a glob such as "reports/*.json"`);
  const names = expandFiles(io.cwd, words, 'report file', { extensions: ['json'], recursive: true });
  const out = options.get('--out') ?? DEFAULT_OUT;
  const outPath = resolve(io.cwd, out);
  const clash = names.find((name) => resolve(io.cwd, name) === outPath);
  if (clash !== undefined) throw new CliUsageError(`--out ${out} is one of the shard reports; write the merged report elsewhere`);
  let merged: ReturnType<typeof mergeShardReports>;
  try {
    merged = mergeShardReports(names.map((name) => readReport(io.cwd, name)));
  } catch (err) {
    if (err instanceof MergeRefusal) throw new CliUsageError(err.message);
    throw err;
  }
  const { results, distribution, config, suggestions, verdict } = merged;
  // The very text a run of the whole suite prints: the same function, fed the shards added up.
  io.out(formatSummary({ results, distribution, config, ...(suggestions ? { suggestions } : {}) }));
  if (merged.failures > 0) io.err(`hermetic: the shards counted ${merged.failures} failure(s): failed tests, hooks or late violations\n`);
  if (verdict) io.err(`${verdict.line}\n`);
  try {
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(outPath, `${JSON.stringify(merged.report, null, 2)}\n`);
  } catch (err) {
    io.err(
      `hermetic merge: cannot write the merged report to ${outPath}: ${(err as Error).message}; set --out to a file path you can write\n`,
    );
    return 1;
  }
  const summaryPath = io.env.GITHUB_STEP_SUMMARY;
  if (summaryPath) {
    const text = formatJobSummary({
      distribution,
      violations: results.violations,
      config,
      failures: merged.failures,
      mergedShards: names.length,
    });
    try {
      appendFileSync(summaryPath, text);
    } catch (err) {
      io.err(`hermetic merge: cannot append the job summary to GITHUB_STEP_SUMMARY (${summaryPath}): ${(err as Error).message}\n`);
    }
  }
  return merged.fails ? 1 : 0;
}

export const mergeCommand: CliCommand = {
  summary: "add up the shards' JSON reports into one summary, one report and one verdict",
  usage: USAGE,
  run,
};
