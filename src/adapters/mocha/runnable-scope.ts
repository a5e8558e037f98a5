import type { ResolvedConfig } from '../../core/config';
import type { TestSize } from '../../core/size';
import type { Violation } from '../../core/violation';
import type { TestScope } from '../../scope/test-scope';
import type { MochaRunnable } from './mocha-internals';
import { formatTestId, projectPath, type ResolvedSize } from './size-resolution';

const NONE: Violation[] = Object.freeze([]) as unknown as Violation[];

/** Receives every violation charged to a runnable's scope. */
export type ViolationSink = (scope: RunnableScope, violation: Violation) => void;

/**
 * The scope of one Mocha test or hook. Its report fields are computed only when a violation needs
 * them, so a test that behaves costs one small object.
 */
export class RunnableScope implements TestScope {
  // Declared here, set once in the constructor: one object shape from the start, built without class-field
  // initializers, since one scope is made per test.
  declare readonly runnable: MochaRunnable;
  declare readonly config: ResolvedConfig;
  declare private readonly sink: ViolationSink;
  declare size: TestSize | undefined;
  declare finished: boolean;
  /** Shared and empty until the first violation: most scopes never get one. */
  declare violations: Violation[];
  /** The size's limit when hermetic set or capped this runnable's timeout, so a Mocha timeout names the size. */
  declare limitMs: number | undefined;
  /** Mocha's callback for this run, until it is called; dropped then, so late work keeps no Mocha state alive. */
  declare done: ((err?: unknown) => void) | undefined;
  /** The outcome of a runnable that ended before Mocha's run of it returned, until Mocha gets it. */
  declare result: unknown;
  /** What the runnable declared, and when it started: suggest mode compares the two with what it reached. */
  declare declared: ResolvedSize | undefined;
  declare startedAt: number;

  constructor(runnable: MochaRunnable, size: TestSize | undefined, config: ResolvedConfig, sink: ViolationSink) {
    this.runnable = runnable;
    this.config = config;
    this.sink = sink;
    this.size = size;
    this.finished = false;
    this.violations = NONE;
    this.limitMs = undefined;
    this.done = undefined;
    this.result = undefined;
    this.declared = undefined;
    this.startedAt = 0;
  }

  record(violation: Violation): void {
    this.sink(this, violation);
  }

  addViolation(violation: Violation): void {
    if (this.violations === NONE) this.violations = [];
    this.violations.push(violation);
  }

  get isHook(): boolean {
    return this.runnable.type === 'hook';
  }

  get file(): string | undefined {
    return projectPath(this.runnable.file ?? this.runnable.parent?.file);
  }

  get titlePath(): readonly string[] {
    return this.isHook ? (this.runnable.parent?.titlePath() ?? []) : this.runnable.titlePath();
  }

  get hook(): string | undefined {
    return this.isHook ? (this.runnable.originalTitle ?? this.runnable.title) : undefined;
  }

  get testId(): string {
    return formatTestId(this.file, this.titlePath);
  }
}
