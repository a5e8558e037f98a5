import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../src/core/config';
import { formatViolationReport, formatWarning } from '../../../src/core/report';
import { usedOf } from '../../../src/core/run-results';
import { suggestSizes } from '../../../src/core/suggestions';
import { formatAnnotations } from '../../../src/core/summary';
import { createViolation, type Violation } from '../../../src/core/violation';
import { groupOf } from '../../../src/core/violation-groups';

const base = {
  testId: 'test/users.spec.js > users [small] > registers',
  file: 'test/users.spec.js',
  titlePath: ['users [small]', 'registers'],
  size: 'small',
  time: '2026-01-01T00:00:00.000Z',
  callSite: 'src/users/store.js:8:16',
} as const;

const database: Violation = createViolation({
  ...base,
  kind: 'database',
  outcome: 'blocked',
  database: 'sqlite file test/fixtures/app.db',
  call: 'node:sqlite DatabaseSync',
});
const sleep: Violation = createViolation({ ...base, kind: 'sleep', outcome: 'blocked', waitedMs: 200, call: 'timers/promises setTimeout' });
const { timeouts } = resolveConfig([]).config;

describe('database and sleep violations in the reports [small]', () => {
  it('prints the box for a database open, with what was opened, through what, and the fixes', () => {
    assert.equal(
      formatViolationReport(database, 'docs'),
      [
        '============================================================',
        'HermeticityViolationError',
        '============================================================',
        'Test: test/users.spec.js > users [small] > registers',
        'Category: SMALL',
        'Violation: Database access attempted',
        'Details:',
        'Attempted database open: sqlite file test/fixtures/app.db',
        'Through: node:sqlite DatabaseSync',
        'At: src/users/store.js:8:16',
        'Small tests have restricted resource access. Options:',
        '1. Give the code a fake repository in small tests (a class with the same methods that keeps rows in memory)',
        '2. Put an in-memory Map behind the same interface the database code implements, and test the SQL itself in medium tests',
        '3. Change the test category to [medium] or @Medium (if the test truly needs it)',
        'Documentation: See docs/troubleshooting.md#embedded-databases',
        '============================================================',
      ].join('\n'),
    );
  });

  it('prints the box for a sleep: the delay and the call, and fake timers first among the fixes', () => {
    const report = formatViolationReport(sleep, 'docs');
    assert.match(report, /^Violation: Sleep on real time$/m);
    assert.match(report, /^Details:\nWaited 200 ms on a real timer \(timers\/promises setTimeout\)\nAt: src\/users\/store\.js:8:16$/m);
    assert.match(report, /^1\. Fake the clock: sinon\.useFakeTimers\(\) and await clock\.tickAsync\(ms\), or @sinonjs\/fake-timers$/m);
    assert.match(report, /^Documentation: See docs\/troubleshooting\.md#sleeping-on-real-time$/m);
  });

  it('says an Atomics.wait was refused before it blocked, and one with no timeout waits for ever', () => {
    const atomics = createViolation({ ...base, kind: 'sleep', outcome: 'blocked', call: 'Atomics.wait' });
    assert.match(formatViolationReport(atomics), /^Attempted to block for ever \(Atomics\.wait\)$/m);
    const warned = createViolation({ ...base, kind: 'sleep', outcome: 'warned', waitedMs: 300, call: 'Atomics.wait' });
    assert.match(formatWarning(warned), /^ {2}Waited 300 ms on a real timer \(Atomics\.wait\)$/m);
  });

  it('gives each its greppable warn line, its group and its annotation', () => {
    const warnedOpen = createViolation({ ...database, outcome: 'warned' });
    assert.match(formatWarning(warnedOpen), /^Database violation \(hermetic, enforcement: warn\)\n/);
    assert.match(formatWarning(warnedOpen), /It was opened anyway; under enforcement: strict it is stopped before it opens/);
    assert.match(formatWarning(createViolation({ ...sleep, outcome: 'warned' })), /^Sleep violation \(hermetic, enforcement: warn\)\n/);
    assert.deepEqual([groupOf(database), groupOf(sleep)], ['Database', 'Sleep']);
    assert.equal(
      formatAnnotations([database, sleep]),
      [
        '::error file=src/users/store.js,line=8,col=16,title=hermetic%3A SMALL test blocked::test/users.spec.js > users [small] > registers: database open: sqlite file test/fixtures/app.db',
        '::error file=src/users/store.js,line=8,col=16,title=hermetic%3A SMALL test blocked::test/users.spec.js > users [small] > registers: waited 200 ms on a real timer (timers/promises setTimeout)',
      ].join('\n'),
    );
  });

  it('suggests medium for a test that opened a database or slept, and says which', () => {
    const observation = (id: string, violations: Violation[]) => ({
      testId: id,
      declared: null,
      reach: 'none' as const,
      durationMs: 210,
      ...(usedOf(violations) ? { used: usedOf(violations) } : {}),
    });
    const suggestions = suggestSizes(
      [observation('a > opens', [database]), observation('a > sleeps', [sleep]), observation('a > computes', [])],
      timeouts,
    );
    assert.deepEqual(
      suggestions.map((s) => [s.testId, s.suggested, s.reason]),
      [
        ['a > opens', 'medium', 'opened a database: sqlite file test/fixtures/app.db'],
        ['a > sleeps', 'medium', 'waited 200 ms on a real timer (timers/promises setTimeout)'],
        ['a > computes', 'small', 'no network, 210 ms'],
      ],
    );
  });

  it('reads sleepThreshold as a duration of at least 1 ms, 50 ms by default', () => {
    assert.equal(resolveConfig([]).config.sleepThreshold, 50);
    const layer = (value: unknown) => ({ source: 'test', values: { sleepThreshold: value }, origins: {} });
    assert.equal(resolveConfig([layer('1s')]).config.sleepThreshold, 1_000);
    assert.deepEqual(resolveConfig([layer('0ms')]).problems, [
      'invalid sleepThreshold "0ms" in test: rounds to 0 ms; a sleep threshold is at least 1ms',
    ]);
  });
});
