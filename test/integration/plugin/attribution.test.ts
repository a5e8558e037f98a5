import { strict as assert } from 'node:assert';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/** A connect to a TEST-NET address: blocked before the SYN in any restricted size. */
const ATTEMPT = `const net = require('node:net');
const reach = () => new Promise((resolve) => net.connect(80, '192.0.2.1').on('error', resolve).on('connect', function () { this.destroy(); resolve(); }));`;

describe('charging violations to the test that caused them [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function run(spec: string, args: string[] = []) {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  sleepThreshold: 1h\n',
      'test/t.spec.js': `${ATTEMPT}\n${spec}`,
    });
    return runMocha(project.dir, { args });
  }

  it('fails a test whose code swallowed the error', async () => {
    const r = await run(`describe('Api [small]', function () {
  it('catches everything', async () => { try { await reach(); } catch { /* swallowed */ } });
  it('ignores the error event', () => reach());
});`);
    assert.equal(r.json?.stats.failures, 2);
    for (const f of r.json?.failures ?? []) {
      assert.match(f.err.message ?? '', /^Attempted connection to: 192\.0\.2\.1:80$/m);
      assert.match(f.err.message ?? '', new RegExp(`^Test: test/t\\.spec\\.js > Api \\[small\\] > ${f.title}$`, 'm'));
    }
  });

  it('charges work a test started and did not await to that test, while a later test runs', async () => {
    const r = await run(`describe('Api [small]', function () {
  it('starts a timer and returns', () => { setTimeout(() => reach(), 30); });
  it('is running when the timer fires', (done) => setTimeout(done, 100));
  it('runs after', () => {});
});`);
    assert.equal(r.json?.stats.passes, 3, 'the later tests are not blamed');
    assert.equal(r.json?.failures.length, 1);
    const late = r.json!.failures[0]!;
    assert.equal(late.title, 'starts a timer and returns');
    assert.match(late.err.message ?? '', /^Test: test\/t\.spec\.js > Api \[small\] > starts a timer and returns$/m);
    assert.match(late.err.message ?? '', /^When: after the test had finished/m);
    assert.notEqual(r.code, 0);
  });

  it('fails the run, naming the test, when the late work oversteps after the run ended', async () => {
    const r = await run(
      `describe('Api [small]', function () {
  it('leaves a timer behind', () => { setTimeout(() => reach(), 150); });
});`,
      ['--reporter', 'spec'],
    );
    assert.match(r.stdout, /1 passing/);
    assert.match(r.stderr, /hermetic: a test had finished when work it started overstepped its size:/);
    assert.match(r.stderr, /^Test: test\/t\.spec\.js > Api \[small\] > leaves a timer behind$/m);
    assert.equal(r.code, 1);
  });

  it('fails a --parallel run for work that oversteps after its worker finished the file', async () => {
    // The small file ends at once and its worker is idle when the timer fires; the other worker is still busy.
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\nparallel: true\njobs: 2\n',
      'test/a.spec.js': `${ATTEMPT}\ndescribe('Api [small]', function () {\n  it('leaves a timer behind', () => { setTimeout(() => reach(), 300); });\n});`,
      'test/b.spec.js': `describe('Slow [medium]', function () {\n  it('waits', (done) => setTimeout(done, 1500));\n});`,
    });
    const r = await runMocha(project.dir, { args: ['--reporter', 'spec'] });
    assert.match(r.stdout, /2 passing/);
    assert.match(r.stderr, /^Test: test\/a\.spec\.js > Api \[small\] > leaves a timer behind$/m);
    assert.match(r.stderr, /Violations: 1 violation in 1 test/);
    assert.notEqual(r.code, 0, 'the late violation fails the run');
  });

  it('follows the async chain, not the clock: a medium test is not charged for the leftovers of a small test', async () => {
    const r = await run(`const http = require('node:http');
let server;
describe('Small [small]', function () {
  it('leaves a retry loop behind', () => { let n = 0; const t = setInterval(() => { if (++n === 3) clearInterval(t); reach(); }, 20); });
});
describe('Medium [medium]', function () {
  before((done) => { server = http.createServer((q, res) => res.end('ok')).listen(0, '127.0.0.1', done); });
  after((done) => server.close(done));
  it('reaches its local server meanwhile', () => new Promise((resolve, reject) => {
    setTimeout(() => http.get('http://127.0.0.1:' + server.address().port, (res) => res.resume().on('end', resolve)).on('error', reject), 30);
  }));
});`);
    const byTitle = Object.fromEntries(r.json!.tests.map((t) => [t.title, t.err.message === undefined ? 'passed' : 'failed']));
    assert.equal(byTitle['reaches its local server meanwhile'], 'passed');
    assert.ok(r.json!.failures.length >= 1, 'the small test is charged for its retries');
    assert.equal(
      r.json!.failures.every((f) => f.title === 'leaves a retry loop behind'),
      true,
    );
  });

  it('judges a hook by the size of its suite and charges it to that suite', async () => {
    const r = await run(`describe('Outer [large]', function () {
  describe('Inner [small]', function () {
    beforeEach('log in', () => reach());
    it('never runs', () => {});
  });
  describe('Other [medium]', function () {
    before('warm up', () => reach());
    it('never runs either', () => {});
  });
  it('large reaches out freely', () => reach());
});`);
    const failures = r.json!.failures;
    assert.equal(failures.length, 2);
    assert.match(failures[0]!.title, /"before each" hook: log in/);
    assert.match(failures[0]!.err.message ?? '', /^Test: test\/t\.spec\.js > Outer \[large\] > Inner \[small\]$/m);
    assert.match(failures[0]!.err.message ?? '', /^Category: SMALL$/m);
    assert.match(failures[0]!.err.message ?? '', /^In: "before each" hook: log in$/m);
    assert.match(failures[1]!.title, /"before all" hook: warm up/);
    assert.match(failures[1]!.err.message ?? '', /^Category: MEDIUM$/m);
    assert.equal(r.json!.passes.map((p) => p.title).join(), 'large reaches out freely');
  });

  it('points At: at the line that made the request when nock refuses it', async () => {
    const r = await run(`const nock = require('nock').default ?? require('nock');
const http = require('node:http');
describe('Api [small]', function () {
  it('forgets one mock', () => new Promise((resolve) => {
    nock('http://api.example.com').get('/users/1').reply(200, 'ok');
    http.get('http://billing.example.com/invoices').on('error', () => resolve());
  }));
});`);
    const message = r.json?.failures[0]?.err.message ?? '';
    assert.match(message, /^Attempted connection to: billing\.example\.com:80$/m);
    assert.match(message, /^At: test\/t\.spec\.js:8:10$/m);
    assert.match(message, /^1\. Mock the network call with nock/m);
    assert.doesNotMatch(r.json?.failures[0]?.err.stack ?? '', /Caused by|NetConnectNotAllowedError/);
  });

  it('keeps a Mocha run inside a test apart from the test that runs it', async () => {
    // Reporter and plugin suites run Mocha in-process from their own tests: each inner test is judged by its
    // own size, and the outer test still gets its result.
    const r = await run(
      `const exported = require('mocha');
// Mocha 11 exports its constructor, Mocha 12 an object that holds it.
const Mocha = typeof exported === 'function' ? exported : exported.Mocha;
describe('Reporter [large]', function () {
  it('runs an inner suite', async () => {
    reach();
    const mocha = new Mocha({ reporter: function () {} });
    const inner = Mocha.Suite.create(mocha.suite, 'Inner [small]');
    inner.addTest(new Mocha.Test('reaches out', () => reach()));
    inner.addTest(new Mocha.Test('waits', (done) => setTimeout(done, 20)));
    const failed = [];
    await new Promise((resolve) => mocha.run(resolve).on('fail', (t, err) => failed.push(t.title + ': ' + err.message)));
    if (failed.length !== 1 || !/^reaches out: [^]*Category: SMALL/.test(failed[0])) throw new Error('inner failures: ' + failed.join(' / '));
  });
  it('runs after it', () => {});
});`,
      ['--timeout', '5000'],
    );
    assert.equal(r.json?.stats.passes, 2, r.stdout.slice(0, 3000) + r.stderr.slice(0, 3000));
    assert.equal(r.json?.stats.failures, 0);
  });

  it('does not charge a test for what Mocha and its reporter do once the test has ended', async () => {
    // A reporter that looks up a name on every test end: outside any test, so never judged, however the test ended.
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'reporter.js': `const { reporters } = require('mocha');
const dns = require('node:dns');
module.exports = class extends reporters.Base {
  constructor(runner, options) {
    super(runner, options);
    let pending = 0;
    runner.on('test end', (test) => { pending++; dns.lookup('localhost', (err) => { pending--; console.log('lookup after ' + test.title + ': ' + (err ? err.message : 'ok')); }); });
    runner.on('end', () => { const wait = () => (pending ? setTimeout(wait, 5) : console.log('passes ' + this.stats.passes + ', failures ' + this.stats.failures)); wait(); });
  }
};`,
      'test/t.spec.js': `describe('Api [small]', function () {
  it('returns at once', () => {});
  it('resolves a promise', () => Promise.resolve());
  it('calls done later', (done) => { setTimeout(done, 5); });
});`,
    });
    const r = await runMocha(project.dir, { args: ['--reporter', './reporter.js'] });
    assert.match(r.stdout, /^passes 3, failures 0$/m, r.stdout + r.stderr);
    for (const title of ['returns at once', 'resolves a promise', 'calls done later'])
      assert.match(r.stdout, new RegExp(`^lookup after ${title}: ok$`, 'm'));
    assert.equal(r.code, 0);
  });
});
