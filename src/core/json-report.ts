import type { ResolvedConfig, Shard } from './config';
import type { Distribution } from './distribution';
import type { RunResults, TestRecord, TitleRecord } from './run-results';
import type { TestSize } from './size';
import { fitsOf, type Suggestion } from './suggestions';
import type { Violation } from './violation';
import { groupOf, type ViolationGroup } from './violation-groups';

/**
 * Bumped when a field changes meaning or goes away; new fields do not bump it. Version 2: a report may be one shard's
 * part of a suite (`run.shard`), whose `distribution` is then only that slice's, and `run.failures` carries the run's verdict.
 */
export const REPORT_VERSION = 2;

export interface JsonReport {
  readonly version: typeof REPORT_VERSION;
  readonly generator: { readonly name: 'hermetic'; readonly version: string };
  readonly run: {
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly node: string;
    readonly mocha: string | null;
    readonly parallel: boolean;
    readonly enforcement: ResolvedConfig['enforcement'];
    readonly distribution: ResolvedConfig['distribution'];
    readonly config: Record<string, unknown>;
    readonly configSources: Readonly<Record<string, string>>;
    /** The failures the run counted (failed tests and hooks, late violations), before the pyramid's verdict. */
    readonly failures: number;
    /** Set when the run was one slice of the suite: its distribution is the slice's, judged only by `npx hermetic merge`. */
    readonly shard?: Shard;
    /** Set on the report `npx hermetic merge` writes: how many shard reports it added up. */
    readonly mergedShards?: number;
  };
  readonly distribution: Distribution;
  readonly violations: readonly (Violation & { readonly group: ViolationGroup })[];
  readonly tests: readonly TestRecord[];
  readonly suggestions?: readonly Suggestion[];
  /** Suggest mode: every test and suite where `npx hermetic tag` finds it, with the smallest size it (or a suite's hooks) fit. */
  readonly titles?: readonly ReportTitle[];
}

/** A test or suite of the report's `titles`; `fits` is absent for a suite whose hooks did nothing observed. */
export interface ReportTitle extends TitleRecord {
  readonly fits?: TestSize;
  readonly durationOnly?: boolean;
}

export interface ReportContext {
  readonly hermeticVersion: string;
  readonly mochaVersion: string | null;
  readonly nodeVersion: string;
  readonly parallel: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The failures Mocha counted, hermetic's late ones included. */
  readonly failures: number;
}

/** The JSON report as data; `schema/report.schema.json` in the package describes it. */
export function buildJsonReport(
  results: RunResults,
  distribution: Distribution,
  config: ResolvedConfig,
  context: ReportContext,
  suggestions?: readonly Suggestion[],
): JsonReport {
  const { allowRules: _rules, sources, shard, ...plainConfig } = config;
  return {
    version: REPORT_VERSION,
    generator: { name: 'hermetic', version: context.hermeticVersion },
    run: {
      startedAt: context.startedAt,
      finishedAt: context.finishedAt,
      node: context.nodeVersion,
      mocha: context.mochaVersion,
      parallel: context.parallel,
      enforcement: config.enforcement,
      distribution: config.distribution,
      // `none` written out, as a project writes it: a missing key would read as "not reported" rather than "no default".
      config: { ...plainConfig, defaultSize: config.defaultSize ?? 'none' },
      configSources: sources,
      failures: context.failures,
      ...(shard ? { shard } : {}),
    },
    distribution,
    violations: results.violations.map((v) => ({ ...v, group: groupOf(v) })),
    tests: results.tests ?? [],
    ...(suggestions ? { suggestions } : {}),
    ...(results.titles ? { titles: titlesWithFits(results, config.timeouts) } : {}),
  };
}

function titlesWithFits(results: RunResults, timeouts: ResolvedConfig['timeouts']): ReportTitle[] {
  const fits = fitsOf(results.observations ?? [], timeouts);
  return (results.titles ?? []).map((title) => {
    const fit = (title.kind === 'test' ? fits.tests : fits.suites).get(title.id);
    return fit ? { ...title, fits: fit.fits, durationOnly: fit.durationOnly } : title;
  });
}
