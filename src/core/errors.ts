import { formatViolationReport } from './report';
import type { Violation } from './violation';

const kViolationError = Symbol.for('hermetic.HermeticityViolationError');

/**
 * The error a test fails with when it oversteps its size. It carries the violations as data;
 * its message is the standard report box, one per violation. Recognise it with `err.code === 'ERR_HERMETIC_VIOLATION'`
 * or `HermeticityViolationError.isViolationError(err)`, which also holds across duplicate installs.
 */
export class HermeticityViolationError extends Error {
  /** Stable across versions, for `catch` blocks and retry libraries. */
  readonly code = 'ERR_HERMETIC_VIOLATION';
  /** The first violation that was blocked: the one that stopped the test. */
  readonly violation: Violation;
  /** Every violation of the test or hook, in the order they happened; `[violation]` when there was one. */
  readonly violations: readonly Violation[];

  /** `violations`, when given, holds every violation of the runnable, `violation` among them. */
  constructor(violation: Violation, violations: readonly Violation[] = [violation]) {
    super(`\n${formatViolations(violations)}`);
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
