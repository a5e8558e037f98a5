import type { ResolvedConfig } from '../../core/config';
import type { MochaRunner } from './mocha-internals';
import type { ProcessFootprint } from './process-footprint';
import type { RunSummary } from './run-summary';
import type { RunnableScope, ViolationSink } from './runnable-scope';
import { createSettler, createViolationSink } from './settle-outcome';
import type { ResolvedSize } from './size-resolution';
import { TitleLocations } from './title-locations';

/**
 * What the plugin composed for every test and hook: the guards' and the nock adapter's per-test
 * `enter`, and what is worth redoing once per suite rather than per test.
 */
export interface Composition {
  readonly config: ResolvedConfig;
  /** Called as each sized or unsized runnable starts, before its code runs; it is on every test's path. */
  readonly enter: (scope: RunnableScope) => void;
  /** Called as Mocha starts a suite's runnables: a user's restore put back a patched original, nock newly loaded. */
  readonly enterSuite: () => void;
}

/**
 * All the state hermetic keeps about the Mocha run it enforces, one object per installed plugin, the way
 * undici's MockAgent holds its own: the runnables running, the suite being run and what it works out to,
 * the runner, and the late failures. Fields, not per-test closures: Mocha keeps every finished test's
 * callback, and properties added to Mocha's own objects change their shape and slow Mocha.
 */
export class RunState {
  readonly config: ResolvedConfig;
  readonly enter: Composition['enter'];
  readonly enterSuite: Composition['enterSuite'];
  /** Suggest mode observes instead of judging: every runnable is watched as if small, in warn mode, and nothing is printed. */
  readonly observing: ResolvedConfig | undefined;
  /** Whether sized runnables get their size's limit as Mocha timeout: strict mode, not observing. */
  readonly capsTimeouts: boolean;
  /**
   * The runnables Mocha is running now, innermost last: one, unless a test runs Mocha itself (reporter and
   * plugin suites do). Mocha calls a runnable's callback once, before it starts the next in the same run,
   * so one shared callback finds its runnable here.
   */
  readonly running: RunnableScope[] = [];
  /** The runnable whose Mocha run is on the stack right now: one that ends before its run returns (a synchronous test) is settled there. */
  starting: RunnableScope | undefined = undefined;
  /** The suite whose runnables Mocha is running, and what it works out to: all change once per suite, not per test. */
  lastSuite: unknown = undefined;
  suiteSize: ResolvedSize | undefined = undefined;
  /**
   * The root suite's timeout, the run's default (Mocha's 2 s, `--timeout`, `.mocharc`): a different value was set by the
   * test or a suite. Read as each suite starts, from that suite's own root: a Mocha run inside a test has its own.
   */
  runDefaultMs = 0;
  /**
   * What the time limit does to a runnable of the suite's size left at the run's default timeout (nearly every one):
   * strict mode sets the size's limit. Worked out once per suite; undefined where it does something else.
   */
  suiteLimitMs: number | undefined = undefined;
  /** The project's own Mocha run (not one a test starts), once it has started, and whether it has ended. */
  currentRunner: MochaRunner | undefined = undefined;
  runEnded = false;
  /** Late violations after the run ended, in this process; a `--parallel` worker hands its own to the main process instead. */
  lateFailures = 0;
  readonly isWorker = process.env.MOCHA_WORKER_ID !== undefined;
  summary: RunSummary | undefined = undefined;
  /** Suggest mode with a report: where each suite and test was declared, for `npx hermetic tag`. Absent otherwise, at no cost. */
  readonly titleLocations: TitleLocations | undefined;
  /** The Mocha prototypes patched for this run: a second copy of Mocha gets its own patches, the same copy none twice. */
  readonly patched = new WeakSet<object>();
  /** Every violation lands here. */
  readonly onViolation: ViolationSink;
  /** The one callback every runnable gets from hermetic in place of Mocha's. */
  readonly finishRunning: (err?: unknown) => void;
  /** The guards' patches and hermetic's variables: given back when a run that leaves the process to its owner ends. */
  readonly footprint: ProcessFootprint;

  constructor(composition: Composition, footprint: ProcessFootprint) {
    this.footprint = footprint;
    this.config = composition.config;
    this.enter = composition.enter;
    this.enterSuite = composition.enterSuite;
    this.observing = this.config.suggest ? Object.freeze({ ...this.config, enforcement: 'warn' as const }) : undefined;
    this.titleLocations = this.config.suggest && this.config.report !== undefined ? new TitleLocations() : undefined;
    this.capsTimeouts = !this.observing && this.config.enforcement === 'strict';
    this.onViolation = createViolationSink(this);
    this.finishRunning = createSettler(this);
  }

  /** The runnable running now, innermost: work started outside any test is charged to it. */
  runningNow(): RunnableScope | undefined {
    return this.running[this.running.length - 1];
  }

  /** Whether `proto` is patched already; marks it patched. */
  claim(proto: object): boolean {
    if (this.patched.has(proto)) return false;
    this.patched.add(proto);
    return true;
  }
}
