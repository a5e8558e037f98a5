import { formatViolationReport } from './report';
import type { Violation, ViolationKind } from './violation';

const kViolationError = Symbol.for('hermetic.HermeticityViolationError');

/**
 * The error a test fails with when it oversteps its size, and the base of one subclass per kind
 * (`NetworkAccessViolationError`, `TimeLimitViolationError`, ...). It carries the violations as data;
 * its message is the standard report box, one per violation. Recognise it with `err.code === 'ERR_HERMETIC_VIOLATION'`,
 * `instanceof`, or `HermeticityViolationError.isViolationError(err)`, which also holds across duplicate installs.
 */
export class HermeticityViolationError extends Error {
  /** Stable across versions and the same for every kind, for `catch` blocks and retry libraries; the kind is `violation.kind`. */
  readonly code = 'ERR_HERMETIC_VIOLATION';
  /** The first violation that was blocked: the one that stopped the test. */
  readonly violation: Violation;
  /** Every violation of the test or hook, in the order they happened; `[violation]` when there was one. */
  readonly violations: readonly Violation[];

  /** `violations`, when given, holds every violation of the runnable, `violation` among them. */
  constructor(violation: Violation, violations: readonly Violation[] = [violation]) {
    const message = `\n${formatViolations(violations)}`;
    // The stack is replaced by the report below, so no frames are walked for it (Mocha sets the limit to Infinity).
    const limit = Error.stackTraceLimit;
    setStackTraceLimit(0);
    super(message);
    setStackTraceLimit(limit);
    // The same name for every kind: the failure output and `err.name` checks stay as they were before the subclasses.
    this.name = 'HermeticityViolationError';
    this.violation = violation;
    this.violations = Object.freeze([...violations]);
    // The box names the test, the target and the `At:` frame; frames from inside hermetic would only hide it.
    this.stack = `${this.name}: ${this.message}`;
    Object.defineProperty(this, kViolationError, { value: true });
  }

  /** True for any hermetic violation error, even one thrown by another copy of hermetic. */
  static isViolationError(value: unknown): value is HermeticityViolationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kViolationError] === true;
  }
}

/** Sets `Error.stackTraceLimit` unless a user made it read-only: an error is still built then, with its frames. */
function setStackTraceLimit(limit: number): void {
  try {
    Error.stackTraceLimit = limit;
  } catch {
    // Read-only: the frames are walked, and replaced all the same.
  }
}

/** A test reached for the network beyond its size: `violation.kind` is `'network'`. */
export class NetworkAccessViolationError extends HermeticityViolationError {}

/** A test asked for, or took, more time than its size allows: `violation.kind` is `'time'`. */
export class TimeLimitViolationError extends HermeticityViolationError {}

/** A test started a process its size does not allow: `violation.kind` is `'subprocess'`. */
export class SubprocessViolationError extends HermeticityViolationError {}

/** A test started a thread its size does not allow: `violation.kind` is `'thread'`. */
export class ThreadViolationError extends HermeticityViolationError {}

/** A test touched a file its size does not allow: `violation.kind` is `'filesystem'`. */
export class FilesystemViolationError extends HermeticityViolationError {}
/** A test opened an embedded database its size does not allow: `violation.kind` is `'database'`. */
export class DatabaseViolationError extends HermeticityViolationError {}

/** A test waited on real time its size does not allow: `violation.kind` is `'sleep'`. */
export class SleepViolationError extends HermeticityViolationError {}

type ViolationErrorClass = new (violation: Violation, violations?: readonly Violation[]) => HermeticityViolationError;

/** One line per kind: a new guard's kind adds its class here (filesystem, database and sleep are next). */
const ERROR_CLASS_OF_KIND: { readonly [K in ViolationKind]: ViolationErrorClass } = {
  network: NetworkAccessViolationError,
  time: TimeLimitViolationError,
  subprocess: SubprocessViolationError,
  thread: ThreadViolationError,
  filesystem: FilesystemViolationError,
  database: DatabaseViolationError,
  sleep: SleepViolationError,
};

/**
 * The error for a runnable's violations, of the class of the one that stopped it: `blocked` is the first
 * blocked violation, `violations` all of the runnable's, `blocked` among them. Every report is built here.
 */
export function violationErrorFor(blocked: Violation, violations: readonly Violation[] = [blocked]): HermeticityViolationError {
  return new ERROR_CLASS_OF_KIND[blocked.kind](blocked, violations);
}

/** One box, or a line saying how many there are and then every box: a reader sees all that went wrong at once. */
function formatViolations(violations: readonly Violation[]): string {
  if (violations.length === 1) return formatViolationReport(violations[0]!);
  return `${violations.length} violations, in the order they happened:\n${violations.map((v) => formatViolationReport(v)).join('\n\n')}`;
}

/**
 * A configuration or marker mistake found before any test runs. Its message is the whole
 * explanation, so it carries no stack trace from inside hermetic.
 */
export class HermeticUsageError extends Error {
  readonly code = 'ERR_HERMETIC_USAGE';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.map((p) => `hermetic: ${p}`).join('\n'));
    this.name = 'HermeticUsageError';
    this.problems = problems;
    this.stack = this.message;
  }
}
