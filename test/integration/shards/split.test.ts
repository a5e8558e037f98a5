import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createProject, type Project } from '../../helpers/run-mocha';

/** Runs the packed package's `hermetic` bin in the project, as `npx hermetic` does. */
function hermetic(project: Project, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = join(project.dir, 'node_modules', 'hermetic', 'cjs', 'cli.js');
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: project.dir, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Nine spec files of different sizes in two folders, and a file that is not a spec. */
const FILES: Record<string, string> = Object.fromEntries([
  ...Array.from({ length: 6 }, (_, i) => [`test/unit/u${i}.spec.js`, `// ${'x'.repeat(100 * (i + 1))}\n`]),
  ...Array.from({ length: 3 }, (_, i) => [`test/api/a${i}.spec.js`, `// ${'y'.repeat(50 * (i + 1))}\n`]),
  ['test/helpers.txt', 'not a spec'],
]);
const SPECS = Object.keys(FILES)
  .filter((f) => f.endsWith('.spec.js'))
  .sort();

describe('npx hermetic split [medium]', function () {
  this.timeout(120_000);
  let project: Project;
  before(() => {
    project = createProject(FILES);
    // One slow file and eight quick ones, as an earlier run's report has them.
    const tests = SPECS.map((file) => ({
      id: `${file} > t`,
      file,
      size: 'small',
      state: 'passed',
      durationMs: file.endsWith('a0.spec.js') ? 9000 : 100,
    }));
    project.write('previous.json', JSON.stringify({ version: 2, tests }));
  });
  after(() => project.remove());

  const shardsOf = (total: number, extra: readonly string[]): string[][] =>
    Array.from({ length: total }, (_, i) => {
      const run = hermetic(project, ['split', '--shards', String(total), '--index', String(i + 1), ...extra]);
      assert.equal(run.status, 0, run.stderr);
      return run.stdout.split('\n').filter((line) => line !== '');
    });

  it('gives every spec file to exactly one shard, by file size or by durations, the same way each time', () => {
    const bySize = ['test/**/*.spec.js'];
    const byDuration = ['--from', 'previous.json', 'test/**/*.spec.js'];
    for (const [total, extra] of [
      [2, bySize],
      [4, bySize],
      [9, bySize],
      [2, byDuration],
      [4, byDuration],
    ] as const) {
      const shards = shardsOf(total, extra);
      assert.deepEqual(shards.flat().sort(), SPECS, `${total} shards, ${extra.join(' ')}`);
      assert.ok(shards.every((files) => files.length > 0));
    }
    assert.deepEqual(shardsOf(4, byDuration), shardsOf(4, byDuration), 'the same split again');
  });

  it('balances by the durations of an earlier report: the slow file has a shard to itself', () => {
    const shards = shardsOf(2, ['--from', 'previous.json', 'test/**/*.spec.js']);
    assert.ok(
      shards.some((files) => files.length === 1 && files[0] === 'test/api/a0.spec.js'),
      JSON.stringify(shards),
    );
  });

  it('takes folders and files as Mocha does', () => {
    const shards = shardsOf(2, ['test/api', 'test/unit/u0.spec.js']);
    assert.deepEqual(shards.flat().sort(), ['test/api/a0.spec.js', 'test/api/a1.spec.js', 'test/api/a2.spec.js', 'test/unit/u0.spec.js']);
  });

  for (const [args, message] of [
    [['--shards', '2', '--index', '0', 'test/**/*.spec.js'], /--index must be a whole number from 1 up, got "0"/],
    [['--shards', '2', '--index', '3', 'test/**/*.spec.js'], /--index 3 is past --shards 2/],
    [['--shards', '12', '--index', '1', 'test/**/*.spec.js'], /9 spec files cannot fill 12 shards: use at most 9 shards/],
    [['--index', '1'], /needs --shards N and --index I/],
    [['--shards', '2', '--index', '1', 'tests/**/*.js'], /no spec file matches "tests\/\*\*\/\*\.js"/],
    [['--shards', '2', '--index', '1', '--from', 'missing.json', 'test/unit'], /cannot read --from .*missing\.json: no such file/],
    [['--shards', '2', '--index', '1', '--form', 'previous.json'], /unknown option --form/],
  ] as const) {
    it(`says what is wrong with ${args.join(' ')} in one line, exit 2`, () => {
      const run = hermetic(project, ['split', ...args]);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^hermetic split: /);
      assert.match(run.stderr, message);
    });
  }
});
