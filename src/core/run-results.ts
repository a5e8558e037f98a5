import { emptyCounts, type SizeCounts } from './distribution';
import type { TestSize } from './size';
import type { Violation } from './violation';

/** How far a test reached, as seen in suggest mode. */
export type Reach = 'none' | 'local' | 'outside';

/** One test's outcome, kept only when a JSON report is asked for. */
export interface TestRecord {
  readonly id: string;
  readonly file?: string;
  readonly size: TestSize | null;
  readonly durationMs?: number;
  readonly state: 'passed' | 'failed' | 'pending';
}

/** What suggest mode saw a test (or, with `hook`, a suite's hooks) do. */
export interface Observation {
  readonly testId: string;
  readonly declared: TestSize | null;
  readonly reach: Reach;
  readonly durationMs: number;
  /** The first target that made the reach what it is, for the printed reason. */
  readonly example?: string;
  /** Set for hooks: the suite's title path joined with ' > ', whose tests inherit this reach. */
  readonly suitePath?: string;
  /** What it started beside itself, when it did: `subprocess: curl -s https://…` or `worker thread`; no small test may. */
  readonly started?: string;
  /** A resource it used that only medium and larger tests may: an embedded database it opened, or real time it waited on. */
  readonly used?: { readonly kind: 'database' | 'sleep'; readonly what: string };
}

/** The first database opened or real wait among a runnable's violations, as an Observation's `used` names it. */
export function usedOf(violations: readonly Violation[]): Observation['used'] {
  for (const v of violations) {
    if (v.kind === 'database') return { kind: 'database', what: `opened a database: ${v.database ?? '?'}` };
    if (v.kind === 'sleep') return { kind: 'sleep', what: `waited ${v.waitedMs ?? '?'} ms on a real timer (${v.call ?? '?'})` };
  }
  return undefined;
}

/** The first child process or worker thread among a runnable's violations, as an Observation's `started` names it. */
export function startedOf(violations: readonly Violation[]): string | undefined {
  for (const v of violations) {
    if (v.kind === 'subprocess') return `subprocess: ${v.command ?? '?'}`;
    if (v.kind === 'thread') return 'worker thread';
  }
  return undefined;
}

/**
 * Everything the end of a run reports, as plain data. Each `--parallel` worker sends its part to
 * the main process, which merges them; nothing is kept per test unless a report or suggestions need it.
 */
export interface RunResults {
  counts: SizeCounts;
  unsizedCount: number;
  /** The first few unsized tests, to name in the summary. */
  unsizedSample: string[];
  violations: Violation[];
  /** Violations that came after their test had ended and its `--parallel` worker had finished its file: each fails the run. */
  lateFailures: number;
  tests?: TestRecord[];
  observations?: Observation[];
}

export const UNSIZED_SAMPLE = 5;

export function emptyResults(keepTests: boolean, observe: boolean): RunResults {
  return {
    counts: emptyCounts(),
    unsizedCount: 0,
    unsizedSample: [],
    violations: [],
    lateFailures: 0,
    ...(keepTests ? { tests: [] } : {}),
    ...(observe ? { observations: [] } : {}),
  };
}

/** Adds `part` into `into`. */
export function mergeResults(into: RunResults, part: RunResults): RunResults {
  for (const key of Object.keys(into.counts) as (keyof SizeCounts)[]) into.counts[key] += part.counts[key];
  into.unsizedCount += part.unsizedCount;
  for (const id of part.unsizedSample) if (into.unsizedSample.length < UNSIZED_SAMPLE) into.unsizedSample.push(id);
  into.violations.push(...part.violations);
  into.lateFailures += part.lateFailures;
  if (part.tests) {
    into.tests ??= [];
    into.tests.push(...part.tests);
  }
  if (part.observations) {
    into.observations ??= [];
    into.observations.push(...part.observations);
  }
  return into;
}

/** The tests a strict run would fail: every test charged with at least one violation. */
export function testsWithViolations(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.testId))];
}
