import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createProject, type MochaRun, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const STARTS = ['execSync', 'execFileSync', 'spawnSync', 'spawn', 'exec', 'execFile', 'fork', 'cluster'];

/** A project whose tests start processes (and, in the ESM file, one more) that each write a marker file when they run. */
function startsProject(size: string, config: Record<string, unknown> = {}): Project {
  const project = createProject({
    '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', ...config }),
    'test/child.cjs': fixture('child.fixture.cjs'),
    'test/starts.spec.cjs': fixture('starts.fixture.cjs').replace(/__SIZE__/g, size),
    'test/esm-import.spec.mjs': fixture('esm-import.fixture.mjs').replace(/__SIZE__/g, size),
  });
  mkdirSync(join(project.dir, 'markers'));
  return project;
}

function run(project: Project, args: readonly string[] = [], env: Record<string, string> = {}): Promise<MochaRun> {
  return runMocha(project.dir, {
    args: ['test/starts.spec.cjs', 'test/esm-import.spec.mjs', ...args],
    env: { MARKER_DIR: join(project.dir, 'markers'), ...env },
    timeoutMs: 60_000,
  });
}

const markers = (project: Project): string[] => readdirSync(join(project.dir, 'markers')).sort();
const ALL_MARKERS = [...STARTS, 'esmExecFileSync'].sort();

describe('the process guard on real Mocha [medium]', function () {
  this.timeout(180_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  for (const parallel of [false, true]) {
    it(`stops every way a small test starts a process, before the process exists${parallel ? ', under --parallel' : ''}`, async () => {
      project = startsProject('small');
      const result = await run(project, parallel ? ['--parallel', '--jobs', '2'] : []);
      assert.ok(result.json, result.stderr);
      assert.equal(result.json.stats.passes, 0, result.stdout);
      assert.equal(result.json.stats.failures, ALL_MARKERS.length, result.stdout);
      for (const failure of result.json.failures) {
        const message = failure.err.message ?? '';
        assert.match(message, /Violation: Subprocess attempted/, failure.title);
        assert.match(message, /Attempted subprocess: .*node/, failure.title);
        assert.match(message, /At: test\/(starts\.spec\.cjs|esm-import\.spec\.mjs):\d+:\d+/, failure.title);
        assert.match(message, /troubleshooting\.md#subprocesses/, failure.title);
      }
      const spawn = result.json.failures.find((f) => f.title === 'spawn of node -e');
      assert.match(spawn?.err.message ?? '', /Attempted subprocess: node -e "require\('fs'\)\.writeFileSync/);
      assert.deepEqual(markers(project), [], 'a child process ran');
      assert.match(result.stderr, /Subprocess\s+9 /);
    });
  }

  it('writes the subprocess violations to the JSON report, valid against the shipped schema, and annotates them', async () => {
    project = startsProject('small');
    // The annotations follow Mocha's JSON on stdout, so the report file is what is read here.
    const result = await run(project, ['--hermetic-report=report.json'], { GITHUB_ACTIONS: 'true' });
    const report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as {
      violations: { kind: string; group: string; command?: string }[];
    };
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, report), ajv.errorsText());
    assert.equal(report.violations.length, ALL_MARKERS.length);
    assert.ok(
      report.violations.every(
        (v) => v.kind === 'subprocess' && v.group === 'Subprocess' && /(child\.cjs|writeFileSync)/.test(v.command ?? ''),
      ),
    );
    assert.match(
      result.stdout + result.stderr,
      /^::error file=test\/starts\.spec\.cjs,line=\d+,col=\d+,title=hermetic%3A SMALL test blocked::.*: subprocess node /m,
    );
  });

  for (const size of ['medium', 'large']) {
    it(`lets a ${size} test start each of them for real`, async () => {
      project = startsProject(size);
      const result = await run(project);
      assert.ok(result.json, result.stderr);
      assert.equal(result.json.stats.failures, 0, JSON.stringify(result.json.failures, null, 2));
      assert.deepEqual(markers(project), ALL_MARKERS);
      assert.match(result.stderr, /Violations: none/);
    });
  }

  it('in warn mode starts the process and says the test would fail under strict', async () => {
    project = startsProject('small', { hermetic: { enforcement: 'warn' } });
    const result = await run(project);
    assert.ok(result.json, result.stderr);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json.stats.passes, ALL_MARKERS.length);
    assert.deepEqual(markers(project), ALL_MARKERS);
    const warnings = result.stderr.match(/^Subprocess violation \(hermetic, enforcement: warn\)$/gm) ?? [];
    assert.equal(warnings.length, ALL_MARKERS.length, result.stderr);
    assert.match(
      result.stderr,
      /Attempted subprocess: node "?[^\n]*child\.cjs"? execFileSync\n {2}At: test\/starts\.spec\.cjs:\d+:\d+\n {2}It was started anyway; under enforcement: strict it is stopped/,
    );
    assert.match(result.stderr, /9 tests would fail under strict enforcement\./);
  });

  it('suggests at least medium for a test that starts a process, in suggest mode', async () => {
    project = startsProject('small');
    const result = await runMocha(project.dir, {
      args: ['test/starts.spec.cjs', '--hermetic-suggest', '--grep', 'execSync|spawn of node'],
      env: { MARKER_DIR: join(project.dir, 'markers') },
      timeoutMs: 60_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const section = result.stderr.slice(result.stderr.indexOf('Size suggestions'));
    assert.match(section, /Size suggestions \(2 tests;/, result.stderr);
    assert.match(section, /execSync\n\s+\[small\] -> \[medium\]\s+\(started a subprocess: .*node.*child\.cjs/, section);
    assert.match(section, /spawn of node -e\n\s+\[small\] -> \[medium\]\s+\(started a subprocess: node -e /, section);
  });

  it('with enforcement off starts everything and reports nothing', async () => {
    project = startsProject('small', { hermetic: { enforcement: 'off' } });
    const result = await run(project);
    assert.ok(result.json, result.stderr);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(markers(project), ALL_MARKERS);
    assert.doesNotMatch(result.stderr, /violation/i);
  });
});

describe('worker threads on real Mocha [medium]', function () {
  this.timeout(120_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  async function runWorker(size: string): Promise<{ result: MochaRun; ran: boolean }> {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/worker.spec.cjs': fixture('worker.fixture.cjs').replace(/__SIZE__/g, size),
    });
    mkdirSync(join(project.dir, 'markers'));
    const result = await runMocha(project.dir, { args: ['test/worker.spec.cjs'], env: { MARKER_DIR: join(project.dir, 'markers') } });
    return { result, ran: existsSync(join(project.dir, 'markers', 'worker')) };
  }

  it('stops a small test’s Worker before its thread starts', async () => {
    const { result, ran } = await runWorker('small');
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.failures, 1);
    const message = result.json.failures[0]!.err.message ?? '';
    assert.match(message, /Violation: Worker thread attempted/);
    assert.match(message, /At: test\/worker\.spec\.cjs:\d+:\d+/);
    assert.match(message, /troubleshooting\.md#worker-threads/);
    assert.equal(ran, false, 'the worker thread ran');
    assert.match(result.stderr, /Threads\s+1 /);
  });

  it('lets a small test call module.register, whose hooks thread Node starts for itself', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/loader-hooks.spec.mjs': fixture('loader-hooks.fixture.mjs'),
    });
    const result = await runMocha(project.dir, { args: ['test/loader-hooks.spec.mjs'] });
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.passes, 1, JSON.stringify(result.json.failures, null, 2));
    assert.match(result.stderr, /Violations: none/);
  });

  it('lets a medium test’s Worker run', async () => {
    const { result, ran } = await runWorker('medium');
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.failures, 0, JSON.stringify(result.json.failures, null, 2));
    assert.equal(ran, true);
  });
});
