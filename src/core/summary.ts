import type { ResolvedConfig, Shard } from './config';
import type { Distribution, ShareStatus } from './distribution';
import { formatTarget } from './network-target';
import { inFileOrder, type RunResults, testsWithViolations } from './run-results';
import { tagOf } from './size';
import type { Suggestion } from './suggestions';
import type { Violation } from './violation';
import { groupOf, VIOLATION_GROUPS } from './violation-groups';

/** How many tests a summary line names before "and N more". */
export const NAMED_PER_LINE = 3;

export interface SummaryInput {
  readonly results: RunResults;
  readonly distribution: Distribution;
  readonly config: ResolvedConfig;
  readonly suggestions?: readonly Suggestion[];
  /** Colour the statuses (a TTY without NO_COLOR). */
  readonly color?: boolean;
}

/** `2/5`, as the `shard` option takes it. */
export const shardName = (shard: Shard): string => `${shard.index}/${shard.total}`;

/** What the pyramid check says at the end of a run or a merge: its line, and whether it fails the run. */
export interface DistributionVerdict {
  readonly line: string;
  readonly fails: boolean;
}

/**
 * The pyramid's verdict, or undefined when there is nothing to say. A shard holds a slice of the suite, whose shares mean
 * nothing on their own: its verdict waits for `npx hermetic merge`, which judges the whole.
 */
export function distributionVerdict(d: Distribution, config: ResolvedConfig): DistributionVerdict | undefined {
  if (config.distribution === 'off') return undefined;
  if (config.shard) {
    return {
      line: `hermetic: shard ${shardName(config.shard)}: the test pyramid is judged when the shards are merged (npx hermetic merge)`,
      fails: false,
    };
  }
  if (d.onTarget || d.sized === 0) return undefined;
  return {
    line: `${formatDistributionFailure(d)}${config.distribution === 'warn' ? ' (distribution: warn)' : ''}`,
    fails: config.distribution === 'strict',
  };
}

const paint = (on: boolean | undefined, code: number, text: string): string => (on ? `\u001b[${code}m${text}\u001b[39m` : text);

function statusText(status: ShareStatus, color: boolean | undefined): string {
  return status === 'on target' ? paint(color, 32, status) : status === 'no sized tests' ? status : paint(color, 33, status);
}

function named(ids: readonly string[], total: number): string {
  const shown = ids.slice(0, NAMED_PER_LINE).join(', ');
  return total > NAMED_PER_LINE ? `${shown}, and ${total - NAMED_PER_LINE} more` : shown;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function distributionLines(d: Distribution, config: ResolvedConfig, color: boolean | undefined): string[] {
  const lines = [`Test sizes: ${plural(d.total, 'test')} (${d.sized} sized, ${d.counts.unsized} unsized)`];
  const pct = (n: number): string => `${(d.sized === 0 ? 0 : (n / d.sized) * 100).toFixed(1)}%`.padStart(6);
  const row = (label: string, count: number, share: string, rest = ''): string =>
    `  ${label.padEnd(8)}${String(count).padStart(7)}  ${share}${rest}`.trimEnd();
  const targetText = (r: (typeof d.rows)[number]): string =>
    `target ${r.target}% ±${d.tolerance}${r.bucket === 'large' ? ' (large + xlarge)' : ''}`;
  // The status column starts after the longest target text, so no targets or tolerance can run the two together.
  const targetWidth = Math.max(...d.rows.map((r) => targetText(r).length)) + 2;
  for (const r of d.rows) {
    lines.push(
      row(
        r.bucket,
        r.bucket === 'large' ? d.counts.large : r.count,
        pct(r.bucket === 'large' ? d.counts.large : r.count),
        `  ${targetText(r).padEnd(targetWidth)}${statusText(r.status, color)}`,
      ),
    );
    if (r.bucket === 'large') lines.push(row('xlarge', d.counts.xlarge, pct(d.counts.xlarge)));
  }
  lines.push(row('unsized', d.counts.unsized, '', '(not counted in the shares)'));
  if (config.distribution !== 'off' && config.shard) {
    lines.push(
      `  This is shard ${shardName(config.shard)}: the pyramid is judged when the shards are merged (distribution: ${config.distribution}).`,
    );
  } else if (config.distribution !== 'off' && d.sized > 0 && !d.onTarget) {
    lines.push(`  The pyramid is outside its targets (distribution: ${config.distribution}).`);
  }
  return lines;
}

function violationLines(violations: readonly Violation[], enforcement: string): string[] {
  const tests = testsWithViolations(violations);
  const lines = [`Violations: ${plural(violations.length, 'violation')} in ${plural(tests.length, 'test')} (enforcement: ${enforcement})`];
  for (const group of VIOLATION_GROUPS) {
    const inGroup = violations.filter((v) => groupOf(v) === group);
    if (inGroup.length === 0) continue;
    const ids = [...new Set(inGroup.map((v) => v.testId))];
    lines.push(`  ${group.padEnd(12)}${String(inGroup.length).padStart(4)}  ${named(ids, ids.length)}`);
  }
  if (enforcement === 'warn') {
    lines.push(`  ${plural(tests.length, 'test')} would fail under strict enforcement.`);
  }
  return lines;
}

function suggestionLines(suggestions: readonly Suggestion[]): string[] {
  if (suggestions.length === 0) return ['Size suggestions: every test already has the smallest size it fits.'];
  const lines = [`Size suggestions (${plural(suggestions.length, 'test')}; from what each test did in this run):`];
  for (const s of inFileOrder(suggestions, (x) => x.testId)) {
    lines.push(`  ${s.testId}`, `      ${s.declared ? tagOf(s.declared) : 'unsized'} -> ${tagOf(s.suggested)}  (${s.reason})`);
  }
  return lines;
}

/**
 * The end-of-run summary, plain text; printed after Mocha's own summary, and by `npx hermetic merge` for the shards added up.
 * Violations and suggestions are listed in file order, so every way of running the same files prints the same text.
 */
export function formatSummary(input: SummaryInput): string {
  const { results, distribution, config, color } = input;
  const heading = config.shard ? `hermetic summary (shard ${shardName(config.shard)})` : 'hermetic summary';
  const lines = ['', heading, ...distributionLines(distribution, config, color)];
  if (results.unsizedCount > 0) {
    lines.push('', `Unsized tests: ${results.unsizedCount} (give them a size tag, or set defaultSize)`);
    for (const id of results.unsizedSample) lines.push(`  ${id}`);
    if (results.unsizedCount > results.unsizedSample.length)
      lines.push(`  and ${results.unsizedCount - results.unsizedSample.length} more`);
  }
  if (input.suggestions) {
    lines.push('', ...suggestionLines(input.suggestions));
  } else if (results.violations.length > 0) {
    lines.push(
      '',
      ...violationLines(
        inFileOrder(results.violations, (v) => v.testId),
        config.enforcement,
      ),
    );
  } else {
    lines.push('', 'Violations: none');
  }
  return `${lines.join('\n')}\n`;
}

/** The message that fails a run whose pyramid is outside its targets. */
export function formatDistributionFailure(d: Distribution): string {
  const off = d.rows
    .filter((r) => r.status !== 'on target')
    .map((r) => `${r.bucket} ${r.percent.toFixed(1)}% (target ${r.target}% ±${d.tolerance})`);
  return `hermetic: the test pyramid is outside its targets: ${off.join(', ')}`;
}

const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** What happened, in the words of an annotation. */
function describe(v: Violation): string {
  if (v.kind === 'time') return 'time limit exceeded';
  if (v.kind === 'subprocess') return `subprocess ${v.command ?? '?'}`;
  if (v.kind === 'thread') return 'worker thread started';
  if (v.kind === 'filesystem') return `file ${v.operation ?? 'access'} of ${v.path ?? '?'}`;
  if (v.kind === 'database') return `database open: ${v.database ?? '?'}`;
  if (v.kind === 'sleep') return `waited ${v.waitedMs ?? '?'} ms on a real timer (${v.call ?? '?'})`;
  return `network access to ${v.target ? formatTarget(v.target) : '?'}`;
}

/** GitHub Actions workflow commands, one per violation, pointing at its `At:` frame (or the test file). */
export function formatAnnotations(violations: readonly Violation[]): string {
  return violations
    .map((v) => {
      const command = v.outcome === 'blocked' ? 'error' : 'warning';
      const at = v.callSite ? /^(.*):(\d+):(\d+)$/.exec(v.callSite) : null;
      const props = at ? `file=${escapeProperty(at[1]!)},line=${at[2]},col=${at[3]}` : v.file ? `file=${escapeProperty(v.file)}` : '';
      const what = describe(v);
      const title = `hermetic: ${v.size.toUpperCase()} test ${v.outcome === 'blocked' ? 'blocked' : 'flagged'}`;
      return `::${command} ${props}${props ? ',' : ''}title=${escapeProperty(title)}::${escapeData(`${v.testId}: ${what}`)}`;
    })
    .join('\n');
}
