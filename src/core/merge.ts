import { type ResolvedConfig, readObject, resolveConfig } from './config';
import { computeDistribution, type Distribution, emptyCounts, type SizeCounts } from './distribution';
import { buildJsonReport, type JsonReport, REPORT_VERSION } from './json-report';
import { inFileOrder, type RunResults, type TestRecord, UNSIZED_SAMPLE } from './run-results';
import type { Suggestion } from './suggestions';
import { type DistributionVerdict, distributionVerdict, shardName } from './summary';

/** A shard report that cannot be merged, or a set of them that does not make one suite: one line, naming the file. */
export class MergeRefusal extends Error {
  override name = 'MergeRefusal';
}

/** One shard's report as read from its file. */
export interface ShardReport {
  /** The file it came from, as the user named it. */
  readonly name: string;
  readonly report: JsonReport & { readonly run: { readonly shard: NonNullable<JsonReport['run']['shard']> } };
}

/** The shards added up: what one run of the whole suite would have printed, written and decided. */
export interface MergedRun {
  readonly report: JsonReport;
  readonly results: RunResults;
  readonly distribution: Distribution;
  readonly config: ResolvedConfig;
  readonly suggestions: readonly Suggestion[] | undefined;
  /** The failures the shards counted together, before the pyramid's verdict. */
  readonly failures: number;
  readonly verdict: DistributionVerdict | undefined;
  /** Whether one run of the whole suite would have failed. */
  readonly fails: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** The field of a report that is not as hermetic writes it, or undefined when the report has the shape merge reads. */
function misshapen(r: Record<string, unknown>): string | undefined {
  const run = r.run;
  if (!isObject(run)) return 'run';
  if (!isObject(run.config)) return 'run.config';
  if (!isObject(run.configSources)) return 'run.configSources';
  if (!isCount(run.failures)) return 'run.failures';
  const d = r.distribution;
  if (!isObject(d) || !isObject(d.counts)) return 'distribution';
  for (const key of Object.keys(emptyCounts()))
    if (!isCount((d.counts as Record<string, unknown>)[key])) return `distribution.counts.${key}`;
  if (!Array.isArray(r.violations) || !r.violations.every((v) => isObject(v) && typeof v.testId === 'string')) return 'violations';
  if (!Array.isArray(r.tests) || !r.tests.every((t) => isObject(t) && typeof t.id === 'string')) return 'tests';
  if (
    r.suggestions !== undefined &&
    (!Array.isArray(r.suggestions) || !r.suggestions.every((s) => isObject(s) && typeof s.testId === 'string'))
  )
    return 'suggestions';
  return undefined;
}

/** Reads one shard's report; a file that is not one gets a {@link MergeRefusal} naming it and what is wrong. */
export function readShardReport(name: string, text: string): ShardReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MergeRefusal(`${name} is not JSON (${(err as Error).message}); give the reports the shards wrote with --hermetic-report`);
  }
  if (!isObject(value) || !isObject(value.generator) || value.generator.name !== 'hermetic') {
    throw new MergeRefusal(`${name} is not a hermetic report; give the reports the shards wrote with --hermetic-report`);
  }
  if (value.version !== REPORT_VERSION) {
    throw new MergeRefusal(
      `${name} is a version ${JSON.stringify(value.version)} report, merge reads version ${REPORT_VERSION}: run the shards with hermetic ${String(value.generator.version)} replaced by this one`,
    );
  }
  const bad = misshapen(value);
  if (bad !== undefined) throw new MergeRefusal(`${name} is damaged: its ${bad} is not as hermetic writes it; run that shard again`);
  const shard = (value.run as Record<string, unknown>).shard;
  if (!isObject(shard) || !isCount(shard.index) || !isCount(shard.total) || (shard.total as number) < 2) {
    throw new MergeRefusal(`${name} is not a shard's report (it has no run.shard): run each shard with --hermetic-shard=I/N`);
  }
  return { name, report: value as unknown as ShardReport['report'] };
}

/** The options that must be the same in every shard: all of them but where the report was written. */
function sharedConfig(report: JsonReport): Record<string, unknown> {
  const { report: _path, ...rest } = report.run.config;
  return rest;
}

/** Refuses shards that do not make one suite: other versions, other settings, other counts, a shard twice or missing. */
function checkShards(shards: readonly ShardReport[]): void {
  const first = shards[0];
  if (!first) throw new MergeRefusal('no reports to merge: name the shards\' report files, or a glob such as "reports/*.json"');
  const firstConfig = sharedConfig(first.report);
  const seen = new Map<number, string>();
  for (const s of shards) {
    const { shard } = s.report.run;
    if (s.report.generator.version !== first.report.generator.version) {
      throw new MergeRefusal(
        `${s.name} was written by hermetic ${s.report.generator.version} but ${first.name} by ${first.report.generator.version}; run every shard with the same version`,
      );
    }
    if (shard.total !== first.report.run.shard.total) {
      throw new MergeRefusal(
        `${s.name} is shard ${shardName(shard)} but ${first.name} is shard ${shardName(first.report.run.shard)}; every shard must name the same total`,
      );
    }
    const config = sharedConfig(s.report);
    for (const key of [...new Set([...Object.keys(firstConfig), ...Object.keys(config)])].sort()) {
      const here = JSON.stringify(config[key]);
      const there = JSON.stringify(firstConfig[key]);
      if (here !== there) {
        throw new MergeRefusal(
          `${s.name} was run with other settings than ${first.name}: ${key} is ${here ?? 'unset'} there, ${there ?? 'unset'} in ${first.name}; run every shard with the same settings`,
        );
      }
    }
    const twin = seen.get(shard.index);
    if (twin !== undefined)
      throw new MergeRefusal(`${twin} and ${s.name} are both shard ${shardName(shard)}; give each shard's report once`);
    seen.set(shard.index, s.name);
  }
  const total = first.report.run.shard.total;
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    throw new MergeRefusal(
      `${missing.length === 1 ? 'shard' : 'shards'} ${missing.map((i) => `${i}/${total}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: got ${plural(shards.length, 'report')} for ${total} shards; merge needs every shard's report`,
    );
  }
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Adds the shards up into the report, summary and verdict one run of the whole suite would have given. */
export function mergeShardReports(shards: readonly ShardReport[]): MergedRun {
  checkShards(shards);
  const first = shards[0]!.report;
  const read = readObject(first.run.config, `${shards[0]!.name} (run.config)`);
  const resolved = resolveConfig([read.layer]);
  const problems = [...read.problems, ...resolved.problems];
  if (problems.length > 0) throw new MergeRefusal(`${shards[0]!.name} is damaged: ${problems[0]}`);
  const config: ResolvedConfig = { ...resolved.config, sources: first.run.configSources };
  const counts: SizeCounts = emptyCounts();
  for (const { report } of shards)
    for (const key of Object.keys(counts) as (keyof SizeCounts)[]) counts[key] += report.distribution.counts[key];
  const tests: TestRecord[] = inFileOrder(
    shards.flatMap((s) => s.report.tests),
    (t) => t.id,
  );
  const unsized = tests.filter((t) => t.size === null).map((t) => t.id);
  const results: RunResults = {
    counts,
    unsizedCount: counts.unsized,
    unsizedSample: unsized.slice(0, UNSIZED_SAMPLE),
    violations: inFileOrder(
      shards.flatMap((s) => s.report.violations),
      (v) => v.testId,
    ),
    lateFailures: 0,
    tests,
  };
  const withSuggestions = shards.some((s) => s.report.suggestions !== undefined);
  const suggestions = withSuggestions
    ? inFileOrder(
        shards.flatMap((s) => s.report.suggestions ?? []),
        (s) => s.testId,
      )
    : undefined;
  const distribution = computeDistribution(counts, config.targets, config.tolerance);
  const failures = shards.reduce((sum, s) => sum + s.report.run.failures, 0);
  const times = shards.map((s) => s.report.run);
  const report = buildJsonReport(
    results,
    distribution,
    config,
    {
      hermeticVersion: first.generator.version,
      mochaVersion: first.run.mocha,
      nodeVersion: first.run.node,
      parallel: times.some((t) => t.parallel),
      startedAt: times.map((t) => t.startedAt).sort()[0]!,
      finishedAt: times
        .map((t) => t.finishedAt)
        .sort()
        .at(-1)!,
      failures,
    },
    suggestions,
  );
  const verdict = distributionVerdict(distribution, config);
  return {
    report: { ...report, run: { ...report.run, mergedShards: shards.length } },
    results,
    distribution,
    config,
    suggestions,
    failures,
    verdict,
    fails: failures > 0 || verdict?.fails === true,
  };
}
