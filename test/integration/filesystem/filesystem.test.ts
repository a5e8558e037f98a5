import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { createProject, type MochaRun, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const OPERATION_TESTS = 19;
/** What each write, create, delete, rename and copy would leave under work/ if it ran. */
const LEFT_BY_WRITES = ['out/report.csv', 'made', 'renamed.txt', 'copied.txt', 'streamed.txt', 'constructed.txt', 'opened.txt', 'esm.txt'];

/** A project whose tests each do one kind of file operation under work/, at `size`. */
function operationsProject(size: string, config: Record<string, unknown> = {}): Project {
  return createProject({
    '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', ...config }),
    'test/operations.spec.cjs': fixture('operations.fixture.cjs').replace(/__SIZE__/g, size),
    'test/esm-import.spec.mjs': fixture('esm-import.fixture.mjs').replace(/__SIZE__/g, size),
    'work/existing.txt': 'original',
    'work/moving.txt': 'moving',
    'work/doomed.txt': 'delete me',
    'work/doomed-too.txt': 'delete me too',
    'work/out/.keep': '',
  });
}

const run = (project: Project, args: readonly string[] = [], env: Record<string, string> = {}): Promise<MochaRun> =>
  runMocha(project.dir, { args: ['test/operations.spec.cjs', 'test/esm-import.spec.mjs', ...args], env, timeoutMs: 60_000 });

const inWork = (project: Project, name: string): string => join(project.dir, 'work', name);

/** Every operation ran: the writes left their files, the deletes removed theirs. */
function assertOperationsRan(project: Project): void {
  for (const name of LEFT_BY_WRITES) assert.ok(existsSync(inWork(project, name)), `${name} was not written`);
  assert.ok(!existsSync(inWork(project, 'doomed.txt')) && !existsSync(inWork(project, 'doomed-too.txt')));
}

describe('the filesystem guard on real Mocha [medium]', function () {
  this.timeout(180_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  it('stops every kind of file operation a small test makes before it happens, with the box', async () => {
    project = operationsProject('small');
    const result = await run(project);
    assert.ok(result.json, result.stderr);
    assert.equal(result.json.stats.passes, 0, result.stdout);
    assert.equal(result.json.stats.failures, OPERATION_TESTS, result.stdout);
    for (const failure of result.json.failures) {
      const message = failure.err.message ?? '';
      assert.match(message, /Violation: Filesystem access attempted/, failure.title);
      assert.match(message, /Attempted (read|write|create|delete|rename|copy|list|stat|watch) of: work[/\n]/, failure.title);
      // A stream built with `new` opens its file a tick later, with no frame of the test left: the box names the test's file.
      const at =
        failure.title === 'new fs.WriteStream'
          ? /At: test\/operations\.spec\.cjs\n/
          : /At: test\/(operations\.spec\.cjs|esm-import\.spec\.mjs):\d+:\d+/;
      assert.match(message, at, failure.title);
      assert.match(message, /Embed a read-only fixture with require or import/, failure.title);
      assert.match(message, /troubleshooting\.md#files/, failure.title);
    }
    const box = (title: string): string => result.json?.failures.find((f) => f.title === title)?.err.message ?? '';
    assert.match(box('writeFile callback'), /Attempted write of: work\/out\/report\.csv\n/);
    assert.match(box('renameSync'), /Attempted rename of: work\/moving\.txt to work\/renamed\.txt/);
    assert.match(box('readdir callback'), /Attempted list of: work\n/);
    assert.match(box('watch'), /Attempted watch of: work\n/);
    assert.match(box('createReadStream'), /Attempted read of: work\/existing\.txt/);
    assert.match(box('new fs.WriteStream'), /Attempted write of: work\/constructed\.txt/);
    assert.match(box('fs/promises open for writing'), /Attempted write of: work\/opened\.txt/);
    for (const name of LEFT_BY_WRITES) assert.ok(!existsSync(inWork(project, name)), `${name} was written`);
    assert.equal(readFileSync(inWork(project, 'existing.txt'), 'utf8'), 'original');
    assert.ok(existsSync(inWork(project, 'moving.txt')), 'the file was renamed');
    assert.ok(existsSync(inWork(project, 'doomed.txt')) && existsSync(inWork(project, 'doomed-too.txt')), 'a file was deleted');
    assert.match(result.stderr, /Filesystem\s+19 /);
  });

  it('reaches named imports bound before hermetic loaded, by an ES module required ahead of it', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: ['./early.mjs', 'hermetic/mocha'] }),
      // The binding is live: calling through it after hermetic loaded must reach the guarded function.
      'early.mjs': "import { writeFileSync } from 'node:fs';\nglobalThis.writeEarly = (...args) => writeFileSync(...args);\n",
      'test/early.spec.cjs':
        "describe('early binding [small]', () => { it('writes', () => globalThis.writeEarly('work/early.txt', 'x')); });\n",
      'work/.keep': '',
    });
    const result = await runMocha(project.dir, { args: ['test/early.spec.cjs'], timeoutMs: 60_000 });
    assert.equal(result.json?.stats.failures, 1, result.stdout + result.stderr);
    assert.match(result.json!.failures[0]!.err.message ?? '', /Attempted write of: work\/early\.txt/);
    assert.ok(!existsSync(inWork(project, 'early.txt')), 'the file was written');
  });

  it('under warn lets each operation happen, with a warning line', async () => {
    project = operationsProject('small', { hermetic: { enforcement: 'warn' } });
    const result = await run(project);
    assert.equal(result.json?.stats.passes, OPERATION_TESTS, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      /^Filesystem violation \(hermetic, enforcement: warn\)\n {2}Test: .*writeFile callback\n {2}Category: SMALL\n {2}Attempted write of: work\/out\/report\.csv/m,
    );
    assert.match(result.stderr, /The file was touched anyway; under enforcement: strict it is stopped/);
    assertOperationsRan(project);
    assert.equal(readFileSync(inWork(project, 'existing.txt'), 'utf8'), 'originalappended');
  });

  it('under off patches nothing', async () => {
    project = operationsProject('small', { hermetic: { enforcement: 'off' } });
    const result = await run(project);
    assert.equal(result.json?.stats.passes, OPERATION_TESTS, result.stdout + result.stderr);
    assert.doesNotMatch(result.stderr, /Filesystem/);
    assertOperationsRan(project);
  });

  for (const size of ['medium', 'large']) {
    it(`leaves ${size} tests alone`, async () => {
      project = operationsProject(size);
      const result = await run(project);
      assert.equal(result.json?.stats.passes, OPERATION_TESTS, result.stdout + result.stderr);
      assert.doesNotMatch(result.stderr, /Filesystem (violation|\s+\d)/);
      assertOperationsRan(project);
    });
  }

  it('writes the filesystem violations to the JSON report, valid against the shipped schema, and annotates them', async () => {
    project = operationsProject('small');
    const result = await run(project, ['--hermetic-report=report.json'], { GITHUB_ACTIONS: 'true' });
    const report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as {
      violations: { kind: string; group: string; operation?: string; path?: string }[];
    };
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, report), ajv.errorsText());
    assert.equal(report.violations.length, OPERATION_TESTS);
    assert.ok(report.violations.every((v) => v.kind === 'filesystem' && v.group === 'Filesystem' && v.path?.startsWith('work')));
    assert.match(
      result.stdout + result.stderr,
      /^::error file=test\/operations\.spec\.cjs,line=\d+,col=\d+,title=hermetic%3A SMALL test blocked::.*: file write of work\/out\/report\.csv$/m,
    );
  });

  it('suggests medium for a test that touched files', async () => {
    project = operationsProject('small');
    const result = await run(project, ['--hermetic-suggest']);
    assert.match(result.stderr, /writeFile callback[^\n]*\n?[^\n]*medium[^\n]*touched files: write of work\/out\/report\.csv/);
  });
});

describe('what the filesystem guard never reports [medium]', function () {
  this.timeout(180_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  const notTheTest = (): Project =>
    createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', spec: 'test/*.spec.cjs' }),
      'test/not-the-test.spec.cjs': fixture('not-the-test.fixture.cjs'),
      'test/data.json': JSON.stringify({ name: 'fixture' }),
      'test/other.json': JSON.stringify({ other: true }),
      'test/helper.cjs': 'exports.twice = (n) => n * 2;\n',
      'test/helper.mjs': 'export const thrice = (n) => n * 3;\n',
    });

  it('module loading, stack formatting and writes to its own output, in small tests', async () => {
    project = notTheTest();
    const result = await runMocha(project.dir, { timeoutMs: 60_000 });
    assert.equal(result.json?.stats.passes, 4, result.stdout + result.stderr);
    assert.doesNotMatch(result.stderr, /Filesystem/);
  });

  it('the same under c8', async () => {
    project = notTheTest();
    const c8 = join(PACKAGE_ROOT, 'node_modules', 'c8', 'bin', 'c8.js');
    const result = await runMocha(project.dir, { wrapper: [process.execPath, c8, '--reporter=json-summary'], timeoutMs: 90_000 });
    assert.equal(result.json?.stats.passes, 4, result.stdout + result.stderr);
    assert.doesNotMatch(result.stderr, /Filesystem/);
    assert.ok(existsSync(join(project.dir, 'coverage', 'coverage-summary.json')), 'c8 wrote no coverage');
  });

  for (const [loader, requires] of [
    ['tsx', '[tsx/cjs, hermetic/mocha]'],
    ['ts-node', '[ts-node/register, hermetic/mocha]'],
  ] as const) {
    it(`TypeScript through ${loader}, with its source maps read while a stack is formatted`, async () => {
      project = createProject({
        // ts-node type-checks the module the test requires, reading the compiler's own files inside the test: that takes
        // longer than a small test's second on a busy machine, and time is not what this run is about.
        '.mocharc.yml': `require: ${requires}\nextension: [ts]\nspec: test/*.spec.ts\nhermetic:\n  timeouts:\n    small: 60s\n`,
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'commonjs', target: 'es2022', strict: true, sourceMap: true, types: ['mocha', 'node'] },
        }),
        'test/stack.spec.ts': fixture('ts-stack.fixture.ts'),
        'test/helper-ts.ts': 'export const twice = (n: number): number => n * 2;\n',
      });
      const result = await runMocha(project.dir, { timeoutMs: 90_000 });
      assert.equal(result.json?.stats.passes, 1, result.stdout + result.stderr);
      assert.doesNotMatch(result.stderr, /Filesystem/);
    });
  }
});
