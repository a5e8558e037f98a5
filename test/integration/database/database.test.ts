import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { Module } from '../../../src/node-module';
import { createProject, type MochaRun, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';

const fixture = (name: string): string => readFileSync(join(__dirname, 'fixtures', name), 'utf8');
const hasSqlite = Module.isBuiltin('node:sqlite');
/** Node 26 exports the class a second time, as `Database`; read from the version, since loading sqlite here warns on Node 22. */
const hasAlias = Number(process.versions.node.split('.')[0]) >= 26;

const OPENS: ReadonlyArray<readonly [title: string, database: string, call: string, file: string | undefined]> = [
  ['opens a file with new DatabaseSync', 'sqlite file test/fixtures/app.db', 'node:sqlite DatabaseSync', 'app.db'],
  ['opens :memory:', 'sqlite :memory:', 'node:sqlite DatabaseSync', undefined],
  ['opens a file later with open()', 'sqlite file test/fixtures/later.db', 'node:sqlite DatabaseSync#open', 'later.db'],
  ['opens a file through process.getBuiltinModule', 'sqlite file test/fixtures/builtin.db', 'node:sqlite DatabaseSync', 'builtin.db'],
  ...(hasAlias
    ? [['opens a file through the Database alias', 'sqlite file test/fixtures/alias.db', 'node:sqlite DatabaseSync', 'alias.db'] as const]
    : []),
  ['opens a file with an imported DatabaseSync', 'sqlite file test/fixtures/esm.db', 'node:sqlite DatabaseSync', 'esm.db'],
  [
    'opens a file after importing node:sqlite in the test',
    'sqlite file test/fixtures/dynamic.db',
    'node:sqlite DatabaseSync',
    'dynamic.db',
  ],
  ['opens a file after requiring node:sqlite in the test', 'sqlite file test/fixtures/lazy.db', 'node:sqlite DatabaseSync', 'lazy.db'],
];
const SPECS = ['opens.spec.cjs', 'esm-opens.spec.mjs', 'dynamic-open.spec.mjs', 'lazy-require.spec.cjs'];

/** A project whose tests open node:sqlite databases in every way, at `size`, each under test/fixtures/. */
function opensProject(size: string, config: Record<string, unknown> = {}): Project {
  const files: Record<string, string> = { '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', ...config }) };
  for (const spec of SPECS) files[`test/${spec}`] = fixture(spec.replace('.spec.', '.fixture.')).replace(/__SIZE__/g, size);
  const project = createProject(files);
  mkdirSync(join(project.dir, 'test', 'fixtures'));
  return project;
}

/** Each spec file in a run of its own: a named ESM import binds when its file links, as it does when a suite has one file. */
async function runEach(project: Project, args: readonly string[] = []): Promise<MochaRun[]> {
  const runs: MochaRun[] = [];
  for (const spec of SPECS) runs.push(await runMocha(project.dir, { args: [`test/${spec}`, ...args] }));
  return runs;
}

const created = (project: Project): string[] => readdirSync(join(project.dir, 'test', 'fixtures')).sort();

describe('the database guard on real Mocha [medium]', function () {
  this.timeout(180_000);
  let project: Project | undefined;
  afterEach(() => project?.remove());

  if (hasSqlite) {
    it('stops every way a small test opens node:sqlite before the database exists, :memory: included', async () => {
      project = opensProject('small');
      const runs = await runEach(project);
      const failures = runs.flatMap((run) => {
        assert.ok(run.json, run.stderr);
        assert.doesNotMatch(run.stderr, /Database violation/);
        return run.json.failures;
      });
      assert.deepEqual(failures.map((f) => f.title).sort(), OPENS.map(([title]) => title).sort());
      for (const [title, database, call] of OPENS) {
        const message = failures.find((f) => f.title === title)?.err.message ?? '';
        assert.match(message, /Violation: Database access attempted/, title);
        assert.ok(message.includes(`Details:\nAttempted database open: ${database}\nThrough: ${call}\nAt: test/`), `${title}:\n${message}`);
        assert.match(message, /fake repository/, title);
        assert.match(message, /troubleshooting\.md#embedded-databases/, title);
      }
      assert.deepEqual(created(project), [], 'a database file was created');
    });

    it('lets the opens go ahead in warn mode, with one greppable warning each', async () => {
      project = opensProject('small', { hermetic: { enforcement: 'warn' } });
      const runs = await runEach(project);
      const warnings = runs.map((run) => run.stderr.match(/^Database violation \(hermetic, enforcement: warn\)$/gm)?.length ?? 0);
      assert.equal(
        warnings.reduce((a, b) => a + b, 0),
        OPENS.length,
        runs.map((r) => r.stderr).join('\n'),
      );
      for (const run of runs) assert.equal(run.json?.stats.failures, 0, run.stdout);
      const files = OPENS.flatMap(([, , , file]) => (file ? [file] : [])).sort();
      assert.deepEqual(created(project), files);
    });

    for (const size of ['medium', 'large']) {
      it(`leaves ${size} tests to open databases`, async () => {
        project = opensProject(size);
        for (const run of await runEach(project)) assert.equal(run.json?.stats.failures, 0, run.stdout);
        assert.ok(existsSync(join(project.dir, 'test', 'fixtures', 'app.db')));
      });
    }

    it('patches nothing under enforcement: off', async () => {
      project = opensProject('small', { hermetic: { enforcement: 'off' } });
      const runs = await runEach(project);
      for (const run of runs) {
        assert.equal(run.json?.stats.failures, 0, run.stdout);
        assert.doesNotMatch(run.stderr, /Database violation/);
      }
      assert.ok(existsSync(join(project.dir, 'test', 'fixtures', 'app.db')));
    });

    it('writes the opens to the JSON report, valid against the shipped schema', async () => {
      project = opensProject('small', { hermetic: { report: 'report.json' } });
      await runMocha(project.dir, { args: ['test/opens.spec.cjs'] });
      const report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as {
        violations: Array<Record<string, unknown>>;
        run: { config: Record<string, unknown> };
      };
      const ajv = new Ajv({ allErrors: true, strict: true });
      addFormats(ajv);
      assert.ok(
        ajv.validate(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object, report),
        ajv.errorsText(),
      );
      const memory = report.violations.find((v) => v.database === 'sqlite :memory:')!;
      assert.deepEqual(
        [memory.kind, memory.group, memory.call, memory.callSite],
        ['database', 'Database', 'node:sqlite DatabaseSync', 'test/opens.spec.cjs:12:5'],
      );
    });
  } else {
    it('on a Node without node:sqlite, leaves loading it to fail as it does without hermetic', async () => {
      project = createProject({
        '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
        'test/node20.spec.cjs': fixture('node20.fixture.cjs'),
      });
      const run = await runMocha(project.dir);
      assert.equal(run.json?.stats.passes, 1, run.stdout);
    });
  }

  it('never loads node:sqlite for a suite that does not, so Node prints no ExperimentalWarning', async () => {
    project = createProject({
      '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha' }),
      'test/untouched.spec.cjs': fixture('untouched.fixture.cjs'),
      'test/esm-sleep.spec.mjs':
        "import { setTimeout } from 'node:timers/promises';\ndescribe('esm [small]', () => { it('yields', () => setTimeout(1)); });\n",
    });
    const run = await runMocha(project.dir);
    assert.equal(run.json?.stats.passes, 2, run.stdout);
    assert.doesNotMatch(run.stderr, /ExperimentalWarning/);
  });
});
