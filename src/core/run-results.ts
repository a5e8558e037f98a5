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
  /** The first resource it used that only medium and larger tests may: a file, an embedded database, real time waited on. */
  readonly used?: { readonly kind: 'filesystem' | 'database' | 'sleep'; readonly what: string };
}

/** The first child process or worker thread among a runnable's violations, as an Observation's `started` names it. */
export function startedOf(violations: readonly Violation[]): string | undefined {
  for (const v of violations) {
    if (v.kind === 'subprocess') return `subprocess: ${v.command ?? '?'}`;
    if (v.kind === 'thread') return 'worker thread';
  }
  return undefined;
}

/** The first file touched, database opened or real wait among a runnable's violations, as an Observation's `used` names it. */
export function usedOf(violations: readonly Violation[]): Observation['used'] {
  for (const v of violations) {
    if (v.kind === 'filesystem') return { kind: 'filesystem', what: `touched files: ${v.operation ?? 'access'} of ${v.path ?? '?'}` };
    if (v.kind === 'database') return { kind: 'database', what: `opened a database: ${v.database ?? '?'}` };
    if (v.kind === 'sleep') return { kind: 'sleep', what: `waited ${v.waitedMs ?? '?'} ms on a real timer (${v.call ?? '?'})` };
  }
  return undefined;
}

/**
 * Suggest mode with a report: one test or suite as `npx hermetic tag` looks for it in the source. The line and column
 * are where its `describe`/`it` was called, when the run could see it.
 */
export interface TitleRecord {
  readonly kind: 'test' | 'suite';
  readonly id: string;
  readonly file?: string;
  readonly titlePath: readonly string[];
  readonly line?: number;
  readonly column?: number;
  /** Tests: the size the test ran with, and how long it took. */
  readonly declared?: TestSize | null;
  readonly durationMs?: number;
  readonly pending?: boolean;
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
  titles?: TitleRecord[];
}

export const UNSIZED_SAMPLE = 5;

/** The file a test id starts with (`test/a.spec.js > Suite > test`): the id up to its first ` > `. */
export function fileOfTestId(id: string): string {
  const at = id.indexOf(' > ');
  return at < 0 ? id : id.slice(0, at);
}

/**
 * Items ordered by their test's file, keeping run order within a file. A file runs whole in one process, so this order is
 * the same for a serial run, a `--parallel` run (whichever worker took which file) and the shards of a split suite.
 */
export function inFileOrder<T>(items: readonly T[], testIdOf: (item: T) => string): T[] {
  const keyed = items.map((item, at) => ({ item, at, file: fileOfTestId(testIdOf(item)) }));
  keyed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.at - b.at));
  return keyed.map((k) => k.item);
}

/** Adds an unsized test's id to the sample, which holds the first {@link UNSIZED_SAMPLE} of the run in file order. */
export function addUnsizedSample(sample: string[], id: string): void {
  const file = fileOfTestId(id);
  let at = sample.length;
  while (at > 0 && fileOfTestId(sample[at - 1]!) > file) at--;
  if (at >= UNSIZED_SAMPLE) return;
  sample.splice(at, 0, id);
  if (sample.length > UNSIZED_SAMPLE) sample.pop();
}

export function emptyResults(keepTests: boolean, observe: boolean, keepTitles = false): RunResults {
  return {
    counts: emptyCounts(),
    unsizedCount: 0,
    unsizedSample: [],
    violations: [],
    lateFailures: 0,
    ...(keepTests ? { tests: [] } : {}),
    ...(observe ? { observations: [] } : {}),
    ...(keepTitles ? { titles: [] } : {}),
  };
}

/** Adds `part` into `into`. */
export function mergeResults(into: RunResults, part: RunResults): RunResults {
  for (const key of Object.keys(into.counts) as (keyof SizeCounts)[]) into.counts[key] += part.counts[key];
  into.unsizedCount += part.unsizedCount;
  for (const id of part.unsizedSample) addUnsizedSample(into.unsizedSample, id);
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
  if (part.titles) {
    into.titles ??= [];
    into.titles.push(...part.titles);
  }
  return into;
}

/** The tests a strict run would fail: every test charged with at least one violation. */
export function testsWithViolations(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.testId))];
}
