import { strict as assert } from 'node:assert';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

describe('time limits [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function run(spec: string, args: string[] = []) {
    // The slow tests here wait on timers to take their time: they are about time limits, so no timer is a sleep.
    project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  sleepThreshold: 1h\n', 'test/t.spec.js': spec });
    return runMocha(project.dir, { args });
  }

  const failure = (r: Awaited<ReturnType<typeof run>>, title: string) => r.json?.failures.find((f) => f.title === title)?.err.message ?? '';

  it("interrupts a hung small test at its size's limit and says so", async () => {
    const r = await run(
      `describe('Api [small]', function () {
  it('hangs', function (done) {});
  it('runs after', function () {});
});`,
      ['--hermetic-timeouts=small=300ms'],
    );
    assert.equal(r.json?.stats.failures, 1);
    assert.equal(r.json?.stats.passes, 1, 'the run goes on after the interrupted test');
    const message = failure(r, 'hangs');
    assert.match(message, /^Test: test\/t\.spec\.js > Api \[small\] > hangs$/m);
    assert.match(message, /^Violation: Time limit exceeded$/m);
    assert.match(message, /^Still running after 300 ms, so it was stopped: exceeded the 300 ms limit for SMALL tests$/m);
    assert.ok((r.json?.failures[0]?.duration ?? 0) < 2000, "interrupted at the size limit, not at Mocha's 2 s default");
  });

  it('reports a timeout set above the size limit, in the test or in its suite, and keeps lower ones', async () => {
    const r = await run(`describe('Api [small]', function () {
  it('asks for more', function () { this.timeout(5000); });
  it('asks for less', function () { this.timeout(500); if (this.timeout() !== 500) throw new Error('lowered timeout not kept'); });
  it('disables the timeout', function () { this.timeout(0); });
});
describe('Slow suite [small]', function () {
  this.timeout(10000);
  it('inherits the suite timeout', function () {});
});
describe('Quick suite [medium]', function () {
  this.timeout(50);
  it('keeps the lower suite timeout', function () { if (this.timeout() !== 50) throw new Error('suite timeout not kept: ' + this.timeout()); });
});`);
    assert.equal(r.json?.stats.passes, 2, JSON.stringify(r.json?.failures.map((f) => f.err.message)));
    assert.match(failure(r, 'asks for more'), /^Requested timeout: 5000 ms, above the 1 s limit for SMALL tests$/m);
    assert.match(failure(r, 'disables the timeout'), /^Requested timeout: 0 \(no timeout at all\), above the 1 s limit for SMALL tests$/m);
    assert.match(failure(r, 'inherits the suite timeout'), /^Requested timeout: 10000 ms, above the 1 s limit for SMALL tests$/m);
  });

  it('caps a too-high timeout at the limit, so the test is still interrupted there', async () => {
    const r = await run(
      `describe('Api [small]', function () {
  it('asks for more and hangs', function (done) { this.timeout(60000); });
});`,
      ['--hermetic-timeouts=small=300ms'],
    );
    assert.equal(r.json?.stats.failures, 1);
    assert.match(failure(r, 'asks for more and hangs'), /^Requested timeout: 60000 ms, above the 300 ms limit for SMALL tests$/m);
    assert.ok((r.json?.failures[0]?.duration ?? 0) < 2000);
  });

  it('gives medium tests their own limit instead of the run default', async () => {
    const r = await run(`describe('Db [medium]', function () {
  it('waits 2.5 s', function (done) { setTimeout(done, 2500); });
});`);
    assert.equal(r.code, 0, JSON.stringify(r.json?.failures));
  });

  it('in warn mode leaves timeouts alone and warns about overruns', async () => {
    const r = await run(
      `describe('Api [small]', function () {
  it('is slow', function (done) { setTimeout(done, 1200); });
  it('asks for more', function () { this.timeout(5000); });
});`,
      ['--hermetic-enforcement=warn'],
    );
    assert.equal(r.code, 0, JSON.stringify(r.json?.failures));
    assert.match(
      r.stderr,
      /^Time limit violation \(hermetic, enforcement: warn\)\n {2}Test: test\/t\.spec\.js > Api \[small\] > is slow\n {2}Category: SMALL\n {2}Took \d+ ms: exceeded the 1 s limit for SMALL tests$/m,
    );
    assert.match(r.stderr, /^ {2}Requested timeout: 5000 ms, above the 1 s limit for SMALL tests$/m);
  });

  /**
   * Every way a time limit is raised, and one network violation, which a debugged run still reports (to a closed
   * loopback port, so that warn mode, which lets it through, sends nothing off the machine).
   */
  const DEBUGGED = `describe('Api [small]', function () {
  it('takes 1.2 s', function (done) { setTimeout(done, 1200); });
  it('asks for more', function () { this.timeout(5000); });
  it('disables its timeout', function () { this.timeout(0); });
  it('fetches', async function () { await fetch('http://127.0.0.1:2/').catch(() => {}); });
});
describe('Slow suite [small]', function () {
  this.timeout(10000);
  it('inherits the suite timeout', function () {});
  beforeEach(function () { this.timeout(20000); });
  it('runs after a hook that asks for more', function () {});
});`;

  for (const [how, args, mocharc] of [
    ['--timeout 0', ['--timeout', '0'], ''],
    ['--no-timeouts', ['--no-timeouts'], ''],
    ['timeout: 0 in .mocharc', [], 'timeout: 0\n'],
  ] as const) {
    it(`raises no time-limit violation under ${how}, so a test can be debugged, and still blocks the network`, async () => {
      project = createProject({
        '.mocharc.yml': `require: hermetic/mocha\nhermetic:\n  sleepThreshold: 1h\n${mocharc}`,
        'test/t.spec.js': DEBUGGED,
      });
      const r = await runMocha(project.dir, { args: [...args] });
      assert.deepEqual(
        r.json?.failures.map((f) => f.title),
        ['fetches'],
        JSON.stringify(r.json?.failures.map((f) => f.err.message)),
      );
      assert.match(failure(r, 'fetches'), /^Attempted connection to: 127\.0\.0\.1:2$/m);
      assert.match(r.stderr, /^Violations: 1 violation in 1 test /m, r.stderr);
    });
  }

  it('raises no time-limit warning under --timeout 0 in warn mode', async () => {
    const r = await run(DEBUGGED, ['--timeout', '0', '--hermetic-enforcement=warn']);
    assert.equal(r.code, 0, JSON.stringify(r.json?.failures));
    assert.doesNotMatch(r.stderr, /Time limit violation/);
    assert.match(r.stderr, /^Network access violation \(hermetic, enforcement: warn\)$/m);
  });

  it('does nothing at all when enforcement is off', async () => {
    const r = await run(
      `describe('Api [small]', function () {
  it('asks for more', function () { this.timeout(5000); });
  it('takes 1.2 s', function (done) { setTimeout(done, 1200); });
});`,
      ['--hermetic-enforcement=off'],
    );
    assert.equal(r.code, 0, JSON.stringify(r.json?.failures));
    assert.equal(r.stderr, '');
  });
});
