import { formatTarget } from './network-target';
import { formatDuration } from './policy';
import { categoryOf, decoratorOf, type TestSize, tagOf } from './size';
import type { Violation } from './violation';
import { groupOf, TROUBLESHOOTING_SECTIONS } from './violation-groups';

const RULE = '='.repeat(60);

/**
 * Where the `Documentation:` line finds hermetic's docs folder, as a path the user can open from their working
 * directory. Core cannot look at the disk: the plugin sets `folder` once, at start-up, to the installed package's
 * docs (`node_modules/hermetic/docs`); `docs` is the folder as the repository has it.
 */
export const documentation: { folder: string } = { folder: 'docs' };

/** The page every report links into; each of its sections links on to the reasoning (ADR 001, the policy). */
export const TROUBLESHOOTING_PAGE = 'troubleshooting.md';

/** The troubleshooting section that says how to fix this violation: by its group, for a small test. */
export function troubleshootingSection(v: Violation): string {
  if (v.kind === 'time' && v.requestedTimeoutMs !== undefined) return 'a-timeout-above-the-limit';
  // Only small tests are refused every target; a medium test was refused another machine, whatever it spoke.
  if (v.kind === 'network' && v.size !== 'small') return 'medium-tests-reaching-another-machine';
  return TROUBLESHOOTING_SECTIONS[groupOf(v)];
}

/** `node_modules/hermetic/docs/troubleshooting.md#postgresql`: the page and section, under `docsFolder`. */
export function documentationLink(v: Violation, docsFolder: string = documentation.folder): string {
  return `${docsFolder}/${TROUBLESHOOTING_PAGE}#${troubleshootingSection(v)}`;
}

/** The next size up, the one a test should move to when it truly needs more. */
function nextSize(size: TestSize): TestSize {
  return size === 'small' ? 'medium' : size === 'medium' ? 'large' : 'xlarge';
}

function fixesFor(v: Violation): string[] {
  const up = nextSize(v.size);
  const recategorise = `Change the test category to ${tagOf(up)} or ${decoratorOf(up)} (if the test truly needs it)`;
  if (v.kind === 'time') {
    return [
      'Make the test faster: fake timers (sinon.useFakeTimers) instead of real waits, fakes instead of slow dependencies',
      `Remove the this.timeout() call, or lower it to ${formatDuration(v.limitMs ?? 0)} or less`,
      recategorise,
    ];
  }
  if (v.kind === 'subprocess') {
    return [
      'Inject a command runner (a function that runs the command) and pass a fake one in small tests',
      'Stub child_process with sinon: sinon.stub(childProcess, "execFile"), called through the module',
      'Test the argument building on its own: a function that returns the command and its arguments',
      recategorise,
    ];
  }
  if (v.kind === 'thread') {
    return [
      'Inject the work the Worker would run and call it on this thread in small tests',
      'Give the library a synchronous destination in tests (a logger transport, a worker pool size of 0)',
      recategorise,
    ];
  }
  if (v.kind === 'filesystem') {
    return [
      'Keep the data in memory: pass strings, Buffers or streams (Readable.from) into the code under test',
      'Inject the file store (memfs, or a small interface with a fake) instead of calling fs directly',
      'Embed a read-only fixture with require or import (loading modules is never counted)',
      recategorise,
    ];
  }
  if (v.kind === 'database') {
    return [
      'Give the code a fake repository in small tests (a class with the same methods that keeps rows in memory)',
      'Put an in-memory Map behind the same interface the database code implements, and test the SQL itself in medium tests',
      recategorise,
    ];
  }
  if (v.kind === 'sleep') {
    return [
      'Fake the clock: sinon.useFakeTimers() and await clock.tickAsync(ms), or @sinonjs/fake-timers',
      'Inject a clock or a sleep function into the code under test and pass one that returns at once',
      recategorise,
    ];
  }
  if (v.size === 'small') {
    const group = groupOf(v);
    if (group === 'Listening') {
      return [
        'Call the request handler directly with fake request and response objects, without a server',
        'A test that needs a listening server (supertest, a real client against it) is [medium]',
        recategorise,
      ];
    }
    if (group === 'DNS') {
      return [
        'Stub the lookup: sinon.stub(dns, "lookup") or sinon.stub(dns.promises, "lookup")',
        'Pass an IP address or a resolver into the code under test',
        recategorise,
      ];
    }
    if (group === 'HTTP(S)' || group === 'WebSocket') {
      return [
        "Mock the network call with nock (or msw, or undici's MockAgent)",
        'Use dependency injection to provide a fake HTTP client',
        recategorise,
      ];
    }
    return [
      'Replace the client with a fake or a sinon stub (ioredis-mock, a fake repository, a stubbed driver)',
      'Use dependency injection to provide the fake in small tests',
      recategorise,
    ];
  }
  return [
    'Run the dependency on this machine (127.0.0.1, a unix socket) or add it to `allow` if it is local infrastructure',
    "Mock the call (nock, undici's MockAgent, a fake client)",
    recategorise,
  ];
}

/** `200 ms`, or `ever` for an `Atomics.wait` with no timeout. */
function formatWait(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? 'ever' : `${ms} ms`;
}

function detailsFor(v: Violation): string[] {
  if (v.kind === 'time') {
    if (v.requestedTimeoutMs !== undefined) {
      const requested = v.requestedTimeoutMs === 0 ? '0 (no timeout at all)' : `${v.requestedTimeoutMs} ms`;
      return [`Requested timeout: ${requested}, above the ${formatDuration(v.limitMs ?? 0)} limit for ${categoryOf(v.size)} tests`];
    }
    const took =
      v.outcome === 'blocked' ? `Still running after ${v.durationMs ?? '?'} ms, so it was stopped` : `Took ${v.durationMs ?? '?'} ms`;
    return [`${took}: exceeded the ${formatDuration(v.limitMs ?? 0)} limit for ${categoryOf(v.size)} tests`];
  }
  if (v.kind === 'subprocess') return [`Attempted subprocess: ${v.command ?? '?'}`];
  if (v.kind === 'thread') return ['Attempted worker thread: new Worker(...) from worker_threads'];
  if (v.kind === 'filesystem') return [`Attempted ${v.operation ?? 'access'} of: ${v.path ?? '?'}${v.toPath ? ` to ${v.toPath}` : ''}`];
  if (v.kind === 'database') return [`Attempted database open: ${v.database ?? '?'}`, `Through: ${v.call ?? '?'}`];
  if (v.kind === 'sleep') {
    // Atomics.wait is refused before it blocks; a timer is judged once its time has passed.
    return v.call === 'Atomics.wait' && v.outcome === 'blocked'
      ? [`Attempted to block for ${formatWait(v.waitedMs)} (Atomics.wait)`]
      : [`Waited ${formatWait(v.waitedMs)} on a real timer (${v.call ?? '?'})`];
  }
  const t = v.target;
  if (!t) return ['Attempted network access'];
  if (t.listen) return [`Attempted listen on: ${formatTarget(t)}${t.transport === 'udp' ? ' (UDP)' : ''}`];
  if (t.transport === 'dns') return [`Attempted DNS lookup of: ${t.host ?? '?'}`];
  if (t.transport === 'udp') return [`Attempted UDP datagram to: ${formatTarget(t)}`];
  return [`Attempted connection to: ${formatTarget(t)}`];
}

const HEADLINES: Readonly<Record<Violation['kind'], string>> = {
  network: 'Network access attempted',
  subprocess: 'Subprocess attempted',
  thread: 'Worker thread attempted',
  time: 'Time limit exceeded',
  filesystem: 'Filesystem access attempted',
  database: 'Database access attempted',
  sleep: 'Sleep on real time',
};

/** The first word of the warn line, greppable per kind: `grep -A5 "Subprocess violation"`. */
const WARNING_WORDS: Readonly<Record<Violation['kind'], string>> = {
  network: 'Network access violation',
  subprocess: 'Subprocess violation',
  thread: 'Worker thread violation',
  time: 'Time limit violation',
  filesystem: 'Filesystem violation',
  database: 'Database violation',
  sleep: 'Sleep violation',
};

function sizeName(size: TestSize): string {
  return `${size[0]!.toUpperCase()}${size.slice(1)}`;
}

/** The standard report box that `HermeticityViolationError` prints; `docsFolder` as in `documentationLink`. */
export function formatViolationReport(v: Violation, docsFolder: string = documentation.folder): string {
  const lines = [
    RULE,
    'HermeticityViolationError',
    RULE,
    `Test: ${v.testId}`,
    `Category: ${categoryOf(v.size)}`,
    `Violation: ${HEADLINES[v.kind]}`,
  ];
  if (v.hook) lines.push(`In: ${v.hook}`);
  if (v.late) lines.push('When: after the test had finished (work it started and did not await)');
  if (v.outsideTest) lines.push('When: while the test ran, from work started outside any test (module top level, import-time timers)');
  lines.push('Details:', ...detailsFor(v));
  if (v.childCommand) lines.push(`In child process: ${v.childCommand}`);
  if (v.callSite) lines.push(`At: ${v.callSite}`);
  lines.push(
    v.kind === 'time'
      ? `${sizeName(v.size)} tests must finish within ${formatDuration(v.limitMs ?? 0)}. Options:`
      : `${sizeName(v.size)} tests have restricted resource access. Options:`,
  );
  for (const [i, fix] of fixesFor(v).entries()) lines.push(`${i + 1}. ${fix}`);
  lines.push(`Documentation: See ${documentationLink(v, docsFolder)}`, RULE);
  return lines.join('\n');
}

/** The greppable warn-mode line and the lines that follow it (`grep -A5 "Network access violation"`); in warn mode the attempt went ahead. */
export function formatWarning(v: Violation): string {
  const lines = [
    `${WARNING_WORDS[v.kind]} (hermetic, enforcement: warn)`,
    `  Test: ${v.testId}`,
    `  Category: ${categoryOf(v.size)}`,
    ...detailsFor(v).map((d) => `  ${d}`),
  ];
  if (v.hook) lines.push(`  In: ${v.hook}`);
  if (v.childCommand) lines.push(`  In child process: ${v.childCommand}`);
  if (v.callSite) lines.push(`  At: ${v.callSite}`);
  if (v.kind === 'subprocess' || v.kind === 'thread') {
    lines.push(`  It was started anyway; under enforcement: strict it is stopped before it starts and the test fails.`);
  }
  if (v.kind === 'filesystem') {
    lines.push('  The file was touched anyway; under enforcement: strict it is stopped before it happens and the test fails.');
  }
  if (v.kind === 'database')
    lines.push('  It was opened anyway; under enforcement: strict it is stopped before it opens and the test fails.');
  if (v.kind === 'sleep') lines.push('  Under enforcement: strict the test fails.');
  return lines.join('\n');
}
