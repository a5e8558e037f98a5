import { strict as assert } from 'node:assert';
import { resolveConfig } from '../../../src/core/config';
import { formatViolationReport, formatWarning } from '../../../src/core/report';
import { startedOf } from '../../../src/core/run-results';
import { suggestSizes } from '../../../src/core/suggestions';
import { formatAnnotations } from '../../../src/core/summary';
import { createViolation, type Violation } from '../../../src/core/violation';
import { groupOf } from '../../../src/core/violation-groups';

const base = {
  testId: 'test/release.spec.js > release [small] > tags the release',
  file: 'test/release.spec.js',
  titlePath: ['release [small]', 'tags the release'],
  size: 'small',
  time: '2026-01-01T00:00:00.000Z',
  callSite: 'src/release.js:12:23',
} as const;

const subprocess: Violation = createViolation({
  ...base,
  kind: 'subprocess',
  outcome: 'blocked',
  command: 'curl -s https://api.example.com',
});
const thread: Violation = createViolation({ ...base, kind: 'thread', outcome: 'blocked' });
const { timeouts } = resolveConfig([]).config;

describe('subprocess and thread violations in the reports [small]', () => {
  it('prints the box for a subprocess, with the command and the fixes', () => {
    assert.equal(
      formatViolationReport(subprocess, 'docs'),
      [
        '============================================================',
        'HermeticityViolationError',
        '============================================================',
        'Test: test/release.spec.js > release [small] > tags the release',
        'Category: SMALL',
        'Violation: Subprocess attempted',
        'Details:',
        'Attempted subprocess: curl -s https://api.example.com',
        'At: src/release.js:12:23',
        'Small tests have restricted resource access. Options:',
        '1. Inject a command runner (a function that runs the command) and pass a fake one in small tests',
        '2. Stub child_process with sinon: sinon.stub(childProcess, "execFile"), called through the module',
        '3. Test the argument building on its own: a function that returns the command and its arguments',
        '4. Change the test category to [medium] or @Medium (if the test truly needs it)',
        'Documentation: See docs/troubleshooting.md#subprocesses',
        '============================================================',
      ].join('\n'),
    );
  });

  it('prints the box for a worker thread', () => {
    const report = formatViolationReport(thread, 'docs');
    assert.match(report, /^Violation: Worker thread attempted$/m);
    assert.match(report, /^Attempted worker thread: new Worker\(\.\.\.\) from worker_threads$/m);
    assert.match(report, /^Documentation: See docs\/troubleshooting\.md#worker-threads$/m);
  });

  it('says in the warn line that the start went ahead and would fail under strict', () => {
    assert.equal(
      formatWarning({ ...subprocess, outcome: 'warned' }),
      [
        'Subprocess violation (hermetic, enforcement: warn)',
        '  Test: test/release.spec.js > release [small] > tags the release',
        '  Category: SMALL',
        '  Attempted subprocess: curl -s https://api.example.com',
        '  At: src/release.js:12:23',
        '  It was started anyway; under enforcement: strict it is stopped before it starts and the test fails.',
      ].join('\n'),
    );
    assert.match(formatWarning({ ...thread, outcome: 'warned' }), /^Worker thread violation \(hermetic, enforcement: warn\)$/m);
  });

  it('sorts them into the Subprocess and Threads groups', () => {
    assert.equal(groupOf(subprocess), 'Subprocess');
    assert.equal(groupOf(thread), 'Threads');
  });

  it('annotates them for GitHub at the At: line', () => {
    assert.equal(
      formatAnnotations([subprocess, { ...thread, outcome: 'warned' }]),
      [
        '::error file=src/release.js,line=12,col=23,title=hermetic%3A SMALL test blocked::test/release.spec.js > release [small] > tags the release: subprocess curl -s https://api.example.com',
        '::warning file=src/release.js,line=12,col=23,title=hermetic%3A SMALL test flagged::test/release.spec.js > release [small] > tags the release: worker thread started',
      ].join('\n'),
    );
  });
});

describe('size suggestions for tests that start processes [small]', () => {
  it('names the first start among the violations', () => {
    assert.equal(startedOf([subprocess, thread]), 'subprocess: curl -s https://api.example.com');
    assert.equal(startedOf([thread]), 'worker thread');
    assert.equal(startedOf([]), undefined);
  });

  it('suggests at least medium for a test that started a process, and large when it also reached outside', () => {
    const suggestions = suggestSizes(
      [
        { testId: 'a > spawns', declared: 'small', reach: 'none', durationMs: 5, started: 'subprocess: git status' },
        {
          testId: 'a > spawns and fetches',
          declared: 'small',
          reach: 'outside',
          durationMs: 5,
          started: 'worker thread',
          example: 'api.example.com:443',
        },
        { testId: 'a > pure', declared: 'small', reach: 'none', durationMs: 5 },
      ],
      timeouts,
    );
    assert.deepEqual(suggestions, [
      { testId: 'a > spawns', declared: 'small', suggested: 'medium', reason: 'started a subprocess: git status' },
      { testId: 'a > spawns and fetches', declared: 'small', suggested: 'large', reason: 'reached outside: api.example.com:443' },
    ]);
  });

  it('counts a start in a suite hook against the suite tests', () => {
    const suggestions = suggestSizes(
      [
        { testId: 'a', declared: 'small', reach: 'none', durationMs: 1, suitePath: 'a', started: 'subprocess: docker ps' },
        { testId: 'a > b', declared: 'small', reach: 'none', durationMs: 1 },
      ],
      timeouts,
    );
    assert.deepEqual(suggestions, [
      { testId: 'a > b', declared: 'small', suggested: 'medium', reason: 'started a subprocess: docker ps in a hook' },
    ]);
  });
});
