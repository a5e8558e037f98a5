import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createProject, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';

/** Small tests that each try one kind of connection; strict mode blocks every one before it leaves. */
const KINDS = `const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');
const http = require('node:http');
const http2 = require('node:http2');
const tcp = (port) => () => new Promise((resolve) => net.connect(port, '127.0.0.1').on('error', () => resolve()));
describe('Kinds [small]', function () {
  it('http', () => new Promise((resolve) => http.get('http://api.example.com/users').on('error', () => resolve())));
  it('dns', () => dns.promises.lookup('api.example.com').catch(() => {}));
  it('postgres', tcp(5432));
  it('mysql', tcp(3306));
  it('redis', tcp(6379));
  it('memcached', tcp(11211));
  it('mongo', tcp(27017));
  it('grpc', () => new Promise((resolve) => { const s = http2.connect('http://127.0.0.1:50051'); s.on('error', () => resolve()); }));
  it('smtp 25', tcp(25));
  it('smtp 587', tcp(587));
  it('udp', () => new Promise((resolve) => { const s = dgram.createSocket('udp4'); s.send('x', 9999, '127.0.0.1', () => { s.close(); resolve(); }); }));
  it('unix', () => new Promise((resolve) => net.connect('/tmp/hermetic-no-such.sock').on('error', () => resolve())));
  it('other tcp', tcp(9));
  it('pure', () => {});
});
describe('unsized', function () {
  for (let i = 1; i <= 7; i++) it('plain ' + i, () => {});
});
`;

describe('run summary [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('counts the sizes, lists unsized tests and groups violations by kind', async () => {
    project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/kinds.spec.js': KINDS });
    const run = await runMocha(project.dir);
    assert.equal(run.json?.stats.failures, 13, run.stderr);
    const summary = run.stderr.slice(run.stderr.indexOf('hermetic summary'));
    assert.equal(
      summary,
      `hermetic summary
Test sizes: 21 tests (14 sized, 7 unsized)
  small        14  100.0%  target 80% ±5                  above target
  medium        0    0.0%  target 15% ±5                  below target
  large         0    0.0%  target 5% ±5 (large + xlarge)  on target
  xlarge        0    0.0%
  unsized       7  (not counted in the shares)

Unsized tests: 7 (give them a size tag, or set defaultSize)
  test/kinds.spec.js > unsized > plain 1
  test/kinds.spec.js > unsized > plain 2
  test/kinds.spec.js > unsized > plain 3
  test/kinds.spec.js > unsized > plain 4
  test/kinds.spec.js > unsized > plain 5
  and 2 more

Violations: 13 violations in 13 tests (enforcement: strict)
  HTTP(S)        1  test/kinds.spec.js > Kinds [small] > http
  DNS            1  test/kinds.spec.js > Kinds [small] > dns
  PostgreSQL     1  test/kinds.spec.js > Kinds [small] > postgres
  MySQL          1  test/kinds.spec.js > Kinds [small] > mysql
  Redis          1  test/kinds.spec.js > Kinds [small] > redis
  Memcached      1  test/kinds.spec.js > Kinds [small] > memcached
  MongoDB        1  test/kinds.spec.js > Kinds [small] > mongo
  gRPC/HTTP2     1  test/kinds.spec.js > Kinds [small] > grpc
  SMTP           2  test/kinds.spec.js > Kinds [small] > smtp 25, test/kinds.spec.js > Kinds [small] > smtp 587
  UDP            1  test/kinds.spec.js > Kinds [small] > udp
  Unix socket    1  test/kinds.spec.js > Kinds [small] > unix
  Other TCP      1  test/kinds.spec.js > Kinds [small] > other tcp
`,
    );
  });

  it('reads the code of the summary and the reports when the run ends, not as the plugin loads', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/a.spec.js': `const { strict: assert } = require('node:assert');
const summaryCodeRead = () => Object.keys(require.cache).some((path) => path.endsWith('/dist/run-end.js'));
describe('Start-up [small]', function () {
  it('has not read the end of the run', () => assert.equal(summaryCodeRead(), false));
});
process.on('exit', () => process.stderr.write('summary code read by the exit: ' + summaryCodeRead() + '\\n'));`,
    });
    const run = await runMocha(project.dir);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^Test sizes: 1 test \(1 sized, 0 unsized\)$/m);
    assert.match(run.stderr, /^summary code read by the exit: true$/m);
  });

  it('in warn mode counts the tests that would fail under strict', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/w.spec.js': `const dns = require('node:dns');
describe('Warned [small]', function () {
  it('looks up a name', () => dns.promises.lookup('localhost'));
  it('looks up another', () => dns.promises.lookup('localhost'));
  it('asks for more time', function () { this.timeout(5000); });
  it('is fine', () => {});
});`,
    });
    const run = await runMocha(project.dir, { args: ['--hermetic-enforcement=warn'] });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^Violations: 3 violations in 3 tests \(enforcement: warn\)$/m);
    assert.match(
      run.stderr,
      /^ {2}DNS {12}2 {2}test\/w\.spec\.js > Warned \[small\] > looks up a name, test\/w\.spec\.js > Warned \[small\] > looks up another$/m,
    );
    assert.match(run.stderr, /^ {2}Time limit {5}1 {2}test\/w\.spec\.js > Warned \[small\] > asks for more time$/m);
    assert.match(run.stderr, /^ {2}3 tests would fail under strict enforcement\.$/m);
  });

  describe('distribution', function () {
    const pyramid = `describe('S [small]', () => { for (let i = 0; i < 6; i++) it('s' + i, () => {}); });
describe('M [medium]', () => { for (let i = 0; i < 3; i++) it('m' + i, () => {}); });
describe('L [large]', () => { it('l', () => {}); });`;

    async function distributionRun(args: string[]) {
      project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/p.spec.js': pyramid });
      return runMocha(project.dir, { args });
    }

    it('fails the run in strict mode when the pyramid is outside its targets', async () => {
      const run = await distributionRun(['--hermetic-distribution=strict']);
      assert.equal(run.code, 1);
      assert.equal(run.json?.stats.failures, 0, 'no test failed; the run did');
      assert.match(
        run.stderr,
        /^hermetic: the test pyramid is outside its targets: small 60\.0% \(target 80% ±5\), medium 30\.0% \(target 15% ±5\)$/m,
      );
    });

    it('only warns in warn mode, and says nothing in off mode', async () => {
      let run = await distributionRun(['--hermetic-distribution=warn']);
      assert.equal(run.code, 0);
      assert.match(run.stderr, /^hermetic: the test pyramid is outside its targets: .* \(distribution: warn\)$/m);
      project?.remove();
      run = await distributionRun([]);
      assert.equal(run.code, 0);
      assert.doesNotMatch(run.stderr, /outside its targets/);
    });

    it('passes with custom targets and tolerance that fit', async () => {
      const run = await distributionRun([
        '--hermetic-distribution=strict',
        '--hermetic-targets=small=60,medium=30,large=10',
        '--hermetic-tolerance=1',
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /^ {2}small {9}6 {3}60\.0% {2}target 60% ±1 {19}on target$/m);
      // The longest target text sets where the status column starts, two spaces after it.
      assert.match(run.stderr, /^ {2}large {9}1 {3}10\.0% {2}target 10% ±1 \(large \+ xlarge\) {2}on target$/m);
    });

    it('rejects targets that do not add up to 100', async () => {
      project = createProject({
        '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  targets: { small: 70, medium: 20 }\n',
        'test/p.spec.js': pyramid,
      });
      const run = await runMocha(project.dir);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr.trim(),
        'hermetic: invalid targets {"small":70,"medium":20} in .mocharc.yml (hermetic).targets: small, medium and large add up to 95; they must add up to 100; write sizes with percentages, e.g. { small: 70, medium: 20, large: 10 }',
      );
    });
  });

  describe('counts each test once, however it ended', function () {
    // Every way a test can start, skip, retry or never run; the summary counts what reached its end.
    const endings = `describe('Skips [small]', function () {
  it.skip('skipped with it.skip', () => {});
  xit('skipped with xit', () => {});
  it('skips itself', function () { this.skip(); });
  it('skips itself later', async function () { await new Promise((r) => setTimeout(r, 1)); this.skip(); });
  it('skips itself with done', function (done) { this.skip(); });
  it('passes', () => {});
});
describe.skip('Skipped suite [medium]', function () {
  it('a', () => {});
  describe('Inner', function () { it('b', () => {}); });
});
describe('Skipped in before [large]', function () {
  before(function () { this.skip(); });
  it('c', () => {});
  it('d', () => {});
  describe('Inner', function () { it('e', () => {}); });
});
describe('Skipped in beforeEach [xlarge]', function () {
  let n = 0;
  beforeEach(function () { if (n++ === 1) this.skip(); });
  it('f', () => {});
  it('g, skipped by its beforeEach', () => {});
  it('h', () => {});
});
describe('Retried [medium]', function () {
  let tries = 0;
  it('passes on the third try', function () { this.retries(2); if (++tries < 3) throw new Error('not yet'); });
  it('fails three times', function () { this.retries(2); throw new Error('never'); });
  it('skips itself on the second try', function () { this.retries(1); if (++tries < 5) throw new Error('not yet'); this.skip(); });
});
`;
    const more = `describe('Failing beforeEach [small]', function () {
  let n = 0;
  beforeEach(function () { if (n++ === 1) throw new Error('setup broke'); });
  it('i', () => {});
  it('j, whose beforeEach failed', () => {});
  it('k, after it in the same suite', () => {});
});
describe('Times out [small]', function () {
  it('waits too long', function (done) { this.timeout(50); setTimeout(done, 500); });
  it('after it', () => {});
});
describe('Done twice [small]', function () {
  it('calls done twice', function (done) { done(); setTimeout(done, 5); });
  it('waits for it', (done) => setTimeout(done, 30));
});
describe('unsized', function () {
  let tries = 0;
  it('u1', () => {});
  it.skip('u2, skipped');
  it('u3, retried', function () { this.retries(1); if (++tries < 2) throw new Error('not yet'); });
  it('u4 [medium]', () => {});
  it('u5', function () { this.skip(); });
});
describe('Runs Mocha itself [medium]', function () {
  it('runs an inner suite', async () => {
    const exported = require('mocha');
    const Mocha = typeof exported === 'function' ? exported : exported.Mocha;
    const mocha = new Mocha({ reporter: function () {} });
    const inner = Mocha.Suite.create(mocha.suite, 'Inner [small]');
    inner.addTest(new Mocha.Test('inner passes', () => {}));
    inner.addTest(new Mocha.Test('inner is pending'));
    const retried = new Mocha.Test('inner retried', () => { throw new Error('no'); });
    retried.retries(1);
    inner.addTest(retried);
    inner.addTest(new Mocha.Test('inner skips itself', function () { this.skip(); }));
    await new Promise((resolve) => mocha.run(resolve));
  });
});
`;

    /** The same endings without the tests skipped as they load, which `--forbid-pending` refuses before the run. */
    const skippedAtRun = `describe('Skips [small]', function () {
  it('skips itself', function () { this.skip(); });
  it('passes', () => {});
});
describe('Skipped in before [large]', function () {
  before(function () { this.skip(); });
  it('c', () => {});
  describe('Inner', function () { it('e', () => {}); });
});
describe('Skipped in beforeEach [xlarge]', function () {
  let n = 0;
  beforeEach(function () { if (n++ === 1) this.skip(); });
  it('f', () => {});
  it('g, skipped by its beforeEach', () => {});
});
describe('unsized', function () { it('u5', function () { this.skip(); }); });
`;

    async function endingsRun(args: string[], files: Record<string, string> = { 'test/a.spec.js': endings, 'test/b.spec.js': more }) {
      project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', ...files });
      const run = await runMocha(project.dir, { args });
      const from = run.stderr.indexOf('Test sizes');
      const to = run.stderr.indexOf('\nViolations');
      const summary = run.stderr.slice(from, to < 0 ? undefined : to);
      const report = args.some((a) => a.startsWith('--hermetic-report'))
        ? (JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as Record<string, any>)
        : undefined;
      project.remove();
      project = undefined;
      return { run, summary, report };
    }

    /** The summary's counts on one line: the header, each size's row, and the unsized tests it names. */
    function countsOf(stderr: string): string {
      const header = /^Test sizes: (.*)$/m.exec(stderr)?.[1];
      const rows = [...stderr.matchAll(/^ {2}(small|medium|large|xlarge|unsized) +(\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
      const unsized = [...stderr.matchAll(/^ {2}test\/\w\.spec\.js > unsized > (.*)$/gm)].map((m) => m[1]);
      return `${header}: ${rows.join(', ')}${unsized.length > 0 ? `; unsized: ${unsized.join(' / ')}` : ''}`;
    }

    const everyEnding =
      '28 tests (24 sized, 4 unsized): small 11, medium 7, large 3, xlarge 3, unsized 4; unsized: u1 / u2, skipped / u3, retried / u5';

    for (const { args, counts } of [
      // Counted: every test that reached its end, retried ones once, skipped ones however they were skipped; not the tests of
      // the failing beforeEach's suite from that test on, nor the inner Mocha run's tests.
      { args: [], counts: everyEnding },
      { args: ['--parallel', '--jobs=2'], counts: everyEnding },
      { args: ['--bail'], counts: '16 tests (16 sized, 0 unsized): small 6, medium 4, large 3, xlarge 3, unsized 0' },
      {
        args: ['--grep', 'Retried|unsized'],
        counts:
          '8 tests (4 sized, 4 unsized): small 0, medium 4, large 0, xlarge 0, unsized 4; unsized: u1 / u2, skipped / u3, retried / u5',
      },
      { args: ['--fgrep', 'Skipped in'], counts: '6 tests (6 sized, 0 unsized): small 0, medium 0, large 3, xlarge 3, unsized 0' },
      // No hook runs: the tests of the failing beforeEach's suite end too.
      {
        args: ['--dry-run'],
        counts:
          '30 tests (26 sized, 4 unsized): small 13, medium 7, large 3, xlarge 3, unsized 4; unsized: u1 / u2, skipped / u3, retried / u5',
      },
      {
        args: ['--fail-hook-affected-tests'],
        counts:
          '30 tests (26 sized, 4 unsized): small 13, medium 7, large 3, xlarge 3, unsized 4; unsized: u1 / u2, skipped / u3, retried / u5',
      },
    ]) {
      it(`counts what reached its end${args.length > 0 ? ` with ${args.join(' ')}` : ''}`, async () => {
        const { run, summary } = await endingsRun(args);
        assert.equal(countsOf(summary), counts, run.stderr);
        assert.equal(run.json?.stats.tests, Number(/^\d+/.exec(counts)?.[0]), 'the tests Mocha reported');
      });
    }

    it('counts the same when a JSON report keeps a record of each test', async () => {
      const { run, summary, report } = await endingsRun(['--hermetic-report=report.json']);
      assert.equal(countsOf(summary), everyEnding, run.stderr);
      assert.deepEqual(report?.distribution.counts, { small: 11, medium: 7, large: 3, xlarge: 3, unsized: 4 });
      assert.equal(report?.tests.length, 28);
    });

    it('counts only its own tests in each of two runs in one process, as under --watch', async () => {
      project = createProject({
        'test/a.spec.js': endings,
        'test/second.spec.js': `describe('Second [small]', function () {
  it('x');
  it('y', () => {});
  it('z', function () { this.skip(); });
});`,
        'run-twice.js': `const exported = require('mocha');
const Mocha = typeof exported === 'function' ? exported : exported.Mocha;
const { mochaHooks } = require('hermetic/mocha');
const run = (file) => new Promise((resolve) => {
  const mocha = new Mocha({ rootHooks: mochaHooks, reporter: 'dot' });
  mocha.addFile(file);
  mocha.run(resolve);
});
run('test/a.spec.js').then(() => run('test/second.spec.js'));`,
      });
      const env = { ...process.env };
      for (const name of Object.keys(env)) if (name.startsWith('__HERMETIC') || name.startsWith('HERMETIC_')) delete env[name];
      const { stderr } = await promisify(execFile)(process.execPath, ['run-twice.js'], { cwd: project.dir, env });
      const second = stderr.lastIndexOf('Test sizes');
      assert.equal(
        countsOf(stderr.slice(0, second)),
        '17 tests (17 sized, 0 unsized): small 6, medium 5, large 3, xlarge 3, unsized 0',
        stderr,
      );
      assert.equal(countsOf(stderr.slice(second)), '3 tests (3 sized, 0 unsized): small 3, medium 0, large 0, xlarge 0, unsized 0');
    });

    it('counts with --forbid-pending, which fails the tests skipped as they run', async () => {
      const { run, summary } = await endingsRun(['--forbid-pending'], { 'test/a.spec.js': skippedAtRun });
      assert.equal(run.json?.stats.failures, 5, run.stderr);
      assert.equal(countsOf(summary), '7 tests (6 sized, 1 unsized): small 2, medium 0, large 2, xlarge 2, unsized 1; unsized: u5');
    });
  });

  describe('JSON report', function () {
    const reportSpec = `${KINDS}
describe('Passing [medium]', function () { it('reaches loopback name lookups', () => require('node:dns').promises.lookup('localhost')); });
describe('Pending [small]', function () { it('later'); });`;

    async function reportRun(args: string[]) {
      project = createProject({
        '.mocharc.yml': 'require: hermetic/mocha\n',
        'test/kinds.spec.js': reportSpec,
        'test/other.spec.js': KINDS.replace(/Kinds/g, 'Other'),
      });
      const run = await runMocha(project.dir, { args: ['--hermetic-report=out/report.json', ...args] });
      const report = JSON.parse(readFileSync(join(project.dir, 'out', 'report.json'), 'utf8')) as Record<string, any>;
      project.remove();
      project = undefined;
      return { run, report };
    }

    it('matches the schema that ships in the package', async () => {
      const { report } = await reportRun([]);
      const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
      const ajv = new Ajv({ allErrors: true, strict: true });
      addFormats(ajv);
      const valid = ajv.validate(schema, report);
      assert.ok(valid, ajv.errorsText());
      assert.equal(report.version, 2);
      assert.equal(report.run.enforcement, 'strict');
      assert.equal(report.run.configSources.report, '--hermetic-report');
      assert.equal(report.run.config.defaultSize, 'none', 'no default size is written out, not left out');
      assert.equal(report.violations.length, 26);
      const times = report.violations.map((v: any) => Date.parse(v.time));
      assert.ok(
        Date.parse(report.run.startedAt) <= Math.min(...times) && Math.max(...times) <= Date.parse(report.run.finishedAt),
        `the run starts before its first violation and finishes after its last: ${report.run.startedAt} ${report.run.finishedAt}`,
      );
      const http = report.violations.find((v: any) => v.testId === 'test/kinds.spec.js > Kinds [small] > http');
      assert.deepEqual(
        {
          group: http.group,
          size: http.size,
          outcome: http.outcome,
          target: http.target,
          file: http.file,
          at: /^test\/kinds\.spec\.js:\d+:\d+$/.test(http.callSite),
        },
        {
          group: 'HTTP(S)',
          size: 'small',
          outcome: 'blocked',
          target: { transport: 'tcp', host: 'api.example.com', port: 80, protocol: 'http' },
          file: 'test/kinds.spec.js',
          at: true,
        },
      );
      const states = Object.fromEntries(report.tests.map((t: any) => [t.id, t.state]));
      assert.equal(states['test/kinds.spec.js > Passing [medium] > reaches loopback name lookups'], 'passed');
      assert.equal(states['test/kinds.spec.js > Kinds [small] > http'], 'failed');
      assert.equal(states['test/kinds.spec.js > Pending [small] > later'], 'pending');
    });

    it('is the same serial and --parallel: nothing lost, nothing counted twice', async () => {
      const normalise = (report: Record<string, any>) => ({
        distribution: report.distribution,
        violations: report.violations.map(({ time: _t, ...v }: any) => JSON.stringify(v)).sort(),
        tests: report.tests.map(({ durationMs: _d, ...t }: any) => JSON.stringify(t)).sort(),
      });
      const serial = await reportRun([]);
      const parallel = await reportRun(['--parallel', '--jobs=2']);
      assert.equal(parallel.report.run.parallel, true);
      assert.equal(serial.run.code, parallel.run.code);
      assert.deepEqual(normalise(parallel.report), normalise(serial.report));
      assert.equal(serial.report.tests.length, 44);
    });
  });

  it('prints a GitHub Actions annotation per violation, at its call site', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/a.spec.js': `const net = require('node:net');
describe('Api [small]', function () {
  it('connects', () => new Promise((resolve) => net.connect(6379, '127.0.0.1').on('error', () => resolve())));
});
describe('Warned [small]', function () {});`,
    });
    const run = await runMocha(project.dir, { args: ['--reporter', 'dot'], env: { GITHUB_ACTIONS: 'true' } });
    assert.match(
      run.stdout,
      /^::error file=test\/a\.spec\.js,line=3,col=\d+,title=hermetic%3A SMALL test blocked::test\/a\.spec\.js > Api \[small\] > connects: network access to 127\.0\.0\.1:6379$/m,
    );
    project.remove();
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/a.spec.js': `describe('Api [small]', function () { it('asks for more', function () { this.timeout(5000); }); });`,
    });
    const warned = await runMocha(project.dir, {
      args: ['--reporter', 'dot', '--hermetic-enforcement=warn'],
      env: { GITHUB_ACTIONS: 'true' },
    });
    assert.match(
      warned.stdout,
      /^::warning file=test\/a\.spec\.js,title=hermetic%3A SMALL test flagged::test\/a\.spec\.js > Api \[small\] > asks for more: time limit exceeded$/m,
    );
  });

  it('suggests the smallest size each test fits, from what it did', async () => {
    project = createProject({
      '.mocharc.yml': 'require: hermetic/mocha\n',
      'test/s.spec.js': `const net = require('node:net');
const http = require('node:http');
let server;
// Resolves the outside name to loopback itself, so the attempt is seen as outside but no packet leaves this machine.
const outsideLookup = (host, opts, cb) => (opts && opts.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4));
// A root-level hook: the suite's own infrastructure, not a test's (a suite's hook that listens is network use of its tests).
before((done) => { server = http.createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', done); });
after((done) => server.close(done));
describe('Legacy', function () {
  it('is pure', () => {});
  it('calls the local server', () => new Promise((resolve, reject) => http.get('http://127.0.0.1:' + server.address().port, (r) => r.resume().on('end', resolve)).on('error', reject)));
  it('calls out', () => new Promise((resolve) => net.connect({ host: 'api.example.com', port: 443, lookup: outsideLookup }).on('error', () => resolve()).on('connect', function () { this.destroy(); resolve(); })));
  it('is oversized [large]', () => {});
  it('is right [small]', () => {});
  it('takes 1.2 s', (done) => setTimeout(done, 1200));
});`,
    });
    const run = await runMocha(project.dir, { args: ['--hermetic-suggest'] });
    assert.equal(run.code, 0, run.stderr);
    const section = run.stderr.slice(run.stderr.indexOf('Size suggestions'));
    assert.equal(
      section,
      `Size suggestions (5 tests; from what each test did in this run):
  test/s.spec.js > Legacy > is pure
      unsized -> [small]  (no network, ${/no network, (\d+) ms/.exec(section)?.[1]} ms)
  test/s.spec.js > Legacy > calls the local server
      unsized -> [medium]  (reached only this machine: 127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(section)?.[1]})
  test/s.spec.js > Legacy > calls out
      unsized -> [large]  (reached outside: api.example.com:443)
  test/s.spec.js > Legacy > is oversized [large]
      [large] -> [small]  (no network, ${/oversized[^\n]*\n[^(]*\(no network, (\d+) ms/.exec(section)?.[1]} ms)
  test/s.spec.js > Legacy > takes 1.2 s
      unsized -> [medium]  (waited 1200 ms on a real timer (setTimeout))
`,
    );
  });
});
