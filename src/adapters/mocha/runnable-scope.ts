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
  size: TestSize | undefined;
  finished = false;
  /** Shared and empty until the first violation: most scopes never get one. */
  violations: Violation[] = NONE;
  /** The size's limit when hermetic set or capped this runnable's timeout, so a Mocha timeout names the size. */
  limitMs: number | undefined;
  /** Mocha's callback for this run, until it is called; dropped then, so late work keeps no Mocha state alive. */
  done: ((err?: unknown) => void) | undefined;
  /** The outcome of a runnable that ended before Mocha's run of it returned, until Mocha gets it. */
  result: unknown;
  /** What the runnable declared, and when it started: suggest mode compares the two with what it reached. */
  declared: ResolvedSize | undefined;
  startedAt = 0;

  constructor(
    readonly runnable: MochaRunnable,
    size: TestSize | undefined,
    readonly config: ResolvedConfig,
    private readonly sink: ViolationSink,
  ) {
    this.size = size;
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
    return this.isHook ? this.runnable.parent?.titlePath() ?? [] : this.runnable.titlePath();
  }

  get hook(): string | undefined {
    return this.isHook ? this.runnable.originalTitle ?? this.runnable.title : undefined;
  }

  get testId(): string {
    return formatTestId(this.file, this.titlePath);
  }
}
