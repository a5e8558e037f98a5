import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project, runMocha } from '../../helpers/run-mocha';

/** A suite whose pyramid is all small: off target, so `distribution: strict` fails it unless the run is a shard. */
const SUITE = {
  '.mocharc.json': JSON.stringify({ require: 'hermetic/mocha', hermetic: { distribution: 'strict', report: 'report.json' } }),
  'test/a.spec.js': "describe('A [small]', () => { it('adds', () => {}); it('subtracts', () => {}); });\n",
};

describe('the shard option and the CI variables [medium]', function () {
  this.timeout(120_000);
  let project: Project;
  before(() => {
    project = createProject(SUITE);
  });
  after(() => project.remove());

  const shardOf = (): unknown => JSON.parse(readFileSync(join(project.dir, 'report.json'), 'utf8')).run.shard;

  it('fails a whole run on distribution: strict, but not a shard, whose report names it', async () => {
    const whole = await runMocha(project.dir);
    assert.equal(whole.code, 1, whole.stderr);
    assert.match(whole.stderr, /^hermetic: the test pyramid is outside its targets/m);
    assert.equal(shardOf(), undefined);
    const shard = await runMocha(project.dir, { args: ['--hermetic-shard=2/5'] });
    assert.equal(shard.code, 0, shard.stderr);
    assert.match(shard.stderr, /^ {2}This is shard 2\/5: the pyramid is judged when the shards are merged \(distribution: strict\)\.$/m);
    assert.deepEqual(shardOf(), { index: 2, total: 5 });
  });

  it('reads CircleCI from 0 and GitLab from 1; the option wins, and a total of 1 is the whole suite', async () => {
    const cases: [Record<string, string>, string[], unknown][] = [
      [{ CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '3' }, [], { index: 1, total: 3 }],
      [{ CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' }, [], { index: 3, total: 3 }],
      [{ CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '3' }, ['--hermetic-shard=2/4'], { index: 2, total: 4 }],
      [{ CIRCLE_NODE_INDEX: '0', CIRCLE_NODE_TOTAL: '1' }, [], undefined],
    ];
    for (const [env, args, shard] of cases) {
      const run = await runMocha(project.dir, { env, args: ['--parallel', ...args] });
      assert.deepEqual(shardOf(), shard, `${JSON.stringify(env)} ${args.join(' ')}`);
      assert.equal(run.code, shard === undefined ? 1 : 0, run.stderr);
    }
  });

  for (const [what, env, args, message] of [
    [
      'an index past the total',
      {},
      ['--hermetic-shard=6/5'],
      /^hermetic: invalid shard "6\/5" in --hermetic-shard: the index must be from 1 to the total \(5\)/,
    ],
    ['an index of 0', { HERMETIC_SHARD: '0/5' }, [], /^hermetic: invalid shard "0\/5" in HERMETIC_SHARD: the index must be from 1/],
    [
      'a value that is not index/total',
      { HERMETIC_SHARD: 'two of five' },
      [],
      /^hermetic: invalid shard "two of five" in HERMETIC_SHARD: expected index\/total counted from 1, e\.g\. 2\/5/,
    ],
    [
      'CircleCI variables that are not numbers',
      { CIRCLE_NODE_INDEX: 'x', CIRCLE_NODE_TOTAL: '3' },
      [],
      /^hermetic: invalid shard in CIRCLE_NODE_INDEX=x and CIRCLE_NODE_TOTAL=3 \(CircleCI, counted from 0\): both must be whole numbers/,
    ],
    [
      'a GitLab index past its total',
      { CI_NODE_INDEX: '4', CI_NODE_TOTAL: '3' },
      [],
      /^hermetic: invalid shard "4\/3" in CI_NODE_INDEX=4 and CI_NODE_TOTAL=3 \(GitLab CI, counted from 1\)/,
    ],
  ] as const) {
    it(`stops on ${what} with one line and a non-zero exit`, async () => {
      const run = await runMocha(project.dir, { env: { ...env }, args: [...args] });
      assert.notEqual(run.code, 0);
      const lines = run.stderr.split('\n').filter((line) => line.startsWith('hermetic:'));
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});
