import { strict as assert } from 'node:assert';
import {
  DatabaseViolationError,
  FilesystemViolationError,
  HermeticityViolationError,
  NetworkAccessViolationError,
  SleepViolationError,
  SubprocessViolationError,
  ThreadViolationError,
  TimeLimitViolationError,
  violationErrorFor,
} from '../../../src/core/errors';
import { formatViolationReport } from '../../../src/core/report';
import { createViolation, type ViolationKind } from '../../../src/core/violation';

const base = {
  testId: 'test/api.spec.ts > UserApi [small] > fetches user',
  file: 'test/api.spec.ts',
  titlePath: ['UserApi [small]', 'fetches user'],
  size: 'small',
  outcome: 'blocked',
  time: '2026-01-01T00:00:00.000Z',
} as const;

const timeout = createViolation({ ...base, kind: 'time', limitMs: 1000, requestedTimeoutMs: 8000 });
const fetchCall = createViolation({
  ...base,
  kind: 'network',
  target: { transport: 'tcp', host: 'api.example.com', port: 443, protocol: 'https' },
});

describe('HermeticityViolationError [small]', () => {
  it('holds its one violation in `violations` too, in one box', () => {
    const error = new HermeticityViolationError(fetchCall);
    assert.deepEqual(error.violations, [fetchCall]);
    assert.equal(error.message, `\n${formatViolationReport(fetchCall)}`);
  });

  it('shows every violation of a test in order, and names the first blocked one', () => {
    const error = new HermeticityViolationError(timeout, [timeout, fetchCall]);
    assert.equal(error.violation, timeout);
    assert.deepEqual(error.violations, [timeout, fetchCall]);
    assert.ok(Object.isFrozen(error.violations));
    assert.equal(error.code, 'ERR_HERMETIC_VIOLATION');
    assert.equal(
      error.message,
      `\n2 violations, in the order they happened:\n${formatViolationReport(timeout)}\n\n${formatViolationReport(fetchCall)}`,
    );
    assert.equal(error.stack, `HermeticityViolationError: ${error.message}`);
  });

  it("keeps the process's stack trace limit, read-only or not", () => {
    const limit = Error.stackTraceLimit;
    try {
      Error.stackTraceLimit = Number.POSITIVE_INFINITY;
      new HermeticityViolationError(fetchCall);
      assert.equal(Error.stackTraceLimit, Number.POSITIVE_INFINITY);
      Object.defineProperty(Error, 'stackTraceLimit', { value: 7, writable: false, configurable: true });
      assert.equal(
        new HermeticityViolationError(fetchCall).stack,
        `HermeticityViolationError: ${new HermeticityViolationError(fetchCall).message}`,
      );
      assert.equal(Error.stackTraceLimit, 7);
    } finally {
      Object.defineProperty(Error, 'stackTraceLimit', { value: limit, writable: true, configurable: true, enumerable: true });
    }
  });
});

describe('violationErrorFor [small]', () => {
  const classOf: Record<ViolationKind, typeof HermeticityViolationError> = {
    network: NetworkAccessViolationError,
    time: TimeLimitViolationError,
    subprocess: SubprocessViolationError,
    thread: ThreadViolationError,
    filesystem: FilesystemViolationError,
    database: DatabaseViolationError,
    sleep: SleepViolationError,
  };

  it('builds each kind its own class, every one a HermeticityViolationError with the same code and name', () => {
    for (const [kind, expected] of Object.entries(classOf) as [ViolationKind, typeof HermeticityViolationError][]) {
      const violation = createViolation({ ...base, kind });
      const error = violationErrorFor(violation);
      assert.equal(error.constructor, expected, kind);
      assert.ok(error instanceof HermeticityViolationError, kind);
      assert.ok(HermeticityViolationError.isViolationError(error), kind);
      assert.equal(error.code, 'ERR_HERMETIC_VIOLATION', kind);
      assert.equal(error.name, 'HermeticityViolationError', kind);
      assert.equal(error.violation.kind, kind);
      assert.deepEqual(error.violations, [violation]);
    }
  });

  it('takes the class of the violation that stopped the runnable and keeps all of them', () => {
    const error = violationErrorFor(fetchCall, [timeout, fetchCall]);
    assert.ok(error instanceof NetworkAccessViolationError);
    assert.ok(!(error instanceof TimeLimitViolationError));
    assert.equal(error.violation, fetchCall);
    assert.deepEqual(error.violations, [timeout, fetchCall]);
    assert.equal(error.message, new HermeticityViolationError(fetchCall, [timeout, fetchCall]).message);
  });
});
