import { formatViolationReport } from './report';
import type { Violation } from './violation';

const kViolationError = Symbol.for('hermetic.HermeticityViolationError');

/**
 * The error a test fails with when it oversteps its size. It carries the violation as data;
 * its message is the standard report box. Recognise it with `err.code === 'ERR_HERMETIC_VIOLATION'`
 * or `HermeticityViolationError.isViolationError(err)`, which also holds across duplicate installs.
 */
export class HermeticityViolationError extends Error {
  /** Stable across versions, for `catch` blocks and retry libraries. */
  readonly code = 'ERR_HERMETIC_VIOLATION';
  readonly violation: Violation;

  constructor(violation: Violation) {
    super(`\n${formatViolationReport(violation)}`);
    this.name = 'HermeticityViolationError';
    this.violation = violation;
    // The box names the test, the target and the `At:` frame; frames from inside hermetic would only hide it.
    this.stack = `${this.name}: ${this.message}`;
    Object.defineProperty(this, kViolationError, { value: true });
  }

  /** True for any hermetic violation error, even one thrown by another copy of hermetic. */
  static isViolationError(value: unknown): value is HermeticityViolationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kViolationError] === true;
  }
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
