import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/** Two failing tests and one passing: Mocha's exit code is the number of failures. */
const TWO_FAILING = `describe('checkout', function () {
  it('adds [small]', function () { throw new Error('first'); });
  it('removes [small]', function () { throw new Error('second'); });
  it('lists [small]', function () {});
});
`;

/** A small test that connects to this machine: blocked whenever hermetic enforces. */
const CONNECTS = `const net = require('node:net');
describe('client [small]', function () {
  it('connects', () => new Promise((resolve) => net.connect(9, '127.0.0.1').on('error', () => resolve()).on('connect', resolve)));
});
`;

const STACK_FRAME = /\n\s+at /;

describe('run lifecycle [medium]', function () {
  let project: Project | undefined;
  afterEach(() => project?.remove());

  describe('a report that cannot be written', function () {
    for (const parallel of [false, true]) {
      it(`fails the run with one line naming the path, and keeps the tests' failures${parallel ? ', with --parallel' : ''}`, async () => {
        project = createProject({
          '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  report: reports\n',
          'reports/.keep': '',
          'test/checkout.spec.js': TWO_FAILING,
        });
        const run = await runMocha(project.dir, { args: parallel ? ['--parallel', '--jobs=2'] : [] });
        assert.equal(run.json?.stats.failures, 2, run.stderr);
        // Mocha's exit code counts the failures; the report adds one, and never takes any away.
        assert.equal(run.code, 3, run.stderr);
        const path = join(project.dir, 'reports');
        assert.ok(
          run.stderr.includes(
            `\nhermetic: cannot write the JSON report to ${path}: it is a folder (EISDIR); set report to a file path you can write\n`,
          ),
          run.stderr,
        );
        assert.doesNotMatch(run.stderr, STACK_FRAME);
      });
    }

    it('fails a run whose tests all pass', async () => {
      project = createProject({
        '.mocharc.yml': 'require: hermetic/mocha\nhermetic:\n  report: reports/out.json\n',
        reports: '',
        'test/a.spec.js': "describe('a [small]', function () { it('passes', function () {}); });\n",
      });
      const run = await runMocha(project.dir);
      assert.equal(run.json?.stats.failures, 0, run.stderr);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /\nhermetic: cannot write the JSON report to .*out\.json: a part of the path is a file \(EEXIST\);/);
    });
  });

  describe('the config handed to --parallel workers', function () {
    async function asWorker(value: string): Promise<string> {
      project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/client.spec.js': CONNECTS });
      // Mocha marks its workers with MOCHA_WORKER_ID; runMocha starts Node itself, so this process is the "worker's" parent.
      const run = await runMocha(project.dir, { env: { MOCHA_WORKER_ID: '0', __HERMETIC_RESOLVED_CONFIG: value } });
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.doesNotMatch(run.stdout + run.stderr, STACK_FRAME);
      assert.equal(run.json, undefined, 'no test ran');
      return run.stderr.trim();
    }

    it('stops a worker with one line when the value is not JSON', async () => {
      assert.equal(
        await asWorker('{"enforcement":'),
        'hermetic: __HERMETIC_RESOLVED_CONFIG is not the JSON hermetic writes; hermetic sets it for its own --parallel workers, so unset it (and MOCHA_WORKER_ID) where you set it',
      );
    });

    it('refuses a value its main process did not write, even one that would turn enforcement off', async () => {
      const off = JSON.stringify({ enforcement: 'off', allow: [], timeouts: { small: 1000, medium: 1, large: 1, xlarge: 1 } });
      assert.equal(
        await asWorker(off),
        "hermetic: __HERMETIC_RESOLVED_CONFIG was not written by this worker's main process; hermetic sets it for its own --parallel workers, so unset it (and MOCHA_WORKER_ID) where you set it",
      );
    });

    it('checks every option as it checks a config file', async () => {
      const crafted = JSON.stringify({ by: process.pid, options: { enforcement: 'OFF!', timeouts: { small: '600h' } }, sources: {} });
      assert.deepEqual((await asWorker(crafted)).split('\n'), [
        'hermetic: invalid enforcement "OFF!" in __HERMETIC_RESOLVED_CONFIG.enforcement: expected one of strict, warn, off',
        'hermetic: invalid timeouts {"small":"600h"} in __HERMETIC_RESOLVED_CONFIG.timeouts: "600h" for small is 2160000000 ms, above 2147483647 ms (about 24.8 days), the longest timeout Node can set; write sizes with durations, e.g. { small: "2s", medium: "60s" }',
      ]);
    });

    it("gives workers the main process's config, whatever the user's environment holds", async () => {
      project = createProject({ '.mocharc.yml': 'require: hermetic/mocha\n', 'test/client.spec.js': CONNECTS });
      const off = JSON.stringify({ by: process.pid, options: { enforcement: 'off' }, sources: {} });
      const run = await runMocha(project.dir, { args: ['--parallel', '--jobs=2'], env: { __HERMETIC_RESOLVED_CONFIG: off } });
      assert.equal(run.json?.stats.failures, 1, run.stderr);
      assert.match(run.json!.failures[0]!.err.message ?? '', /\nAttempted connection to: 127\.0\.0\.1:9\n/);
    });
  });

  describe('the --parallel results folder', function () {
    /** A worker's test that notes the folder its results go to, and plants what hermetic did not write. */
    const PLANTS = `const fs = require('node:fs');
const path = require('node:path');
describe('planter [medium]', function () {
  it('plants', function () {
    const dir = process.env.__HERMETIC_RESULTS_DIR;
    const stat = fs.statSync(dir);
    fs.writeFileSync(process.env.SEEN_OUT, JSON.stringify({ dir, mode: stat.mode & 0o777, mainPid: process.ppid }));
    fs.writeFileSync(path.join(dir, 'planted.jsonl'), 'not json\\n');
    fs.writeFileSync(path.join(dir, '1.jsonl'), '{}\\n{"counts":{"small":5}}\\n');
    fs.mkdirSync(path.join(dir, '2.jsonl'));
    // A line shaped as a worker writes it, behind a link: followed, it would add 100 small tests.
    const counts = { small: 100, medium: 0, large: 0, xlarge: 0, unsized: 0 };
    fs.writeFileSync(process.env.LINKED, JSON.stringify({ counts, unsizedCount: 0, unsizedSample: [], violations: [], lateFailures: 0 }) + '\\n');
    fs.symlinkSync(process.env.LINKED, path.join(dir, '3.jsonl'));
  });
});
`;

    it('is private and unguessable, and what hermetic did not write there costs the summary nothing', async () => {
      project = createProject({
        '.mocharc.yml': 'require: hermetic/mocha\n',
        'test/planter.spec.js': PLANTS,
        'test/checkout.spec.js': TWO_FAILING,
      });
      const seenOut = join(project.dir, 'seen.json');
      const run = await runMocha(project.dir, {
        args: ['--parallel', '--jobs=2'],
        env: { SEEN_OUT: seenOut, LINKED: join(project.dir, 'linked.jsonl') },
      });
      assert.equal(run.code, 2, run.stderr);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
      const seen = JSON.parse(readFileSync(seenOut, 'utf8')) as { dir: string; mode: number; mainPid: number };
      assert.equal(seen.mode, 0o700, 'only the user running the tests may write there');
      assert.ok(!seen.dir.includes(String(seen.mainPid)), `the name gives away nothing of the run: ${seen.dir}`);
      assert.ok(!existsSync(seen.dir), 'removed at the end of the run');
      assert.match(run.stderr, /\nTest sizes: 4 tests \(4 sized, 0 unsized\)\n/);
      assert.ok(
        run.stderr.includes(
          `hermetic: passed over 5 file(s) or line(s) in the --parallel results folder ${seen.dir} that no worker wrote\n`,
        ),
        run.stderr,
      );
    });

    it('is not made by a serial run, which has no workers to hear from', async () => {
      project = createProject({
        '.mocharc.yml': 'require: hermetic/mocha\n',
        'test/seen.spec.js': `const fs = require('node:fs');
describe('notes the results folder [medium]', function () {
  it('notes', function () {
    fs.writeFileSync(process.env.SEEN_OUT, JSON.stringify({ dir: process.env.__HERMETIC_RESULTS_DIR ?? null }));
  });
});
`,
      });
      const seenOut = join(project.dir, 'seen.json');
      const run = await runMocha(project.dir, { env: { SEEN_OUT: seenOut, __HERMETIC_RESULTS_DIR: '/planted/by/a/parent' } });
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(JSON.parse(readFileSync(seenOut, 'utf8')), { dir: null });
    });
  });
});
