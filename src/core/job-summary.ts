import type { ResolvedConfig, Shard } from './config';
import type { Distribution } from './distribution';
import { inFileOrder, testsWithViolations } from './run-results';
import { distributionVerdict, NAMED_PER_LINE, shardName } from './summary';
import type { Violation } from './violation';
import { groupOf, VIOLATION_GROUPS } from './violation-groups';

/** What a GitHub Actions job summary shows of a whole run, or of the shards merged. */
export interface JobSummaryInput {
  readonly distribution: Distribution;
  readonly violations: readonly Violation[];
  readonly config: ResolvedConfig;
  /** The failures the run counted (or the shards together), before the pyramid's verdict. */
  readonly failures: number;
  /** Set by `npx hermetic merge`: how many shards were added up. */
  readonly mergedShards?: number;
}

/** Cells of the bar that shows a share: one per 10 %. */
const BAR_CELLS = 10;

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A share as a small bar of filled and empty blocks, rounded to the nearest cell. */
function bar(percent: number): string {
  const filled = Math.round((percent / 100) * BAR_CELLS);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}`;
}

/** A test id as inline code; a backtick in a title would end the span early. */
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function pyramidTable(d: Distribution): string[] {
  const lines = ['| size | tests | share | | target | status |', '|---|---:|---:|---|---|---|'];
  for (const r of d.rows) {
    const label = r.bucket === 'large' ? 'large + xlarge' : r.bucket;
    lines.push(`| ${label} | ${r.count} | ${r.percent.toFixed(1)}% | ${bar(r.percent)} | ${r.target}% ±${d.tolerance} | ${r.status} |`);
  }
  lines.push(`| unsized | ${d.counts.unsized} | | | | not counted in the shares |`);
  return lines;
}

function violationList(violations: readonly Violation[], enforcement: string): string[] {
  if (violations.length === 0) return ['### Violations', '', 'None.'];
  const inOrder = inFileOrder(violations, (v) => v.testId);
  const tests = testsWithViolations(inOrder);
  const lines = [
    `### Violations: ${plural(violations.length, 'violation')} in ${plural(tests.length, 'test')} (enforcement: ${enforcement})`,
    '',
  ];
  for (const group of VIOLATION_GROUPS) {
    const ids = [...new Set(inOrder.filter((v) => groupOf(v) === group).map((v) => v.testId))];
    if (ids.length === 0) continue;
    const more = ids.length > NAMED_PER_LINE ? `, and ${ids.length - NAMED_PER_LINE} more` : '';
    const count = inOrder.filter((v) => groupOf(v) === group).length;
    lines.push(`- **${group}** (${count}): ${ids.slice(0, NAMED_PER_LINE).map(code).join(', ')}${more}`);
  }
  if (enforcement === 'warn') lines.push('', `${plural(tests.length, 'test')} would fail under strict enforcement.`);
  return lines;
}

function verdictLine(input: JobSummaryInput): string {
  const reasons: string[] = [];
  if (input.failures > 0) reasons.push(plural(input.failures, 'failure'));
  const pyramid = distributionVerdict(input.distribution, input.config);
  if (pyramid?.fails) reasons.push(`the test pyramid is outside its targets (distribution: ${input.config.distribution})`);
  if (reasons.length > 0) return `**Failed**: ${reasons.join('; ')}.`;
  const warned = pyramid ? ' The test pyramid is outside its targets (distribution: warn).' : '';
  return `**Passed**.${warned}`;
}

/** The Markdown a whole run or a merge appends to `GITHUB_STEP_SUMMARY`: the pyramid, the violations by kind, the verdict. */
export function formatJobSummary(input: JobSummaryInput): string {
  const d = input.distribution;
  const merged = input.mergedShards ? ` (${plural(input.mergedShards, 'shard')} merged)` : '';
  return [
    `## hermetic: test sizes${merged}`,
    '',
    `${plural(d.total, 'test')}: ${d.sized} sized, ${d.counts.unsized} unsized.`,
    '',
    ...pyramidTable(d),
    '',
    ...violationList(input.violations, input.config.enforcement),
    '',
    '### Verdict',
    '',
    verdictLine(input),
    '',
  ].join('\n');
}

/** The one line a shard appends to `GITHUB_STEP_SUMMARY`: its slice alone says nothing of the pyramid. */
export function formatShardJobSummary(shard: Shard, tests: number, violations: number): string {
  return `hermetic: shard ${shardName(shard)} ran ${plural(tests, 'test')} with ${plural(violations, 'violation')}; the pyramid and the verdict wait for \`npx hermetic merge\`.\n`;
}
