import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { diffLines } from 'diff';
import { createProject, PACKAGE_ROOT, type Project, runMocha } from '../../helpers/run-mocha';
import { LEGACY_SUITE } from './tag-fixtures';

/** Runs the packed package's `hermetic` bin, as `npx hermetic` does. */
function hermetic(dir: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = join(dir, 'node_modules', 'hermetic', 'cjs', 'cli.js');
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function git(dir: string, args: string[], input?: string): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'core.autocrlf=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    ...(input === undefined ? {} : { input }),
  });
}

const TEST_FILES = Object.keys(LEGACY_SUITE).filter((f) => f.startsWith('test/'));

function readFiles(dir: string): Record<string, string> {
  return Object.fromEntries(TEST_FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

/** Lines `tag` may add whole: a size decorator, or the import of one. */
const ADDED_LINE = /^([ \t]*@(Small|Medium|Large|XLarge)|import \{ (Small|Medium) \} from 'hermetic';)\r?$/;

/** A changed line as it was before `tag` inserted a title tag, or a decorator's name into an import. */
function withoutInsertions(line: string): string {
  return line.replace(/ \[(small|medium|large|xlarge)\](?=['"`])/g, '').replace(/, (Small|Medium) \}/, ' }');
}

/** The lines `tag` changed beyond what it may insert: removed lines must come back with insertions only, added ones be whole insertions. */
function changesBeyondTags(before: string, after: string): string[] {
  const wrong: string[] = [];
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) continue;
    const lines = (p: { value: string }) => p.value.split('\n').filter((l, n, all) => n < all.length - 1 || l !== '');
    if (part.added) {
      wrong.push(...lines(part).filter((l) => !ADDED_LINE.test(l)));
      continue;
    }
    const next = parts[i + 1]?.added ? parts[++i]! : { value: '' };
    const replaced = lines(next).filter((l) => !ADDED_LINE.test(l));
    const removed = lines(part);
    if (replaced.length !== removed.length) wrong.push(...removed);
    else {
      for (const [n, line] of removed.entries()) if (withoutInsertions(replaced[n]!) !== line) wrong.push(`${line} -> ${replaced[n]}`);
    }
  }
  return wrong;
}

describe('npx hermetic tag [medium]', function () {
  this.timeout(180_000);
  let project: Project;
  let original: Record<string, string>;
  let report: Record<string, any>;

  before(async () => {
    project = createProject(LEGACY_SUITE);
    git(project.dir, ['init', '-q']);
    git(project.dir, ['add', '-A']);
    git(project.dir, ['commit', '-qm', 'legacy suite']);
    original = readFiles(project.dir);
    const run = await runMocha(project.dir, { args: ['--hermetic-suggest', '--hermetic-report=report.json'], timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    report = JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')) as Record<string, any>;
  });
  after(() => project.remove());

  it('the suggest report says where each title is, TypeScript in TypeScript lines, and matches the schema', () => {
    const schema = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'report.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, report), ajv.errorsText());
    assert.equal(report.version, 2);
    const where = (id: string) => report.titles.find((t: any) => t.id === id);
    const socketLine = original['test/unit/parser.spec.ts']!.split('\n').findIndex((l) => l.includes("it('reads from a local socket'")) + 1;
    assert.deepEqual(pick(where('test/unit/parser.spec.ts > json parser > reads from a local socket')), {
      kind: 'test',
      line: socketLine,
      column: 3,
      declared: null,
      fits: 'medium',
      durationOnly: false,
    });
    assert.deepEqual(pick(where('test/integration/store.spec.mjs > store')), {
      kind: 'suite',
      line: 4,
      column: 1,
      fits: 'medium',
      durationOnly: false,
    });
    assert.equal(where('test/unit/api.spec.js > api client > accepts GET').line, 16);
  });

  it('--dry-run prints a diff that git apply accepts, changes nothing, and yields the files a real run writes', () => {
    const dry = hermetic(project.dir, ['tag', '--from', 'report.json', '--dry-run']);
    assert.equal(dry.status, 0, dry.stderr);
    assert.deepEqual(readFiles(project.dir), original, '--dry-run changed a file');
    assert.match(
      dry.stderr,
      /^hermetic tag: test\/unit\/api\.spec\.js:16: `accepts \$\{method\}` is built at run time, so it cannot be tagged here: write \[small\] into its fixed text by hand$/m,
    );
    assert.match(dry.stderr, /^hermetic tag: would size 4 suites and 6 tests in 6 files \(dry run: nothing changed\)$/m);
    git(project.dir, ['apply', '--whitespace=nowarn', '-'], dry.stdout);
    const applied = readFiles(project.dir);
    git(project.dir, ['checkout', '-q', '--', 'test']);

    const real = hermetic(project.dir, ['tag', '--from', 'report.json']);
    assert.equal(real.status, 0, real.stderr);
    assert.match(real.stderr, /^hermetic tag: sized 4 suites and 6 tests in 6 files$/m);
    assert.deepEqual(readFiles(project.dir), applied);
  });

  it('changes nothing but the inserted tags, decorators and the import of a decorator', () => {
    const tagged = readFiles(project.dir);
    for (const file of TEST_FILES)
      assert.deepEqual(changesBeyondTags(original[file]!, tagged[file]!), [], `${file} changed beyond its tags`);
    const added = git(project.dir, ['diff', '-U0', '--no-color', '--', 'test'])
      .split('\n')
      .filter((l) => l.startsWith('+') && !l.startsWith('+++'))
      .map((l) => l.replace(/\r$/, ''));
    assert.deepEqual(added, [
      "+import { Small, Medium } from 'hermetic';",
      '+  @Medium',
      "+describe('store [medium]', function () {",
      "+  it('builds a url [small]', () => {});",
      "+  it('talks to the local server [medium]', (done) => {",
      "+  it('waits for the debounce [medium]', (done) => setTimeout(done, 600));",
      "+  describe('methods [small]', () => {",
      "+import { Small } from 'hermetic';",
      '+@Small',
      "+describe('orders [small]', () => {",
      "+  it('reads a list [small]', () => {",
      "+  it('reads from a local socket [medium]', async () => {",
    ]);
    assert.ok(
      tagged['test/unit/api.spec.js']!.split('\n')
        .slice(0, -1)
        .every((l) => l.endsWith('\r')),
      'CRLF line endings were kept',
    );
  });

  it('then passes in strict mode, every test at its size', async () => {
    const run = await runMocha(project.dir, { args: ['--hermetic-report=strict.json'], timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.json?.stats.failures, 0);
    assert.equal(run.json?.stats.passes, 18);
    const strict = JSON.parse(readFileSync(join(project.dir, 'strict.json'), 'utf8')) as Record<string, any>;
    assert.equal(strict.run.enforcement, 'strict');
    assert.deepEqual(strict.violations, []);
    const sizes = Object.fromEntries(strict.tests.map((t: any) => [t.id.replace(/ \[(small|medium)\]/g, ''), t.size]));
    assert.deepEqual(sizes, {
      'test/integration/registry.spec.ts > Registry > listsNames': 'small',
      'test/integration/registry.spec.ts > Registry > pingsTheLocalRegistry': 'medium',
      'test/integration/store.spec.mjs > store > reads a record': 'medium',
      'test/integration/store.spec.mjs > store > parses a record': 'medium',
      'test/unit/api.spec.js > api client > builds a url': 'small',
      'test/unit/api.spec.js > api client > talks to the local server': 'medium',
      'test/unit/api.spec.js > api client > waits for the debounce': 'medium',
      'test/unit/api.spec.js > api client > accepts GET': null,
      'test/unit/api.spec.js > api client > accepts POST': null,
      'test/unit/api.spec.js > api client > methods > sends PUT': 'small',
      'test/unit/api.spec.js > api client > methods > sends DELETE': 'small',
      'test/unit/invoice.spec.ts > InvoiceTotals > sumsLines': 'small',
      'test/unit/invoice.spec.ts > InvoiceTotals > rounds to cents': 'small',
      'test/unit/orders.spec.js > orders > totals the lines': 'small',
      'test/unit/orders.spec.js > orders > handles an empty cart': 'small',
      'test/unit/orders.spec.js > orders > discounts > applies 10%': 'small',
      'test/unit/parser.spec.ts > json parser > reads a list': 'small',
      'test/unit/parser.spec.ts > json parser > reads from a local socket': 'medium',
    });
  });

  it('run again on the tagged files, with the same report or a new suggest run, changes nothing', async () => {
    const tagged = readFiles(project.dir);
    const again = hermetic(project.dir, ['tag', '--from', 'report.json']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /^hermetic tag: nothing to change: every title found already has its size$/m);
    assert.deepEqual(readFiles(project.dir), tagged);

    const run = await runMocha(project.dir, { args: ['--hermetic-suggest', '--hermetic-report=report-2.json'], timeoutMs: 120_000 });
    assert.equal(run.code, 0, run.stderr);
    const fresh = hermetic(project.dir, ['tag', '--from', 'report-2.json', '--dry-run']);
    assert.equal(fresh.status, 0, fresh.stderr);
    assert.equal(fresh.stdout, '');
    assert.deepEqual(readFiles(project.dir), tagged);
  });

  it('a report from another checkout names the titles it cannot find, changes nothing there, and exits 1', () => {
    const other = createProject({
      ...LEGACY_SUITE,
      'test/unit/orders.spec.js': LEGACY_SUITE['test/unit/orders.spec.js']!.replace("describe('orders'", "describe('order totals'"),
      'report.json': JSON.stringify(report),
    });
    try {
      rmSync(join(other.dir, 'test', 'unit', 'parser.spec.ts'));
      const before = readFileSync(join(other.dir, 'test/unit/orders.spec.js'), 'utf8');
      const run = hermetic(other.dir, ['tag', '--from', 'report.json', 'test/unit/orders.spec.js', 'test/unit/parser.spec.ts']);
      assert.equal(run.status, 1);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^hermetic tag: test\/unit\/orders\.spec\.js: a title of the report is not in this file \(suite "orders" at line 4\); the file changed since the suggest run, or the report comes from another checkout: run the suggest run again here; nothing in it was changed$/m,
      );
      assert.match(
        run.stderr,
        /^hermetic tag: test\/unit\/parser\.spec\.ts: no such file here; the report comes from another checkout, or the file moved: run the suggest run again here$/m,
      );
      assert.equal(readFileSync(join(other.dir, 'test/unit/orders.spec.js'), 'utf8'), before);
    } finally {
      other.remove();
    }
  });

  it('says in one line what is wrong with how it was called, exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['tag'], /^hermetic tag: name the report to read: --from report\.json/],
      [['tag', '--from', 'nowhere.json'], /^hermetic tag: cannot read the report .*nowhere\.json: no such file; run the suite once with/],
      [
        ['tag', '--from', 'strict.json'],
        /^hermetic tag: .*strict\.json comes from a run without suggest mode, so it has no sizes to write/,
      ],
      [['tag', '--from', 'report.json', '--force'], /^hermetic tag: unknown option --force; the options are --from, --dry-run, --lower/],
    ];
    writeFileSync(
      join(project.dir, 'strict.json'),
      JSON.stringify({ ...report, run: { ...report.run, config: { ...report.run.config, suggest: false } } }),
    );
    for (const [args, message] of cases) {
      const run = hermetic(project.dir, args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, message);
    }
  });
});

function pick(title: any): Record<string, unknown> {
  const { kind, line, column, declared, fits, durationOnly } = title;
  return Object.fromEntries(Object.entries({ kind, line, column, declared, fits, durationOnly }).filter(([, v]) => v !== undefined));
}
